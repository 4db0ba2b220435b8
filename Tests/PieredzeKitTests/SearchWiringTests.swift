import Foundation
import Testing
@testable import PieredzeKit

/// The search as a front end runs it (`KnowledgeBase.search(text:…)`): thesaurus, acronyms,
/// suggestions.
@Suite("search through the facade")
struct SearchWiringTests {
    private func knowledgeBase(_ notes: [(String, String)]) throws -> (KnowledgeBase, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("kb.db").path
        let kb = try KnowledgeBase(path: path, access: .create)
        let lines = notes.map { id, body in
            #"{"id":"\#(id)","title":"Piezīme \#(id)","body":"\#(body)"}"#
        }.joined(separator: "\n") + "\n"
        let file = try directory.write("notes.jsonl", lines)
        _ = try kb.load([.path(file)])
        return (kb, directory)
    }

    @Test("an acronym in capitals finds the acronym, not the Latvian word it would stem like")
    func acronymIsNotAWord() throws {
        let (kb, directory) = try knowledgeBase([("var", "Mēs varam to paveikt, ja var."), ("ministrija", "VARAM izstrādāja kritērijus.")])
        _ = directory
        let ids = try kb.search(text: "VARAM").hits.map(\.id)
        #expect(ids == ["ministrija"])
        // Lower case is the verb, as typed.
        #expect(try kb.search(text: "varam").hits.map(\.id) == ["var"])
    }

    @Test("a thesaurus term in Russian is found in another case")
    func russianInflection() throws {
        let (kb, directory) = try knowledgeBase([("hromada", "Ukrainā veidoja apvienotās teritoriālās kopienas.")])
        _ = directory
        #expect(try kb.search(text: "громады").hits.map(\.id) == ["hromada"])
    }

    @Test("a suggestion is shown for a word that matches nothing; it replaces the query only when the query finds nothing")
    func suggestions() throws {
        let (kb, directory) = try knowledgeBase([("reforma", "Pašvaldību reforma un tās izvērtējums."), ("cits", "Reforma.")])
        _ = directory
        let partial = try kb.search(text: "pasvaldbu reforma")
        #expect(partial.suggestion == "pašvaldību reforma")
        #expect(!partial.ranSuggestion)
        let none = try kb.search(text: "pasvaldbu")
        #expect(none.ranSuggestion)
        #expect(none.hits.map(\.id) == ["reforma"])
    }
}
