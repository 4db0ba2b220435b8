import PieredzeKit

/// The language of the site's own words. Note text is always shown as written; topic and
/// country names exist in Latvian and English, so Russian pages show the English names.
enum SiteLanguage: String, CaseIterable, Sendable {
    case lv, en, ru

    /// The language for a request: `?lang=` when given (nil there is a bad parameter, for the
    /// caller to refuse), else the first of lv, en, ru in `Accept-Language` by quality
    /// (RFC 9110 §12.5.4; `lv-LV` counts as `lv`), else Latvian.
    static func negotiate(acceptLanguage: String?) -> SiteLanguage {
        guard let acceptLanguage else { return .lv }
        var best: (language: SiteLanguage, quality: Double)?
        for (position, item) in acceptLanguage.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased() else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            // Earlier items win ties, as browsers list them in order of preference.
            quality -= Double(position) * 1e-6
            guard let language = SiteLanguage(rawValue: primary), quality > 0 else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language ?? .lv
    }

    /// The locale for sorting names in this language (ICU collation).
    var localeIdentifier: String {
        switch self {
        case .lv: return "lv_LV"
        case .en: return "en_GB"
        case .ru: return "ru_RU"
        }
    }

    var labels: SiteLabels {
        switch self {
        case .lv: return .latvian
        case .en: return .english
        case .ru: return .russian
        }
    }

    /// The reports' language for this site language (reports have Latvian, English and Russian labels).
    var reportLanguage: ReportLanguage { ReportLanguage(rawValue: rawValue) ?? .lv }
}

/// Every word the site writes itself.
struct SiteLabels: Sendable {
    var language: SiteLanguage
    var siteName = "Pieredze"
    var tagline: String
    var home: String
    var search: String
    var searchPlaceholder: String
    var searchHelp: String
    var topics: String
    var recentlyChanged: String
    var allNotes: String
    var filteredNotes: String
    var noNotesYet: String
    var resultsFor: String
    var relaxed: String
    var didYouMean: String
    /// "Nothing for %1; showing %2": `%1` the typed query, `%2` the suggestion (both HTML).
    var ranSuggestionTemplate: String
    var noResults: String
    var previous: String
    var next: String
    var pageOf: String  // "%1 of %2"
    var narrow: String
    var activeFilters: String
    var removeFilter: String
    var clearAll: String
    var topic: String
    var country: String
    var year: String
    var kind: String
    var tag: String
    var organization: String
    var person: String
    var added: String
    var changed: String
    var id: String
    var related: String
    var noRelated: String
    var subtopics: String
    var notesInTopic: String
    var partOf: String
    var topicReport: String
    var reportFormats: String
    var notFound: String
    var notFoundText: String
    var badRequest: String
    var badRequestText: String
    var serverError: String
    var serverErrorText: String
    var backHome: String
    var apiNote: String
    var newNote: String
    var editNote: String
    var upload: String
    var save: String
    var chooseNothing: String
    var formInvalid: String
    var saved: String
    var uploadHelp: String
    var uploadFile: String
    var uploadButton: String
    var uploadRefused: String
    var uploaded: String
    var listHelp: String
    var occurredHelp: String
    var idHelp: String
    var encoding: String
    var encodingHelp: String
    var encodingAutomatic: String
    var encodingExcel: String
    var notUTF8: String
    var replaceExisting: String
    var replaceExistingHelp: String
    var existingNoteHint: String
    var editConflict: String
    var editConflictLink: String
    var forbidden: String
    var otherSite: String
    var staleToken: String
    var readOnly: String
    var tooLarge: String
    var tooLargeText: String
    var unsupportedFile: String
    var pages: String
    var markdownHelp: String
    var organizationsHelp: String
    var peopleHelp: String
    var uploadedNotes: String
    var savedVersion: String
    var template: String
    var templateHelp: String

    // The note's fields by the reports' names (`ReportLabels`), so a page and a report say the same.
    var summary: String { NoteField.summary.label(language.reportLanguage) }
    var context: String { NoteField.context.label(language.reportLanguage) }
    var lesson: String { NoteField.lesson.label(language.reportLanguage) }
    var recommendation: String { NoteField.recommendation.label(language.reportLanguage) }
    var body: String { NoteField.body.label(language.reportLanguage) }
    var source: String { NoteField.source.label(language.reportLanguage) }
    var organizations: String { NoteField.organizations.label(language.reportLanguage) }
    var people: String { NoteField.people.label(language.reportLanguage) }
    var tags: String { NoteField.tags.label(language.reportLanguage) }
    var occurred: String { NoteField.occurred.label(language.reportLanguage) }
    var status: String { NoteField.status.label(language.reportLanguage) }
    var noteLanguage: String { NoteField.language.label(language.reportLanguage) }
    var title: String { NoteField.title.label(language.reportLanguage) }
    var sourceTitle: String { NoteField.source.csvColumnLabels(language.reportLanguage)[0] }
    var sourceURL: String { NoteField.source.csvColumnLabels(language.reportLanguage)[1] }
    var sourcePublisher: String { NoteField.source.csvColumnLabels(language.reportLanguage)[2] }
    var sourceDate: String { NoteField.source.csvColumnLabels(language.reportLanguage)[3] }

    /// "3 piezīmes", "1 note", "5 заметок".
    func notes(_ count: Int) -> String {
        switch language {
        case .lv:
            return "\(count) " + (count % 10 == 1 && count % 100 != 11 ? "piezīme" : "piezīmes")
        case .en:
            return "\(count) " + (count == 1 ? "note" : "notes")
        case .ru:
            let tens = count % 100, ones = count % 10
            let word = (11...14).contains(tens) ? "заметок" : ones == 1 ? "заметка" : (2...4).contains(ones) ? "заметки" : "заметок"
            return "\(count) \(word)"
        }
    }

    /// Why a typed query cannot run, in the page's language (English: the engine's own words).
    func queryProblem(_ problem: SearchQuery.Problem) -> String {
        let (lv, ru): (String, String)
        switch problem {
        case .nothingToSearch:
            (lv, ru) = ("Vaicājumā nav neviena vārda, ko meklēt (tikai pieturzīmes vai operatori).",
                        "В запросе нет слов для поиска (только знаки препинания или операторы).")
        case .onlyExclusions:
            (lv, ru) = ("Vaicājums tikai izslēdz vārdus (-vārds); pievienojiet vismaz vienu vārdu, ko meklēt.",
                        "Запрос только исключает слова (-слово); добавьте хотя бы одно слово для поиска.")
        case .exclusionInAlternative:
            (lv, ru) = ("Izslēgts vārds (-vārds) nevar būt OR viena puse; rakstiet to ārpus OR grupas.",
                        "Исключённое слово (-слово) не может быть частью OR; напишите его вне группы OR.")
        case .nestedTooDeep:
            (lv, ru) = ("Vaicājumā iekavas ir ligzdotas dziļāk par \(SearchQuery.maximumDepth) līmeņiem; noņemiet dažas.",
                        "В запросе скобки вложены глубже \(SearchQuery.maximumDepth) уровней; уберите часть.")
        case .tooManyTerms:
            (lv, ru) = ("Vaicājumā ir vairāk par \(SearchQuery.maximumTerms) dažādiem vārdiem vai frāzēm; saīsiniet to.",
                        "В запросе больше \(SearchQuery.maximumTerms) разных слов или фраз; сократите его.")
        case .cannotRun:
            (lv, ru) = ("Šo vaicājumu nevar izpildīt; vienkāršojiet to (mazāk operatoru vai iekavu).",
                        "Этот запрос нельзя выполнить; упростите его (меньше операторов или скобок).")
        }
        switch language {
        case .lv: return lv
        case .en: return problem.description.prefix(1).uppercased() + problem.description.dropFirst() + "."
        case .ru: return ru
        }
    }

    func refusal(_ reason: WriteRefused.Reason) -> String {
        switch reason {
        case .otherSite: return otherSite
        case .staleToken: return staleToken
        case .readOnly: return readOnly
        }
    }

    /// `ranSuggestionTemplate` filled in; both arguments are HTML already escaped.
    func ranSuggestion(typed: String, shown: String) -> String {
        // Each placeholder is filled in the template only, never inside an argument.
        escapeHTML(ranSuggestionTemplate).components(separatedBy: "%1")
            .map { $0.replacingOccurrences(of: "%2", with: shown) }.joined(separator: typed)
    }

    func page(_ number: Int, of total: Int) -> String {
        pageOf.replacingOccurrences(of: "%1", with: String(number)).replacingOccurrences(of: "%2", with: String(total))
    }

    /// The kind's name from the reports' one label table, so site and reports say the same.
    func kindName(_ kind: NoteKind) -> String {
        ReportLabels.labels(for: ReportLanguage(rawValue: language.rawValue) ?? .lv).kindName(kind)
    }

    func statusName(_ status: NoteStatus) -> String {
        switch (language, status) {
        case (.lv, .draft): return "melnraksts"
        case (.lv, .reviewed): return "pārbaudīts"
        case (.en, .draft): return "draft"
        case (.en, .reviewed): return "reviewed"
        case (.ru, .draft): return "черновик"
        case (.ru, .reviewed): return "проверено"
        }
    }

    func countryName(_ code: String) -> String {
        Countries.name(of: code, language: language.rawValue)
    }

    /// The topic's name in the page's language.
    func topicName(_ topic: Topic) -> String {
        topic.name(language: language.rawValue)
    }

    /// The reports' names for note languages (`ReportLabels.languageName`).
    func languageName(_ code: String) -> String {
        ReportLabels.labels(for: language.reportLanguage).languageName(code)
    }

    static let latvian = SiteLabels(
        language: .lv, tagline: "LPS pieredzes zināšanu bāze", home: "Sākums", search: "Meklēt",
        searchPlaceholder: "piemēram, pašvaldību reforma",
        searchHelp: "Vispirms piezīmes ar visiem vārdiem, tad ar lielāko daļu; locījumi un garumzīmes neietekmē. \"precīza frāze\", -izslēgt, vārds OR cits.",
        topics: "Tēmas", recentlyChanged: "Nesen mainītās piezīmes", allNotes: "Visas piezīmes", filteredNotes: "Atlasītās piezīmes",
        noNotesYet: "Zināšanu bāzē vēl nav piezīmju.", resultsFor: "Meklēšanas rezultāti",
        relaxed: "Nevienā piezīmē nav visu vārdu; rādītas piezīmes ar kādu no tiem.",
        didYouMean: "Vai domājāt:", ranSuggestionTemplate: "Vaicājumam „%1” nekas netika atrasts; rādīti rezultāti vaicājumam %2.", noResults: "Nekas netika atrasts.",
        previous: "← Iepriekšējā", next: "Nākamā →", pageOf: "%1. lapa no %2", narrow: "Precizēt",
        activeFilters: "Filtri", removeFilter: "noņemt", clearAll: "Notīrīt visus filtrus",
        topic: "Tēma", country: "Valsts", year: "Gads", kind: "Veids", tag: "Atslēgvārds", organization: "Organizācija",
        person: "Persona", added: "Pievienota", changed: "Mainīta", id: "Identifikators", related: "Līdzīgas piezīmes", noRelated: "Līdzīgu piezīmju nav.",
        subtopics: "Apakštēmas", notesInTopic: "Piezīmes šajā tēmā", partOf: "Daļa no tēmas",
        topicReport: "Tēmas pārskats", reportFormats: "Lejupielādēt pārskatu:",
        notFound: "Nav atrasts", notFoundText: "Šādas lapas vai piezīmes nav.", badRequest: "Nepareizs pieprasījums",
        badRequestText: "Adresē ir kļūda, iespējams, tā labota ar roku. Sāciet no sākumlapas vai meklēšanas.",
        serverError: "Kaut kas nogāja greizi", serverErrorText: "Pieprasījumu neizdevās izpildīt. Mēģiniet vēlreiz.",
        backHome: "Uz sākumu", apiNote: "Tie paši dati JSON formātā:",
        newNote: "Jauna piezīme", editNote: "Labot piezīmi", upload: "Augšupielādēt failus", save: "Saglabāt",
        chooseNothing: "— nav —", formInvalid: "Piezīme nav saglabāta: izlabojiet atzīmētos laukus.",
        saved: "Piezīme saglabāta.", uploadHelp: "Piezīmes .md, .jsonl vai .csv failā. Tiek ielādēts viss vai nekas.",
        uploadFile: "Fails", uploadButton: "Ielādēt", uploadRefused: "Nekas netika ielādēts. Problēmas:",
        uploaded: "Ielādēts. Jaunas piezīmes: %1, mainītas: %2, bez izmaiņām: %3.",
        listHelp: "Katru savā rindā.", occurredHelp: "GGGG, GGGG-MM, GGGG-MM-DD vai DD.MM.GGGG",
        idHelp: "Mazie burti a–z, cipari, - _ . Ja atstāj tukšu, to izveido no nosaukuma.",
        encoding: "Kodējums", encodingHelp: "Excel latviešu Windows „CSV” saglabā Windows-1257; „CSV UTF-8” un teksta redaktori — UTF-8.",
        encodingAutomatic: "UTF-8 (parasti)", encodingExcel: "Excel „CSV” latviešu Windows",
        notUTF8: "fails nav UTF-8 teksts. Ja tas saglabāts ar Excel kā „CSV”, izvēlieties kodējumu Windows-1257 un ielādējiet vēlreiz (vai saglabājiet to kā „CSV UTF-8”).",
        replaceExisting: "Aizstāt piezīmes ar tādu pašu identifikatoru",
        replaceExistingHelp: "Bez šīs atzīmes fails, kurā ir jau esošas piezīmes identifikators ar citu saturu, netiek ielādēts, lai nepārrakstītu kolēģa piezīmi.",
        existingNoteHint: "šāda piezīme jau ir; dodiet citu identifikatoru vai atzīmējiet „Aizstāt”.",
        editConflict: "Piezīme nav saglabāta: kamēr to labojāt, kāds cits saglabāja savas izmaiņas. Jūsu teksts ir šeit; zem laukiem, kas atšķiras, redzama saglabātā versija. Izlemiet, ko paturēt, un saglabājiet vēlreiz.",
        editConflictLink: "Saglabātā versija (jaunā cilnē)",
        forbidden: "Nav atļauts", otherSite: "Veidlapa nosūtīta no citas vietnes; tā netika pieņemta.",
        staleToken: "Piezīme nav saglabāta: veidlapas drošības pilnvara nav derīga (piemēram, notīrītas sīkdatnes). Jūsu teksts ir šeit; pārbaudiet to un saglabājiet vēlreiz.",
        readOnly: "Šajā serverī piezīmes var tikai lasīt un meklēt. Lai pievienotu vai labotu piezīmes, palūdziet tā uzturētājam to palaist ar rakstīšanas atļauju (pieredze serve --allow-writes).",
        tooLarge: "Pārāk liels", tooLargeText: "Nosūtītais ir lielāks par atļauto. Sadaliet failu mazākos un ielādējiet tos pa vienam.",
        unsupportedFile: "šādu failu nevar ielādēt. Excel darbgrāmatu (.xlsx) saglabājiet kā „CSV UTF-8” (Fails › Saglabāt kā) un ielādējiet to; der arī .md un .jsonl faili.",
        pages: "Lapas", markdownHelp: "Var lietot Markdown: **treknraksts**, saraksts ar „- ” rindas sākumā.",
        organizationsHelp: "Katrā rindā: nosaukums | valsts | veids, piemēram, „Latvijas Pašvaldību savienība | LV | asociācija”; valsti un veidu var nerakstīt.",
        peopleHelp: "Katrā rindā: vārds un uzvārds | loma | organizācija, piemēram, „Jānis Bērziņš | eksperts | LPS”; lomu un organizāciju var nerakstīt.",
        uploadedNotes: "Ielādētās piezīmes:", savedVersion: "Saglabātajā versijā:",
        template: "Tukša tabula Excel (CSV)", templateHelp: "Katra piezīme savā rindā; sarakstu vērtības atdala ar semikolu. Saglabājiet kā „CSV UTF-8” (ja kā „CSV”, izvēlieties kodējumu Windows-1257) un ielādējiet šeit.")

    static let english = SiteLabels(
        language: .en, tagline: "LPS experience knowledge base", home: "Home", search: "Search",
        searchPlaceholder: "e.g. pašvaldību reforma",
        searchHelp: "Notes with all the words first, then with most of them; endings and diacritics do not matter. \"exact phrase\", -exclude, word OR other.",
        topics: "Topics", recentlyChanged: "Recently changed notes", allNotes: "All notes", filteredNotes: "Selected notes",
        noNotesYet: "The knowledge base has no notes yet.", resultsFor: "Search results",
        relaxed: "No note has all the words; showing notes with any of them.",
        didYouMean: "Did you mean", ranSuggestionTemplate: "Nothing was found for \"%1\"; showing results for %2.", noResults: "Nothing found.",
        previous: "← Previous", next: "Next →", pageOf: "Page %1 of %2", narrow: "Narrow down",
        activeFilters: "Filters", removeFilter: "remove", clearAll: "Clear all filters",
        topic: "Topic", country: "Country", year: "Year", kind: "Kind", tag: "Tag", organization: "Organization",
        person: "Person", added: "Added", changed: "Changed", id: "Id", related: "Related notes", noRelated: "No related notes.", subtopics: "Subtopics", notesInTopic: "Notes in this topic",
        partOf: "Part of", topicReport: "Topic report", reportFormats: "Download the report:",
        notFound: "Not found", notFoundText: "There is no such page or note.", badRequest: "Bad request",
        badRequestText: "The address has a mistake in it, perhaps from editing it by hand. Start again from the start page or the search.",
        serverError: "Something went wrong", serverErrorText: "The request could not be completed. Please try again.",
        backHome: "Back to the start", apiNote: "The same data as JSON:",
        newNote: "New note", editNote: "Edit note", upload: "Upload files", save: "Save", chooseNothing: "— none —", formInvalid: "Not saved: please correct the marked fields.", saved: "Saved.",
        uploadHelp: "Notes in a .md, .jsonl or .csv file. Everything is loaded, or nothing.", uploadFile: "File",
        uploadButton: "Load", uploadRefused: "Nothing was loaded. Problems:",
        uploaded: "Loaded. New notes: %1, changed: %2, unchanged: %3.", listHelp: "Each on its own line.", occurredHelp: "YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY",
        idHelp: "Lower-case a–z, digits, - _ . Left empty, it is made from the title.",
        encoding: "Encoding", encodingHelp: "Excel's \"CSV\" on Latvian Windows is Windows-1257; \"CSV UTF-8\" and text editors write UTF-8.",
        encodingAutomatic: "UTF-8 (usual)", encodingExcel: "Excel \"CSV\" on Latvian Windows",
        notUTF8: "the file is not UTF-8 text. If Excel saved it as \"CSV\", choose the encoding Windows-1257 and load it again (or save it as \"CSV UTF-8\").",
        replaceExisting: "Replace notes with the same id",
        replaceExistingHelp: "Without this, a file holding an existing note's id with other content is not loaded, so a colleague's note is not overwritten.",
        existingNoteHint: "such a note exists; give another id or tick \"Replace\".",
        editConflict: "Not saved: someone else saved changes to this note while you were editing it. Your text is kept here; under each field that differs you see the saved version. Decide what to keep and save again.",
        editConflictLink: "The saved version (new tab)",
        forbidden: "Not allowed", otherSite: "The form was sent from another site; it was not accepted.",
        staleToken: "Not saved: the form's security token is not valid (cookies cleared, for instance). Your text is kept here; check it and save again.",
        readOnly: "On this server notes can only be read and searched. To add or edit notes, ask whoever runs it to start it with writing allowed (pieredze serve --allow-writes).",
        tooLarge: "Too large", tooLargeText: "What was sent is larger than allowed. Split the file and load the parts one by one.",
        unsupportedFile: "this kind of file cannot be loaded. Save an Excel workbook (.xlsx) as \"CSV UTF-8\" (File › Save As) and load that; .md and .jsonl files are fine too.",
        pages: "Pages", markdownHelp: "Markdown works: **bold**, a list with \"- \" at the start of a line.",
        organizationsHelp: "One a line: name | country | kind, e.g. \"Latvijas Pašvaldību savienība | LV | association\"; country and kind may be left out.",
        peopleHelp: "One a line: name | role | organization, e.g. \"Jānis Bērziņš | expert | LPS\"; role and organization may be left out.",
        uploadedNotes: "Loaded notes:", savedVersion: "In the saved version:",
        template: "An empty table for Excel (CSV)", templateHelp: "One note a row; separate list values with a semicolon. Save as \"CSV UTF-8\" (if as \"CSV\", choose the encoding Windows-1257) and load it here.")

    static let russian = SiteLabels(
        language: .ru, tagline: "База знаний об опыте LPS", home: "Главная", search: "Искать",
        searchPlaceholder: "например, pašvaldību reforma",
        searchHelp: "Сначала заметки со всеми словами, затем с большинством; окончания и диакритика не важны. \"точная фраза\", -исключить, слово OR другое.",
        topics: "Темы", recentlyChanged: "Недавно изменённые заметки", allNotes: "Все заметки", filteredNotes: "Отобранные заметки",
        noNotesYet: "В базе знаний пока нет заметок.", resultsFor: "Результаты поиска",
        relaxed: "Ни в одной заметке нет всех слов; показаны заметки с любым из них.",
        didYouMean: "Возможно, вы имели в виду", ranSuggestionTemplate: "По запросу «%1» ничего не найдено; показаны результаты по запросу %2.", noResults: "Ничего не найдено.",
        previous: "← Назад", next: "Вперёд →", pageOf: "Страница %1 из %2", narrow: "Уточнить",
        activeFilters: "Фильтры", removeFilter: "убрать", clearAll: "Сбросить все фильтры",
        topic: "Тема", country: "Страна", year: "Год", kind: "Тип", tag: "Ключевое слово", organization: "Организация",
        person: "Человек", added: "Добавлена", changed: "Изменена", id: "Идентификатор", related: "Похожие заметки", noRelated: "Похожих заметок нет.", subtopics: "Подтемы",
        notesInTopic: "Заметки по теме", partOf: "Часть темы", topicReport: "Отчёт по теме",
        reportFormats: "Скачать отчёт:", notFound: "Не найдено", notFoundText: "Такой страницы или заметки нет.",
        badRequest: "Неверный запрос",
        badRequestText: "В адресе ошибка, возможно, он исправлен вручную. Начните с главной страницы или поиска.", serverError: "Что-то пошло не так",
        serverErrorText: "Запрос не удалось выполнить. Попробуйте ещё раз.", backHome: "На главную",
        apiNote: "Те же данные в JSON:", newNote: "Новая заметка", editNote: "Изменить заметку",
        upload: "Загрузить файлы", save: "Сохранить", chooseNothing: "— нет —",
        formInvalid: "Не сохранено: исправьте отмеченные поля.", saved: "Сохранено.",
        uploadHelp: "Заметки в файле .md, .jsonl или .csv. Загружается всё или ничего.", uploadFile: "Файл",
        uploadButton: "Загрузить", uploadRefused: "Ничего не загружено. Проблемы:",
        uploaded: "Загружено: новых %1, изменённых %2, без изменений %3.", listHelp: "Каждое с новой строки.",
        occurredHelp: "ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД или ДД.ММ.ГГГГ",
        idHelp: "Строчные a–z, цифры, - _ . Если оставить пустым, он составляется из названия.",
        encoding: "Кодировка", encodingHelp: "Excel «CSV» в латышской Windows — это Windows-1257; «CSV UTF-8» и текстовые редакторы пишут UTF-8.",
        encodingAutomatic: "UTF-8 (обычно)", encodingExcel: "Excel «CSV» в латышской Windows",
        notUTF8: "файл не в кодировке UTF-8. Если Excel сохранил его как «CSV», выберите кодировку Windows-1257 и загрузите снова (или сохраните его как «CSV UTF-8»).",
        replaceExisting: "Заменять заметки с тем же идентификатором",
        replaceExistingHelp: "Без этой отметки файл, где есть идентификатор существующей заметки с другим содержанием, не загружается, чтобы не перезаписать заметку коллеги.",
        existingNoteHint: "такая заметка уже есть; дайте другой идентификатор или отметьте «Заменять».",
        editConflict: "Не сохранено: пока вы редактировали, кто-то другой сохранил изменения этой заметки. Ваш текст сохранён здесь; под каждым отличающимся полем видна сохранённая версия. Решите, что оставить, и сохраните ещё раз.",
        editConflictLink: "Сохранённая версия (в новой вкладке)",
        forbidden: "Не разрешено", otherSite: "Форма отправлена с другого сайта; она не принята.",
        staleToken: "Не сохранено: токен безопасности формы недействителен (например, очищены cookie). Ваш текст сохранён здесь; проверьте его и сохраните ещё раз.",
        readOnly: "На этом сервере заметки можно только читать и искать. Чтобы добавлять или изменять заметки, попросите администратора запустить его с разрешением записи (pieredze serve --allow-writes).",
        tooLarge: "Слишком большой запрос", tooLargeText: "Отправленное больше допустимого. Разделите файл и загрузите части по очереди.",
        unsupportedFile: "такой файл загрузить нельзя. Сохраните книгу Excel (.xlsx) как «CSV UTF-8» (Файл › Сохранить как) и загрузите её; подходят и файлы .md и .jsonl.",
        pages: "Страницы", markdownHelp: "Можно использовать Markdown: **жирный**, список с «- » в начале строки.",
        organizationsHelp: "В каждой строке: название | страна | тип, например «Latvijas Pašvaldību savienība | LV | ассоциация»; страну и тип можно не писать.",
        peopleHelp: "В каждой строке: имя | роль | организация, например «Jānis Bērziņš | эксперт | LPS»; роль и организацию можно не писать.",
        uploadedNotes: "Загруженные заметки:", savedVersion: "В сохранённой версии:",
        template: "Пустая таблица для Excel (CSV)", templateHelp: "Каждая заметка в своей строке; значения списков разделяйте точкой с запятой. Сохраните как «CSV UTF-8» (если как «CSV», выберите кодировку Windows-1257) и загрузите здесь.")
}
