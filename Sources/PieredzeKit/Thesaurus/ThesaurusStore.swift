import Foundation
import PieredzeStorage

/// One thing wrong with a thesaurus change: where (`file:line` when read from a file), which
/// field, and what was wrong.
public struct ThesaurusProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation?
    public var field: String?
    public var message: String

    public init(_ location: SourceLocation?, field: String? = nil, _ message: String) {
        self.location = location
        self.field = field
        self.message = message
    }

    /// `file:line: field: what was wrong`, leaving out the parts not known.
    public var description: String {
        [location?.description, field, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// A change to the thesaurus that was refused: every problem found. Nothing was written.
public struct ThesaurusFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [ThesaurusProblem]

    public init(problems: [ThesaurusProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count
        return problems.map(\.description).joined(separator: "\n")
            + "\n\(count) problem\(count == 1 ? "" : "s") found; nothing was written to the thesaurus"
    }
}

/// A term as given by a user, before it is checked.
public struct ThesaurusTermDraft: Sendable, Equatable {
    public var text: String
    public var language: ThesaurusLanguage
    /// Marked as an acronym although not written in capitals only (`CoR`). A term of one word
    /// in capitals only (`ES`, `ООН`) is an acronym anyway.
    public var markedAcronym: Bool
    /// Where it was read, and under which field, for problems.
    public var location: SourceLocation?
    public var field: String?

    public init(text: String, language: ThesaurusLanguage, markedAcronym: Bool = false,
                location: SourceLocation? = nil, field: String? = nil) {
        self.text = text
        self.language = language
        self.markedAcronym = markedAcronym
        self.location = location
        self.field = field
    }
}

/// A concept as given by a user: its preferred term first, then the alternatives. When one of
/// its terms already names a stored concept, the others are added to that concept instead.
public struct ThesaurusConceptDraft: Sendable, Equatable {
    public var terms: [ThesaurusTermDraft]
    public var note: String
    public var location: SourceLocation?

    public init(terms: [ThesaurusTermDraft], note: String = "", location: SourceLocation? = nil) {
        self.terms = terms
        self.note = note
        self.location = location
    }
}

/// What a change did.
public struct ThesaurusChangeSummary: Sendable, Equatable, CustomStringConvertible {
    public var conceptsAdded = 0
    public var conceptsExtended = 0
    public var termsAdded = 0
    /// Concepts removed first (import with `replace`).
    public var conceptsReplaced = 0

    public var description: String {
        var parts = ["\(conceptsAdded) concept\(conceptsAdded == 1 ? "" : "s") added",
                     "\(conceptsExtended) extended", "\(termsAdded) term\(termsAdded == 1 ? "" : "s") added"]
        if conceptsReplaced > 0 { parts.insert("\(conceptsReplaced) replaced", at: 0) }
        return parts.joined(separator: ", ")
    }
}

/// The thesaurus in the database: list, add, remove, import, export. Every change is checked
/// as a whole first and written in one transaction, or not at all.
public struct ThesaurusStore {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Every concept with its terms, in the order they were added.
    public func load() throws -> Thesaurus {
        try Thesaurus.load(from: connection)
    }

    /// Adds one concept, or adds its new terms to the stored concept one of them names.
    /// Throws `ThesaurusFailure` (nothing written).
    @discardableResult
    public func add(_ concept: ThesaurusConceptDraft) throws -> ThesaurusChangeSummary {
        try apply([concept], replacing: false)
    }

    /// Adds `concepts` as `add` does, all or none; with `replacing`, the stored thesaurus is
    /// emptied first (so the result is exactly `concepts`).
    @discardableResult
    public func apply(_ concepts: [ThesaurusConceptDraft], replacing: Bool) throws -> ThesaurusChangeSummary {
        try apply(concepts, replacing: replacing, problems: [])
    }

    /// `apply`, refused with `problems` (found while reading the drafts) and the plan's own, in file order.
    private func apply(_ concepts: [ThesaurusConceptDraft], replacing: Bool, problems: [ThesaurusProblem]) throws -> ThesaurusChangeSummary {
        try refreshLookupKeys()
        let existing = replacing ? Thesaurus(concepts: []) : try load()
        let plan = ThesaurusPlan(concepts, existing: existing)
        let allProblems = (problems + plan.problems).enumerated().sorted { a, b in
            let (lineA, lineB) = (a.element.location?.line ?? 0, b.element.location?.line ?? 0)
            return lineA != lineB ? lineA < lineB : a.offset < b.offset
        }.map(\.element)
        guard allProblems.isEmpty else { throw ThesaurusFailure(problems: allProblems) }
        return try connection.transaction(.immediate) {
            var summary = ThesaurusChangeSummary()
            if replacing {
                summary.conceptsReplaced = try connection.scalar("SELECT count(*) FROM thesaurus_concepts", as: Int.self) ?? 0
                try connection.execute("DELETE FROM thesaurus_terms")
                try connection.execute("DELETE FROM thesaurus_concepts")
            }
            for change in plan.changes {
                let conceptID: Int64
                switch change.target {
                case .new(let note):
                    try connection.execute("INSERT INTO thesaurus_concepts (note) VALUES (?)", [note])
                    conceptID = connection.lastInsertRowID
                    summary.conceptsAdded += 1
                case .existing(let id):
                    conceptID = id
                    summary.conceptsExtended += 1
                }
                let insert = try connection.cachedStatement("""
                    INSERT INTO thesaurus_terms (concept_id, text, language, is_preferred, is_acronym, lookup_key)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for term in change.terms {
                    try insert.execute([conceptID, term.text, term.language.rawValue, term.isPreferred ? 1 : 0,
                                        term.isAcronym ? 1 : 0, term.lookupKey])
                    summary.termsAdded += 1
                }
            }
            return summary
        }
    }

    /// What a removal took away.
    public enum Removal: Sendable, Equatable, CustomStringConvertible {
        /// One term; `newPreferred` when it was the preferred term and another took its place.
        case term(String, concept: String, newPreferred: String?)
        /// A whole concept, named by its preferred term, with the number of its terms.
        case concept(String, terms: Int)

        public var description: String {
            switch self {
            case let .term(text, concept, newPreferred):
                return "removed '\(text)' from '\(concept)'" + (newPreferred.map { "; its preferred term is now '\($0)'" } ?? "")
            case let .concept(preferred, terms):
                return "removed the concept '\(preferred)' and its \(terms) term\(terms == 1 ? "" : "s")"
            }
        }
    }

    /// Removes the term `text` names (written in any inflected form, or as the acronym is
    /// written); a concept left without terms goes too. Throws `ThesaurusProblem` when no term matches.
    @discardableResult
    public func removeTerm(_ text: String) throws -> Removal {
        let (concept, term) = try resolve(text)
        if concept.terms.count == 1 { return try removeConcept(text) }
        return try connection.transaction(.immediate) {
            try connection.execute("DELETE FROM thesaurus_terms WHERE concept_id = ? AND text = ?", [concept.id, term.text])
            var newPreferred: String?
            // The new preferred term: a full name in the same language, else any full name, else any term.
            let others = concept.terms.filter { $0.text != term.text }
            let next = others.first { !$0.isAcronym && $0.language == term.language } ?? others.first { !$0.isAcronym } ?? others.first
            if term.isPreferred, let next {
                try connection.execute("UPDATE thesaurus_terms SET is_preferred = 1 WHERE concept_id = ? AND text = ?",
                                       [concept.id, next.text])
                newPreferred = next.text
            }
            return .term(term.text, concept: concept.preferred.text, newPreferred: newPreferred)
        }
    }

    /// Removes the whole concept that `text` names (any of its terms, in any form).
    @discardableResult
    public func removeConcept(_ text: String) throws -> Removal {
        let (concept, _) = try resolve(text)
        try connection.transaction(.immediate) {
            try connection.execute("DELETE FROM thesaurus_terms WHERE concept_id = ?", [concept.id])
            try connection.execute("DELETE FROM thesaurus_concepts WHERE id = ?", [concept.id])
        }
        return .concept(concept.preferred.text, terms: concept.terms.count)
    }

    private func resolve(_ text: String) throws -> (ThesaurusConcept, ThesaurusTerm) {
        try refreshLookupKeys()
        let thesaurus = try load()
        if let found = thesaurus.lookup(text) { return found }
        // `es` for `ES`: say that acronyms match only as written.
        if let acronym = thesaurus.lookup(text.uppercased()), acronym.term.isAcronym {
            throw ThesaurusProblem(nil, "no term '\(text)' in the thesaurus; acronyms are matched as written: '\(acronym.term.text)'")
        }
        throw ThesaurusProblem(nil, "no term '\(text)' in the thesaurus")
    }

    /// Recomputes every term's lookup key from its text and stores those that differ (keys
    /// written by an older stemmer); returns how many changed. Cheap when nothing changed: one
    /// read and the stemming of every term. Throws `ThesaurusFailure` when two terms now share a key.
    @discardableResult
    public func refreshLookupKeys() throws -> Int {
        var stale: [(id: Int64, text: String, key: String)] = []
        try connection.prepare("SELECT id, text, is_acronym, lookup_key FROM thesaurus_terms").forEachRow { row in
            let term = ThesaurusTerm(text: row.string(at: 1) ?? "", language: .lv, isAcronym: row.int64(at: 2) != 0)
            let key = term.lookupKey
            if key != row.string(at: 3) { stale.append((row.int64(at: 0), term.text, key)) }
        }
        guard !stale.isEmpty else { return 0 }
        do {
            try connection.transaction(.immediate) {
                // Through a placeholder first, so that two keys trading places do not collide midway.
                for term in stale {
                    try connection.execute("UPDATE thesaurus_terms SET lookup_key = ? WHERE id = ?", ["\u{1}\(term.id)", term.id])
                }
                for term in stale {
                    try connection.execute("UPDATE thesaurus_terms SET lookup_key = ? WHERE id = ?", [term.key, term.id])
                }
            }
        } catch let error as SQLiteError where error.primaryResultCode == SQLiteError.constraint {
            throw ThesaurusFailure(problems: stale.map {
                ThesaurusProblem(nil, "'\($0.text)': today's stemmer gives it the key '\($0.key)', which another term has too")
            })
        }
        return stale.count
    }

    /// Reads a thesaurus file (`.yaml`/`.yml` or `.csv`, or as `format` says) and applies it
    /// as `apply` does. Throws `ThesaurusFailure` listing every problem as `file:line: field: …`.
    @discardableResult
    public func importFile(_ path: String, format: ThesaurusFileFormat? = nil, replacing: Bool = false) throws -> ThesaurusChangeSummary {
        guard let format = format ?? ThesaurusFileFormat(pathExtension: (path as NSString).pathExtension) else {
            throw ThesaurusFailure(problems: [ThesaurusProblem(SourceLocation(file: path, line: 0),
                                                               "unknown file type; expected .yaml, .yml or .csv")])
        }
        let (drafts, problems) = try ThesaurusFile.read(path, format: format)
        return try apply(drafts, replacing: replacing, problems: problems)
    }

    /// The whole thesaurus as a file `importFile` reads back to the same thesaurus.
    public func export(_ format: ThesaurusFileFormat) throws -> String {
        ThesaurusFile.write(try load().concepts, format: format)
    }
}

/// The checked form of a change: which concepts to create or extend with which terms, or the
/// problems that stop it.
struct ThesaurusPlan {
    enum Target: Equatable {
        case new(note: String)
        case existing(id: Int64)
    }

    struct Change {
        var target: Target
        var terms: [ThesaurusTerm]
    }

    var changes: [Change] = []
    var problems: [ThesaurusProblem] = []

    init(_ drafts: [ThesaurusConceptDraft], existing: Thesaurus) {
        var seen: [String: (text: String, location: SourceLocation?)] = [:]  // key → first term with it in this change
        for draft in drafts {
            var terms: [ThesaurusTerm] = []
            var locations: [SourceLocation?] = []
            var draftOK = true
            for termDraft in draft.terms {
                let location = termDraft.location ?? draft.location
                switch Self.check(termDraft) {
                case .failure(let problem):
                    problems.append(ThesaurusProblem(location, field: termDraft.field, problem.message))
                    draftOK = false
                case .success(let term):
                    let key = term.lookupKey
                    if let first = seen[key] {
                        let whereFirst = first.location.map { " (line \($0.line))" } ?? ""
                        problems.append(ThesaurusProblem(location, field: termDraft.field,
                            "'\(term.text)' is the same term as '\(first.text)'\(whereFirst); a term names one concept once"))
                        draftOK = false
                        continue
                    }
                    seen[key] = (term.text, location)
                    terms.append(term)
                    locations.append(location)
                }
            }
            guard draftOK else { continue }
            guard !terms.isEmpty else {
                problems.append(ThesaurusProblem(draft.location, "a concept needs at least one term"))
                continue
            }
            // Which stored concepts do these terms name already?
            var named: [(conceptIndex: Int, text: String)] = []
            for term in terms {
                if let hit = existing.index[term.lookupKey], !named.contains(where: { $0.conceptIndex == hit.concept }) {
                    named.append((hit.concept, term.text))
                }
            }
            if named.count > 1 {
                let described = named.map { "'\($0.text)' names '\(existing.concepts[$0.conceptIndex].preferred.text)'" }
                problems.append(ThesaurusProblem(draft.location,
                    "the terms belong to different concepts already (\(described.joined(separator: ", "))); "
                        + "remove one of them first or add the terms separately"))
                continue
            }
            if let stored = named.first.map({ existing.concepts[$0.conceptIndex] }) {
                let newTerms = terms.filter { existing.index[$0.lookupKey] == nil }.map { term -> ThesaurusTerm in
                    var alternative = term
                    alternative.isPreferred = false
                    return alternative
                }
                if !newTerms.isEmpty { changes.append(Change(target: .existing(id: stored.id), terms: newTerms)) }
            } else {
                if terms.count < 2 {
                    problems.append(ThesaurusProblem(draft.location,
                        "the concept '\(terms[0].text)' has no other term; give at least one alternative term"))
                    continue
                }
                terms[0].isPreferred = true
                changes.append(Change(target: .new(note: draft.note), terms: terms))
            }
        }
    }

    /// Why a draft term cannot be stored, in a sentence.
    struct TermProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The characters a term may not hold: they would break CSV lists (`;`) or phrases (`"`).
    static let forbidden: Set<Character> = [";", "\"", "*"]

    /// A draft term as stored, or what is wrong with it.
    static func check(_ draft: ThesaurusTermDraft) -> Result<ThesaurusTerm, TermProblem> {
        let text = draft.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").precomposedStringWithCanonicalMapping
        guard !text.isEmpty else { return .failure(TermProblem("empty term")) }
        if let bad = text.first(where: { forbidden.contains($0) || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) {
            return .failure(TermProblem("'\(text)' contains '\(bad)'; a term is words, without ; \" * or control characters"))
        }
        guard text.count <= 200 else { return .failure(TermProblem("'\(text.prefix(40))…' is \(text.count) characters long; at most 200")) }
        let tokens = ThesaurusKey.tokens(text)
        guard !tokens.isEmpty else { return .failure(TermProblem("'\(text)' has no letters or digits")) }
        guard tokens.count <= ThesaurusKey.maximumTokens else {
            return .failure(TermProblem("'\(text)' has \(tokens.count) words; a term has at most \(ThesaurusKey.maximumTokens)"))
        }
        if draft.markedAcronym, !ThesaurusKey.canBeAcronym(text) {
            return .failure(TermProblem("'\(text)' cannot be an acronym; an acronym is one word with a capital letter"))
        }
        return .success(ThesaurusTerm(text: text, language: draft.language,
                                      isAcronym: draft.markedAcronym || ThesaurusKey.looksLikeAcronym(text)))
    }
}
