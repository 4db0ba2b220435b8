import ArgumentParser
import Foundation
import PieredzeKit

/// `pieredze thesaurus …`: the users' thesaurus. Thin: every rule lives in PieredzeKit's
/// `ThesaurusStore`.
extension Pieredze {
struct ThesaurusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thesaurus",
        abstract: "List, add, remove, import and export the thesaurus that search expands queries with.",
        discussion: """
            A concept has one preferred term and alternative terms (Latvian, English, Russian); a search \
            for any of them also finds the others, a term of several words as a phrase. Terms match in any \
            inflected form (hromadu, hromādas → hromada). A one-word term written in capitals (ES, ĀM, ООН) \
            is an acronym and matches only as written, so ES is not the pronoun es. Every new database \
            starts with a starter set of the field's acronyms and partners' terms.
            """,
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self])

    /// Prints a refused change's problems to standard error and exits 1.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode(1)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every concept with its terms, or the concept a term names.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("Show only the concept this term names (any inflected form).", valueName: "term"))
        var term: String?

        func run() throws {
            let thesaurus = try database.open(.read).thesaurus.load()
            var concepts = thesaurus.concepts
            if let term {
                guard let found = thesaurus.lookup(term) else { throw ThesaurusCommand.fail("no term '\(term)' in the thesaurus") }
                concepts = [found.concept]
            }
            for concept in concepts {
                let preferred = concept.preferred
                print(preferred.text + " [\(preferred.language.rawValue)]" + (preferred.isAcronym ? " (acronym)" : ""))
                for language in ThesaurusLanguage.allCases {
                    let terms = concept.alternatives.filter { $0.language == language }
                    guard !terms.isEmpty else { continue }
                    print("  \(language.rawValue): " + terms.map { $0.text + ($0.isAcronym ? " (acronym)" : "") }.joined(separator: ", "))
                }
                if !concept.note.isEmpty { print("  note: \(concept.note)") }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a concept with its terms, or add terms to the concept TERM names.",
            discussion: """
                pieredze thesaurus add hromada --lv "apvienotā teritoriālā kopiena" --ru "территориальная громада"
                When TERM (or one of the others) already names a concept, the new terms join that concept.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The preferred term of a new concept, or any term of a stored one.", valueName: "term"))
        var term: String

        @Option(help: ArgumentHelp("The language of TERM: lv, en or ru.", valueName: "language"))
        var language: String = "lv"

        @Option(name: .customLong("lv"), help: ArgumentHelp("A Latvian alternative term (repeatable).", valueName: "term"))
        var latvian: [String] = []

        @Option(name: .customLong("en"), help: ArgumentHelp("An English alternative term (repeatable).", valueName: "term"))
        var english: [String] = []

        @Option(name: .customLong("ru"), help: ArgumentHelp("A Russian alternative term (repeatable).", valueName: "term"))
        var russian: [String] = []

        @Option(help: ArgumentHelp("A term to treat as an acronym though not all capitals, e.g. CoR (repeatable).", valueName: "term"))
        var acronym: [String] = []

        @Option(help: ArgumentHelp("A scope note: what the concept is.", valueName: "text"))
        var note: String = ""

        func validate() throws {
            guard ThesaurusLanguage(rawValue: language) != nil else { throw ValidationError("--language must be lv, en or ru") }
            guard !(latvian + english + russian).isEmpty else {
                throw ValidationError("give at least one alternative term with --lv, --en or --ru")
            }
            let all = [term] + latvian + english + russian
            for marked in acronym where !all.contains(marked) {
                throw ValidationError("--acronym '\(marked)' is not one of the terms given")
            }
        }

        func run() throws {
            func draft(_ text: String, _ language: ThesaurusLanguage) -> ThesaurusTermDraft {
                ThesaurusTermDraft(text: text, language: language, markedAcronym: acronym.contains(text))
            }
            let terms = [draft(term, ThesaurusLanguage(rawValue: language) ?? .lv)]
                + latvian.map { draft($0, .lv) } + english.map { draft($0, .en) } + russian.map { draft($0, .ru) }
            let store = try database.open(.create).thesaurus
            do {
                print(try store.add(ThesaurusConceptDraft(terms: terms, note: note)))
            } catch let failure as ThesaurusFailure {
                throw ThesaurusCommand.fail(failure.description)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a term (in any inflected form), or with --concept the whole concept it names.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The term to remove.", valueName: "term"))
        var term: String

        @Flag(help: "Remove the whole concept TERM names, with all its terms.")
        var concept = false

        func run() throws {
            let store = try database.open(.write).thesaurus
            do {
                print(concept ? try store.removeConcept(term) : try store.removeTerm(term))
            } catch let problem as ThesaurusProblem {
                throw ThesaurusCommand.fail(problem.description)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import concepts from a YAML or CSV file, all or nothing.",
            discussion: """
                YAML: a list of concepts, each with `preferred:` (required), `language:` (of the preferred term, \
                default lv), `note:`, `lv:`, `en:`, `ru:` (alternative terms: one or a list) and `acronyms:` (terms \
                that are acronyms though not all capitals). CSV: a header row with those names, one concept a row, \
                lists joined with ';'. A concept that shares a term with a stored one adds its new terms to it. If \
                anything is wrong, every problem is listed (file:line: field: what was wrong) and nothing is written.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The file to import (.yaml, .yml or .csv).", valueName: "file"))
        var file: String

        @Option(help: "The file's format when its extension does not say: yaml or csv.")
        var format: String?

        @Flag(help: "Replace the whole thesaurus (the starter set included) with the file's concepts.")
        var replace = false

        func validate() throws {
            if let format, ThesaurusFileFormat(rawValue: format) == nil { throw ValidationError("--format must be yaml or csv") }
        }

        func run() throws {
            let store = try database.open(.create).thesaurus
            do {
                print(try store.importFile(file, format: format.flatMap(ThesaurusFileFormat.init(rawValue:)), replacing: replace))
            } catch let failure as ThesaurusFailure {
                throw ThesaurusCommand.fail(failure.description)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the thesaurus as YAML or CSV, in the form import reads.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "yaml (default) or csv.")
        var format: String = "yaml"

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            guard ThesaurusFileFormat(rawValue: format) != nil else { throw ValidationError("--format must be yaml or csv") }
        }

        func run() throws {
            let store = try database.open(.read).thesaurus
            let text = try store.export(ThesaurusFileFormat(rawValue: format) ?? .yaml)
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
}
