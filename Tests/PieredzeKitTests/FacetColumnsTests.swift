import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Facet columns: every note's facet values in memory, counted per match")
struct FacetColumnsTests {
    /// A knowledge base of `count` notes, each with one topic, two tags and one organization.
    static func knowledgeBase(notes count: Int) throws -> TestKnowledgeBase {
        let kb = try TestKnowledgeBase()
        for index in 0..<count {
            try kb.directory.write("n\(index).md", markdownNote(id: "piezime-\(index)", title: "Piezīme \(index)"))
        }
        try kb.load([kb.directory.path])
        return kb
    }

    @Test("counts equal the notes' own lists; the work doubles with the notes")
    func countsAndDoubling() throws {
        var work: [Int] = []
        for count in [40, 80] {
            let kb = try Self.knowledgeBase(notes: count)
            let columns = try FacetColumns(connection: kb.connection)
            let tree = try kb.knowledgeBase.topicTree()
            let indexOfID = Dictionary(uniqueKeysWithValues: tree.topics.enumerated().map { ($0.element.id, $0.offset) })
            var lineage: [Int64: [Int]] = [:]
            for topic in tree.topics { lineage[Int64(topic.id)] = ([topic] + tree.ancestors(of: topic)).compactMap { indexOfID[$0.id] } }
            let pks = try NoteStore(connection: kb.connection).notePKs(matching: NoteStore.Filter())
            let counts = columns.count(pks, topicCount: tree.topics.count, lineage: lineage)
            #expect(counts.total == count)
            #expect(columns.tags.sorted() == ["novadi", "reforma"])
            #expect(counts.tags == Array(repeating: count, count: 2))
            #expect(counts.organizations == [count])
            #expect(counts.years == [2009: count])
            #expect(counts.topics.max() == count)
            work.append(counts.valuesRead)
        }
        #expect(work[1] == 2 * work[0], "work \(work)")
    }
}
