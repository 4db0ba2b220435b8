/// The language of a report's own words (labels, headings, vocabulary names). Note text is
/// always shown as written.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case lv
    case en
}

/// Every word a report writes itself, in Latvian (the default) or English.
public struct ReportLabels: Sendable {
    public var language: ReportLanguage
    public var documentKind: String
    public var defaultTitle: String
    public var scope: String
    public var topics: String
    public var allTopics: String
    public var query: String
    /// Said after the query when no note had all its words and search matched any of them.
    public var anyWordQuery: String
    public var country: String
    public var fromYear: String
    public var toYear: String
    public var kind: String
    public var tag: String
    public var organization: String
    public var person: String
    public var noteLanguage: String
    public var generated: String
    public var lessonCount: String
    public var countries: String
    public var years: String
    public var ordering: String
    public var orderedByDate: String
    public var orderedByRelevance: String
    public var overview: String
    public var byTopic: String
    public var byCountry: String
    public var byYear: String
    public var topic: String
    public var year: String
    public var count: String
    public var countingNote: String
    public var contents: String
    public var noTopic: String
    public var notGiven: String
    public var id: String
    public var date: String
    public var organizations: String
    public var people: String
    public var tags: String
    public var status: String
    public var summary: String
    public var context: String
    public var lesson: String
    public var recommendation: String
    public var body: String
    public var source: String
    public var sourcesAnnex: String
    public var sourcesAnnexNote: String
    public var citedIn: String
    public var index: String
    public var indexNote: String
    public var alsoInSections: String
    public var fullTextInSection: String
    public var section: String
    public var rank: String
    public var generatedBy: String

    public static let latvian = ReportLabels(
        language: .lv,
        documentKind: "Pieredzes pārskats",
        defaultTitle: "Pašvaldību reformu pieredze",
        scope: "Tvērums",
        topics: "Tēmas",
        allTopics: "visas tēmas",
        query: "Meklējums",
        anyWordQuery: "neviena piezīme nesatur visus vārdus; iekļautas piezīmes ar kādu no tiem",
        country: "Valsts",
        fromYear: "No gada",
        toYear: "Līdz gadam",
        kind: "Veids",
        tag: "Atslēgvārds",
        organization: "Organizācija",
        person: "Persona",
        noteLanguage: "Valoda",
        generated: "Sagatavots",
        lessonCount: "Ierakstu skaits",
        countries: "Valstis",
        years: "Gadi",
        ordering: "Secība",
        orderedByDate: "pēc datuma, jaunākie vispirms",
        orderedByRelevance: "pēc atbilstības meklējumam",
        overview: "Pārskats",
        byTopic: "Pa tēmām",
        byCountry: "Pa valstīm",
        byYear: "Pa gadiem",
        topic: "Tēma",
        year: "Gads",
        count: "Skaits",
        countingNote: "Ieraksts, kas attiecas uz vairākām tēmām, ieskaitīts katrā no tām.",
        contents: "Saturs",
        noTopic: "Bez tēmas",
        notGiven: "nav norādīts",
        id: "ID",
        date: "Datums",
        organizations: "Organizācijas",
        people: "Personas",
        tags: "Atslēgvārdi",
        status: "Statuss",
        summary: "Kopsavilkums",
        context: "Konteksts",
        lesson: "Mācība",
        recommendation: "Ieteikumi",
        body: "Apraksts",
        source: "Avots",
        sourcesAnnex: "Pielikums: avoti",
        sourcesAnnexNote: "Katrs avots norādīts vienreiz, ar ierakstiem, kuros tas izmantots.",
        citedIn: "Ieraksti",
        index: "Organizāciju un personu rādītājs",
        indexNote: "Ar ierakstiem, kuros tās minētas.",
        alsoInSections: "Arī sadaļās",
        fullTextInSection: "Pilns teksts sadaļā",
        section: "Sadaļa",
        rank: "Vieta",
        generatedBy: "Sagatavots ar Pieredze"
    )

    public static let english = ReportLabels(
        language: .en,
        documentKind: "Lessons learned report",
        defaultTitle: "Municipal reform experience",
        scope: "Scope",
        topics: "Topics",
        allTopics: "all topics",
        query: "Query",
        anyWordQuery: "no note has all the words; notes with any of them are included",
        country: "Country",
        fromYear: "From year",
        toYear: "To year",
        kind: "Kind",
        tag: "Tag",
        organization: "Organization",
        person: "Person",
        noteLanguage: "Language",
        generated: "Generated",
        lessonCount: "Number of lessons",
        countries: "Countries",
        years: "Years",
        ordering: "Order",
        orderedByDate: "by date, newest first",
        orderedByRelevance: "by relevance to the query",
        overview: "Overview",
        byTopic: "By topic",
        byCountry: "By country",
        byYear: "By year",
        topic: "Topic",
        year: "Year",
        count: "Count",
        countingNote: "A lesson filed under several topics is counted under each of them.",
        contents: "Contents",
        noTopic: "No topic",
        notGiven: "not given",
        id: "ID",
        date: "Date",
        organizations: "Organizations",
        people: "People",
        tags: "Tags",
        status: "Status",
        summary: "Summary",
        context: "Context",
        lesson: "Lesson",
        recommendation: "Recommendations",
        body: "Description",
        source: "Source",
        sourcesAnnex: "Annex: sources",
        sourcesAnnexNote: "Each source is listed once, with the lessons that cite it.",
        citedIn: "Lessons",
        index: "Index of organizations and people",
        indexNote: "With the lessons that name them.",
        alsoInSections: "Also in sections",
        fullTextInSection: "Full text in section",
        section: "Section",
        rank: "Rank",
        generatedBy: "Generated with Pieredze"
    )

    public static func labels(for language: ReportLanguage) -> ReportLabels {
        language == .en ? english : latvian
    }

    var isEnglish: Bool { language == .en }

    public func kindName(_ kind: NoteKind) -> String {
        isEnglish ? kind.englishName : kind.latvianName
    }

    /// "Kirgizstāna (KG)"; the code alone for a country Pieredze does not know.
    public func countryName(_ code: String) -> String {
        let name = Countries.name(of: code, english: isEnglish)
        return name == code ? code : "\(name) (\(code))"
    }
}
