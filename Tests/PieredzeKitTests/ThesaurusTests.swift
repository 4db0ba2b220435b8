import Foundation
import Testing
@testable import PieredzeKit
import PieredzeStorage

@Suite("Thesaurus")
struct ThesaurusTests {
    /// The package's `seeds/thesaurus.yaml`, found from this file.
    static let seedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds/thesaurus.yaml")

    /// The starter thesaurus's concepts, as the tests read them.
    static func starter() throws -> Thesaurus { Thesaurus(concepts: try StarterThesaurus.concepts()) }

    @Test("the compiled-in starter set is seeds/thesaurus.yaml byte for byte, and has no problems")
    func starterSetEmbedded() throws {
        let onDisk = try String(contentsOf: Self.seedFile, encoding: .utf8)
        #expect(StarterThesaurus.yaml == onDisk)
        let concepts = try StarterThesaurus.concepts()
        #expect(concepts.count >= 30)
        #expect(concepts.allSatisfy { $0.terms.filter(\.isPreferred).count == 1 && $0.terms.count >= 2 })
    }

    @Test("a new database holds the starter set, with what search expanded before the thesaurus")
    func starterSetInNewDatabase() throws {
        let base = try TestKnowledgeBase()
        let stored = try Thesaurus.load(from: base.connection)
        #expect(stored.concepts.map(\.terms) == (try StarterThesaurus.concepts()).map(\.terms))
        // The acronym table SearchQuery had: every acronym still expands to the same name.
        let before: [String: String] = [
            "ES": "Eiropas Savienība", "LPS": "Latvijas Pašvaldību savienība", "KPS": "Kirgizstānas Pašvaldību savienība",
            "ATR": "administratīvi teritoriālā reforma", "VARAM": "Vides aizsardzības un reģionālās attīstības ministrija",
            "ĀM": "Ārlietu ministrija", "NVO": "nevalstiskā organizācija",
        ]
        for (acronym, expansion) in before {
            let matches = stored.matches(in: [acronym])
            #expect(matches.count == 1, "\(acronym)")
            #expect(matches.first?.alternatives.contains(expansion) == true, "\(acronym) → \(matches)")
        }
        // Stored keys are the keys computed from the text.
        let rows = try base.connection.rows("SELECT text, is_acronym, lookup_key FROM thesaurus_terms")
        #expect(rows.count > 100)
        for row in rows {
            let term = ThesaurusTerm(text: row[0] ?? "", language: .lv, isAcronym: (row[1] ?? 0) != 0)
            #expect(term.lookupKey == (row[2] ?? ""))
        }
    }

    @Test("an inflected or unaccented form finds the concept")
    func inflectedLookup() throws {
        let thesaurus = try Self.starter()
        for form in ["hromadu", "hromadas", "hromāda", "Hromādām"] {
            let matches = thesaurus.matches(in: [form, "veidošana"])
            #expect(matches.map(\.range) == [0..<1], "\(form)")
            #expect(matches.first?.alternatives.contains("apvienotā teritoriālā kopiena") == true)
            #expect(matches.first?.alternatives.contains("hromada") == false)  // the matched term itself is the query's
        }
        #expect(thesaurus.lookup("pašvaldībām")?.concept.preferred.text == "pašvaldība")
    }

    @Test("an acronym matches only as written in capitals")
    func acronymCase() throws {
        let thesaurus = try Self.starter()
        #expect(thesaurus.matches(in: ["ES", "fondi"]).map(\.range) == [0..<1])
        #expect(thesaurus.matches(in: ["es", "biju", "Rīgā"]).isEmpty)
        #expect(thesaurus.matches(in: ["Es"]).isEmpty)
        #expect(thesaurus.matches(in: ["ES,"]).map(\.range) == [0..<1])  // punctuation around a word is not part of it
        #expect(thesaurus.matches(in: ["AM"]).first?.alternatives.contains("Ārlietu ministrija") == true)  // diacritics folded
        #expect(thesaurus.matches(in: ["am"]).isEmpty)
        #expect(thesaurus.matches(in: ["ЕС"]).first?.alternatives.contains("Eiropas Savienība") == true)  // Cyrillic ЕС
    }

    @Test("short acronyms are not searched as alternatives: the folded index would read ES as es")
    func shortAcronymAlternatives() throws {
        let thesaurus = try Self.starter()
        let union = try #require(thesaurus.matches(in: ["Eiropas", "Savienības"]).first)
        #expect(union.alternatives.contains("European Union"))
        #expect(!union.alternatives.contains("ES") && !union.alternatives.contains("EU") && !union.alternatives.contains("ЕС"))
        #expect(thesaurus.matches(in: ["Apvienoto", "Nāciju", "Organizācija"]).first?.alternatives.contains("UN") == false)
        #expect(thesaurus.matches(in: ["Latvijas", "Pašvaldību", "savienības"]).first?.alternatives.contains("LPS") == true)
        #expect(thesaurus.matches(in: ["United", "Nations"]).first?.alternatives.contains("ООН") == true)
    }

    @Test("a term of several words matches inside a run of words, inflected")
    func multiWordTerm() throws {
        let thesaurus = try Self.starter()
        let words = ["pieredze", "apvienotās", "teritoriālās", "kopienas", "veidošanā"]
        let matches = thesaurus.matches(in: words)
        #expect(matches.map(\.range) == [1..<4])
        #expect(matches.first?.alternatives.first == "hromada")  // the preferred term first
        #expect(matches.first?.alternatives.contains("территориальная громада") == true)
        // Two concepts in one query, in order, not overlapping.
        let two = thesaurus.matches(in: ["LPS", "un", "Kirgizstānas", "pašvaldību", "savienības", "sadarbība"])
        #expect(two.map(\.range) == [0..<1, 2..<5])
    }

    @Test("the longest match wins where two could start at the same word")
    func longestMatch() throws {
        let thesaurus = Thesaurus(concepts: [
            ThesaurusConcept(id: 1, terms: [ThesaurusTerm(text: "reforma", language: .lv, isPreferred: true),
                                            ThesaurusTerm(text: "reform", language: .en)]),
            ThesaurusConcept(id: 2, terms: [ThesaurusTerm(text: "administratīvi teritoriālā reforma", language: .lv, isPreferred: true),
                                            ThesaurusTerm(text: "ATR", language: .lv, isAcronym: true)]),
            ThesaurusConcept(id: 3, terms: [ThesaurusTerm(text: "teritoriālā reforma", language: .lv, isPreferred: true),
                                            ThesaurusTerm(text: "territorial reform", language: .en)]),
        ])
        let matches = thesaurus.matches(in: ["administratīvi", "teritoriālās", "reformas", "gaita", "reforma"])
        #expect(matches == [QueryExpansionMatch(range: 0..<3, alternatives: ["ATR"]),
                            QueryExpansionMatch(range: 4..<5, alternatives: ["reform"])])
        #expect(thesaurus.matches(in: ["teritoriālā", "reforma"]).map(\.range) == [0..<2])
    }

    @Test("a user-added concept, and terms added to a stored concept, expand queries")
    func userAddedTerm() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        let added = try store.add(ThesaurusConceptDraft(terms: [
            ThesaurusTermDraft(text: "pilsoniskā sabiedrība", language: .lv),
            ThesaurusTermDraft(text: "civil society", language: .en),
            ThesaurusTermDraft(text: "гражданское общество", language: .ru),
        ]))
        #expect(added == ThesaurusChangeSummary(conceptsAdded: 1, conceptsExtended: 0, termsAdded: 3))
        var thesaurus = try store.load()
        let matches = thesaurus.matches(in: ["pilsoniskās", "sabiedrības", "loma"])
        #expect(matches == [QueryExpansionMatch(range: 0..<2, alternatives: ["civil society", "гражданское общество"])])

        // Named by an inflected form of a stored term, the concept gains the new term only.
        let extended = try store.add(ThesaurusConceptDraft(terms: [
            ThesaurusTermDraft(text: "nevalstiskās organizācijas", language: .lv),
            ThesaurusTermDraft(text: "civil society organisation", language: .en),
        ]))
        #expect(extended == ThesaurusChangeSummary(conceptsAdded: 0, conceptsExtended: 1, termsAdded: 1))
        thesaurus = try store.load()
        #expect(thesaurus.lookup("civil society organisations")?.concept.preferred.text == "nevalstiskā organizācija")
        #expect(thesaurus.matches(in: ["NVO"]).first?.alternatives.contains("civil society organisation") == true)
    }

    @Test("a new concept needs two terms; a term cannot name two concepts")
    func addRefusals() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        let count = try store.load().concepts.count
        #expect(throws: ThesaurusFailure.self) {
            try store.add(ThesaurusConceptDraft(terms: [ThesaurusTermDraft(text: "vientuļš", language: .lv)]))
        }
        #expect(throws: ThesaurusFailure.self) {
            try store.add(ThesaurusConceptDraft(terms: [ThesaurusTermDraft(text: "ES", language: .lv),
                                                        ThesaurusTermDraft(text: "LPS", language: .lv)]))
        }
        #expect(throws: ThesaurusFailure.self) {
            try store.add(ThesaurusConceptDraft(terms: [ThesaurusTermDraft(text: "pašvaldību; reforma", language: .lv),
                                                        ThesaurusTermDraft(text: "x", language: .lv)]))
        }
        #expect(throws: ThesaurusFailure.self) {  // `vietnieks` cannot be an acronym: no capital
            try store.add(ThesaurusConceptDraft(terms: [ThesaurusTermDraft(text: "vietnieks", language: .lv, markedAcronym: true),
                                                        ThesaurusTermDraft(text: "deputy", language: .en)]))
        }
        #expect(try store.load().concepts.count == count)
    }

    @Test("remove a term (the preferred one passes to a full name) or a whole concept")
    func remove() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        let removed = try store.removeTerm("Ārlietu ministrijas")
        #expect(removed == .term("Ārlietu ministrija", concept: "Ārlietu ministrija", newPreferred: "Ministry of Foreign Affairs"))
        #expect(try store.load().lookup("ĀM")?.concept.preferred.text == "Ministry of Foreign Affairs")
        #expect(try store.removeConcept("ĀM") == .concept("Ministry of Foreign Affairs", terms: 5))
        #expect(try store.load().lookup("MFA") == nil)
        #expect(try base.connection.scalar("SELECT count(*) FROM thesaurus_terms WHERE concept_id NOT IN (SELECT id FROM thesaurus_concepts)", as: Int.self) == 0)
        do {
            try store.removeTerm("es")
            Issue.record("removing 'es' should fail")
        } catch let problem as ThesaurusProblem {
            #expect(problem.description.contains("acronyms are matched as written: 'ES'"))
        }
    }

    @Test("import lists every problem as file:line: field: what was wrong, and writes nothing")
    func importErrors() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        let before = try store.export(.yaml)
        let yaml = try base.directory.write("bad.yaml", """
            - preferred: pilsoniskā sabiedrība
              en: [civil society]
            - preferred: pārrobežu sadarbība
              colour: red
            - preferred: apkaime
              language: lt
              en: [neighbourhood]
            - lv: [bez galvenā termina]
            - preferred: Eiropas Savienība
              en: [Latvian Association of Local and Regional Governments]
            - preferred: otrā
              en: [civil society]

            """)
        do {
            try store.importFile(yaml)
            Issue.record("the import should fail")
        } catch let failure as ThesaurusFailure {
            let lines = failure.problems.map(\.description)
            #expect(lines.contains("\(yaml):4: colour: unknown field; expected preferred, language, note, lv, en, ru or acronyms"))
            #expect(lines.contains("\(yaml):6: language: unknown language 'lt'; expected lv, en or ru"))
            #expect(lines.contains("\(yaml):8: preferred: missing; every concept needs its preferred term"))
            #expect(lines.contains { $0.hasPrefix("\(yaml):9: the terms belong to different concepts already") })
            #expect(lines.contains("\(yaml):12: en: 'civil society' is the same term as 'civil society' (line 2); a term names one concept once"))
            #expect(failure.description.hasSuffix("nothing was written to the thesaurus"))
        }
        #expect(try store.export(.yaml) == before)
        #expect(try store.load().lookup("pilsoniskā sabiedrība") == nil)

        let csv = try base.directory.write("bad.csv", """
            preferred,language,en,ru
            pilsoniskā sabiedrība,lv,civil society,гражданское общество
            ,lv,neighbourhood,
            apkaime,lv,"neighbourhood;quarter
            """)
        do {
            try store.importFile(csv)
            Issue.record("the import should fail")
        } catch let failure as ThesaurusFailure {
            let lines = failure.problems.map(\.description)
            #expect(lines.contains("\(csv):3: preferred: missing; every concept needs its preferred term"))
            #expect(lines.contains { $0.hasPrefix("\(csv):4: a quoted field is never closed") })
        }
        #expect(try store.load().lookup("pilsoniskā sabiedrība") == nil)
    }

    @Test("export then import gives the same thesaurus, in YAML and in CSV")
    func exportImportRoundTrip() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        try store.add(ThesaurusConceptDraft(terms: [
            ThesaurusTermDraft(text: "Reģionālās attīstības padome", language: .lv),
            ThesaurusTermDraft(text: "RAP", language: .lv),
            ThesaurusTermDraft(text: "RegDev", language: .en, markedAcronym: true),
        ], note: "Piemērs: ar komatu, \"pēdiņām\" un: kolu"))
        let original = try store.load().concepts.map { ThesaurusConcept(note: $0.note, terms: $0.terms) }
        for format in ThesaurusFileFormat.allCases {
            let file = try base.directory.write("export.\(format.rawValue)", try store.export(format))
            let summary = try store.importFile(file, replacing: true)
            #expect(summary.conceptsAdded == original.count)
            let again = try store.load().concepts.map { ThesaurusConcept(note: $0.note, terms: $0.terms) }
            #expect(again == original, "\(format)")
        }
        // Importing a file whose concepts are all stored changes nothing.
        let file = try base.directory.write("again.yaml", try store.export(.yaml))
        #expect(try store.importFile(file) == ThesaurusChangeSummary())
    }

    @Test("keys written by an older stemmer are brought up to date")
    func refreshKeys() throws {
        let base = try TestKnowledgeBase()
        let store = ThesaurusStore(connection: base.connection)
        #expect(try store.refreshLookupKeys() == 0)
        try base.connection.execute("UPDATE thesaurus_terms SET lookup_key = 'hromada-old' WHERE text = 'hromada'")
        #expect(try store.load().lookup("hromadu") == nil)  // search reads the stored keys
        #expect(try store.refreshLookupKeys() == 1)
        #expect(try store.load().lookup("hromadu")?.concept.preferred.text == "hromada")
    }

    @Test("matching does work linear in the number of query words")
    func matchingIsLinear() throws {
        let thesaurus = try Self.starter()
        let pattern = ["pašvaldību", "reforma", "ES", "apvienotās", "teritoriālās", "kopienas", "un", "NVO", "loma", "Biškekā"]
        func probes(_ count: Int) -> (probes: Int, matches: Int) {
            let words = (0..<count).map { pattern[$0 % pattern.count] }
            var probes = 0
            let matches = thesaurus.matches(in: words, probes: &probes)
            return (probes, matches.count)
        }
        let small = probes(500), large = probes(1000)
        #expect(large.matches == 2 * small.matches)
        let ratio = Double(large.probes) / Double(small.probes)
        #expect(ratio > 1.9 && ratio < 2.1, "probes \(small.probes) → \(large.probes)")
        #expect(small.probes <= 500 * (ThesaurusKey.maximumTokens + 1))
    }
}
