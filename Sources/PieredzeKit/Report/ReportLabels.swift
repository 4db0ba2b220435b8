/// The language of a report's own words (labels, headings, vocabulary names), and of
/// `pieredze show`'s labels. Note text is always shown as written.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case lv
    case en
    /// Russian labels and country names; topic names, which the vocabulary has in Latvian and
    /// English only, are given in English.
    case ru
}

/// Every word a report (and `pieredze show`, `TerminalNote`) writes itself, in Latvian (the
/// default), English or Russian: the one table of labels.
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
    /// Before the page number in the print margin ("lpp. 3" is written "3. lpp." in Latvian:
    /// `pageNumberBefore` and `pageNumberAfter` go either side of the number).
    public var pageNumberBefore: String
    public var pageNumberAfter: String
    /// The note's `status` values.
    public var draft: String
    public var reviewed: String
    /// `pieredze show`: when the note's text was last changed in the database.
    public var changed: String

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
        generatedBy: "Sagatavots ar Pieredze",
        pageNumberBefore: "",
        pageNumberAfter: ". lpp.",
        draft: "melnraksts",
        reviewed: "pārbaudīts",
        changed: "Mainīts"
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
        generatedBy: "Generated with Pieredze",
        pageNumberBefore: "Page ",
        pageNumberAfter: "",
        draft: "draft",
        reviewed: "reviewed",
        changed: "Changed"
    )

    public static let russian = ReportLabels(
        language: .ru,
        documentKind: "Обзор опыта",
        defaultTitle: "Опыт муниципальных реформ",
        scope: "Охват",
        topics: "Темы",
        allTopics: "все темы",
        query: "Запрос",
        anyWordQuery: "ни одна заметка не содержит всех слов; включены заметки с любым из них",
        country: "Страна",
        fromYear: "С года",
        toYear: "По год",
        kind: "Вид",
        tag: "Ключевое слово",
        organization: "Организация",
        person: "Лицо",
        noteLanguage: "Язык",
        generated: "Подготовлено",
        lessonCount: "Число записей",
        countries: "Страны",
        years: "Годы",
        ordering: "Порядок",
        orderedByDate: "по дате, сначала новые",
        orderedByRelevance: "по соответствию запросу",
        overview: "Обзор",
        byTopic: "По темам",
        byCountry: "По странам",
        byYear: "По годам",
        topic: "Тема",
        year: "Год",
        count: "Число",
        countingNote: "Запись, относящаяся к нескольким темам, учтена в каждой из них.",
        contents: "Содержание",
        noTopic: "Без темы",
        notGiven: "не указано",
        id: "ID",
        date: "Дата",
        organizations: "Организации",
        people: "Лица",
        tags: "Ключевые слова",
        status: "Статус",
        summary: "Краткое содержание",
        context: "Контекст",
        lesson: "Урок",
        recommendation: "Рекомендации",
        body: "Описание",
        source: "Источник",
        sourcesAnnex: "Приложение: источники",
        sourcesAnnexNote: "Каждый источник указан один раз, с записями, в которых он использован.",
        citedIn: "Записи",
        index: "Указатель организаций и лиц",
        indexNote: "С записями, в которых они упомянуты.",
        alsoInSections: "Также в разделах",
        fullTextInSection: "Полный текст в разделе",
        section: "Раздел",
        rank: "Место",
        generatedBy: "Подготовлено с помощью Pieredze",
        pageNumberBefore: "Стр. ",
        pageNumberAfter: "",
        draft: "черновик",
        reviewed: "проверено",
        changed: "Изменено"
    )

    public static func labels(for language: ReportLanguage) -> ReportLabels {
        switch language {
        case .lv: return latvian
        case .en: return english
        case .ru: return russian
        }
    }

    var isEnglish: Bool { language == .en }

    public func kindName(_ kind: NoteKind) -> String {
        switch language {
        case .lv: return kind.latvianName
        case .en: return kind.englishName
        case .ru:
            switch kind {
            case .lesson: return "урок"
            case .goodPractice: return "хорошая практика"
            case .observation: return "наблюдение"
            case .event: return "событие"
            }
        }
    }

    /// A note language's name in this language ("latviešu", "Latvian", "латышский"); the code
    /// itself for a language Pieredze does not know.
    public func languageName(_ code: String) -> String {
        let names: [String: [ReportLanguage: String]] = [
            "lv": [.lv: "latviešu", .en: "Latvian", .ru: "латышский"],
            "en": [.lv: "angļu", .en: "English", .ru: "английский"],
            "ru": [.lv: "krievu", .en: "Russian", .ru: "русский"],
        ]
        return names[code]?[language] ?? code
    }

    public func statusName(_ status: NoteStatus) -> String {
        status == .draft ? draft : reviewed
    }

    /// "Kirgizstāna (KG)", "Кыргызстан (KG)"; the code alone for a country Pieredze does not know.
    public func countryName(_ code: String) -> String {
        let name = Countries.name(of: code, language: language.rawValue)
        return name == code ? code : "\(name) (\(code))"
    }

    /// A topic's name in this language.
    public func topicName(_ topic: Topic) -> String {
        topic.name(language: language.rawValue)
    }

    /// The label of a note field (`NoteField.label` gives the same).
    public func label(of field: NoteField) -> String {
        switch field {
        case .id: return id
        case .title:
            switch language {
            case .lv: return "Nosaukums"
            case .en: return "Title"
            case .ru: return "Название"
            }
        case .summary: return summary
        case .kind: return kind
        case .topics: return topics
        case .country: return country
        case .occurred: return date
        case .tags: return tags
        case .organizations: return organizations
        case .people: return people
        case .source: return source
        case .status: return status
        case .language: return noteLanguage
        case .body: return body
        case .context: return context
        case .lesson: return lesson
        case .recommendation: return recommendation
        }
    }
}
