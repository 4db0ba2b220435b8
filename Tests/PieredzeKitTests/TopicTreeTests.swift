import Foundation
import Testing
@testable import PieredzeKit

/// A chain of `count` topics, each the child of the one before; `reversed` lists children first.
private func chain(_ count: Int, reversed: Bool = false) -> [Topic] {
    let topics = (1...count).map { Topic(id: $0, slug: "t\($0)", nameLV: "T\($0)", nameEN: "T\($0)", parentID: $0 == 1 ? nil : $0 - 1) }
    return reversed ? topics.reversed() : topics
}

/// A complete binary tree of `count` topics (heap numbering: the parent of i is i / 2).
private func binaryTree(_ count: Int) -> [Topic] {
    (1...count).map { Topic(id: $0, slug: "b\($0)", nameLV: "B\($0)", nameEN: "B\($0)", parentID: $0 == 1 ? nil : $0 / 2) }
}

/// What `pieredze topics` printed before `TopicTree` (Sources/pieredze/Topics.swift): a query
/// per topic for the total, and a scan of the list per level for the depth. Kept here as the
/// reference `outline` must match byte for byte.
private func previousTopicsOutput(_ store: NoteStore, english: Bool) throws -> String {
    var output = ""
    let topics = try store.topics()
    let own = try store.noteCountsByTopic()
    func depth(_ topic: Topic) -> Int {
        var depth = 0
        var parent = topic.parentID
        while let id = parent { depth += 1; parent = topics.first { $0.id == id }?.parentID }
        return depth
    }
    for topic in topics {
        var filter = NoteStore.Filter()
        filter.topics = [topic.slug]
        let total = try store.notePKs(matching: filter).count
        let indent = String(repeating: "  ", count: depth(topic))
        let name = english ? topic.nameEN : topic.nameLV
        let direct = own[topic.id] ?? 0
        print("\(indent)\(topic.slug)  \(name)  (\(total)\(direct != total ? ", \(direct) directly" : ""))", to: &output)
    }
    return output
}

@Suite("Topic tree")
struct TopicTreeTests {
    @Test("depth, ancestors and subtree of a small tree")
    func shape() throws {
        let tree = TopicTree(topics: binaryTree(7))
        let leaf = try #require(tree.topic(slug: "b5"))
        #expect(tree.depth(of: leaf) == 2)
        #expect(tree.ancestors(of: leaf).map(\.slug) == ["b1", "b2"])
        #expect(tree.ancestors(of: try #require(tree.topic(id: 1))).isEmpty)
        #expect(tree.subtree(of: "b2")?.map(\.slug) == ["b2", "b4", "b5"])
        #expect(try tree.subtreeIDs(of: "b3") == [3, 6, 7])
        #expect(tree.subtree(of: "nav") == nil)
        #expect(throws: KnowledgeBaseError.self) { try tree.subtreeIDs(of: "nav") }
    }

    @Test("children listed before their parents get the same depths")
    func anyOrder() throws {
        let tree = TopicTree(topics: chain(50, reversed: true))
        let last = try #require(tree.topic(slug: "t50"))
        #expect(tree.depth(of: last) == 49)
        #expect(tree.ancestors(of: last).map(\.id) == Array(1...49))
        #expect(tree.subtree(of: "t48")?.map(\.slug) == ["t48", "t49", "t50"])
    }

    @Test("a cycle of parents is cut: finite depths, a finite subtree")
    func cycle() throws {
        let tree = TopicTree(topics: [
            Topic(id: 1, slug: "a", nameLV: "A", nameEN: "A", parentID: 2),
            Topic(id: 2, slug: "b", nameLV: "B", nameEN: "B", parentID: 1),
        ])
        #expect(tree.topics.compactMap { tree.depth(of: $0) }.sorted() == [0, 1])
        #expect(tree.subtree(of: "a")?.count == 2)
    }

    @Test("doubling the topics doubles the work of building the tree", arguments: [false, true])
    func doubling(reversed: Bool) throws {
        let shapes: [(topics: (Int) -> [Topic], deepest: (Int) -> Int)] = [
            ({ chain($0, reversed: reversed) }, { $0 - 1 }),
            (binaryTree, { Int.bitWidth - $0.leadingZeroBitCount - 1 }),  // ⌊log₂ n⌋
        ]
        for shape in shapes {
            let small = TopicTree(topics: shape.topics(2_000)), large = TopicTree(topics: shape.topics(4_000))
            // Linear: about 2×; quadratic would be 4×.
            let ratio = Double(large.buildSteps) / Double(small.buildSteps)
            #expect(ratio < 2.5, "build steps \(small.buildSteps) → \(large.buildSteps)")
            // Every depth is right, so the steps saved were not steps skipped.
            #expect(large.topics.map { large.depth(of: $0) ?? -1 }.max() == shape.deepest(4_000))
        }
    }

    @Test("outline matches the previous `pieredze topics` output byte for byte", arguments: [false, true])
    func outlineMatchesTopicsCommand(english: Bool) throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let tree = try TopicTree.load(kb.connection)
        let counts = try TopicTree.noteCounts(kb.connection)
        let outline = tree.outline(counts: counts, english: english)
        #expect(outline == (try previousTopicsOutput(kb.store, english: english)))
        // The seeds exercise both line shapes: a parent counting its subtopics' notes, and a leaf.
        #expect(outline.contains(" directly)\n"))
        #expect(outline.split(separator: "\n").contains { $0.hasPrefix("  ") })
    }

    @Test("outline: two spaces per level, counts with subtopics, directly only when they differ")
    func outlineFormat() {
        let tree = TopicTree(topics: binaryTree(3))
        let counts = TopicTree.NoteCounts(direct: [1: 1, 2: 2], withSubtopics: [1: 3, 2: 2])
        #expect(tree.outline(counts: counts, english: false) == "b1  B1  (3, 1 directly)\n  b2  B2  (2)\n  b3  B3  (0)\n")
        #expect(TopicTree(topics: []).outline(counts: counts, english: false) == "")
    }

    @Test("note counts: a note under two subtopics counts once for their parent")
    func noteCounts() throws {
        let kb = try TestKnowledgeBase()
        try kb.load([seedsDirectory])
        let tree = try TopicTree.load(kb.connection)
        let counts = try TopicTree.noteCounts(kb.connection)
        #expect(counts.direct == (try kb.store.noteCountsByTopic()))
        for topic in tree.topics {
            var filter = NoteStore.Filter()
            filter.topics = [topic.slug]
            #expect(counts.withSubtopics[topic.id] ?? 0 == (try kb.store.notePKs(matching: filter).count), "\(topic.slug)")
        }
    }
}
