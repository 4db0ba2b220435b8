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
            #expect(columns.years == [2009] && counts.years == [count])
            #expect(counts.topics.max() == count)
            work.append(counts.valuesRead)
        }
        #expect(work[1] == 2 * work[0], "work \(work)")
    }

    @Test("tags equal under NOCASE are one facet value, in their first binary spelling among the matches")
    func tagSpellings() throws {
        let kb = try TestKnowledgeBase()
        let tagged = ["Budžets, reforma", "budžets", "BUDŽETS, Zeme", "reforma", "zeme, Reforma"]
        for (index, tags) in tagged.enumerated() {
            let title = index == 2 ? "Pārskats \(index)" : "Piezīme \(index)"
            try kb.directory.write("n\(index).md", markdownNote(id: "n-\(index)", title: title)
                .replacingOccurrences(of: "tags: [reforma, novadi]", with: "tags: [\(tags)]"))
        }
        try kb.load([kb.directory.path])
        // NOCASE folds ASCII letters only: BUDŽETS is not Budžets (Ž is not ASCII), Zeme is zeme.
        // The most frequent first, then binary order.
        let all = try kb.knowledgeBase.matchSummary(filter: NoteStore.Filter()).facets.tags
        #expect(all.map(\.value) == ["Reforma", "Budžets", "Zeme", "BUDŽETS"])
        #expect(all.map(\.count) == [3, 2, 2, 1])
        // Only the matches' spellings are shown: without n-2 (not a "piezīme") Zeme is "zeme".
        let some = try kb.knowledgeBase.matchSummary(text: "piezīme").facets.tags
        #expect(some.map(\.value) == ["Reforma", "Budžets", "zeme"])
        #expect(some.map(\.count) == [3, 2, 1])
        #expect(try kb.knowledgeBase.matchSummary(filter: NoteStore.Filter(), facetLimit: 1).facets.tags.map(\.value) == ["Reforma"])
    }

    @Test("top keeps the first k in order without a full sort")
    func top() {
        var random = SplitMix64(seed: 11)
        let items = (0..<300).map { _ in random.next(below: 50) }
        for k in [0, 1, 5, 12, 400] {
            #expect(KnowledgeBase.top(k, of: items, by: >) == Array(items.sorted(by: >).prefix(k)))
        }
    }
}
