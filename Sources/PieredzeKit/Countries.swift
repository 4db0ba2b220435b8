import LatvianText

/// Countries Pieredze knows, by ISO 3166-1 alpha-2 code, with Latvian, English and Russian names
/// (the Russian ones for display; Kyrgyzstan, Belarus and Moldova as they name themselves in
/// Russian: Кыргызстан, Беларусь, Молдова).
///
/// Notes may name a country by code (`KG`) or by name (`Kirgizstāna`, `Kyrgyzstan`); it is
/// stored as the code. The list covers Europe, the post-Soviet states and LPS's usual partners.
public enum Countries {
    public struct Country: Sendable, Hashable {
        public let code: String
        public let nameLV: String
        public let nameEN: String
        /// For display only: notes name a country by code, or its Latvian or English name.
        public let nameRU: String
    }

    public static let all: [Country] = [
        ("AF", "Afganistāna", "Afghanistan", "Афганистан"),
        ("AL", "Albānija", "Albania", "Албания"),
        ("AM", "Armēnija", "Armenia", "Армения"),
        ("AT", "Austrija", "Austria", "Австрия"),
        ("AZ", "Azerbaidžāna", "Azerbaijan", "Азербайджан"),
        ("BA", "Bosnija un Hercegovina", "Bosnia and Herzegovina", "Босния и Герцеговина"),
        ("BE", "Beļģija", "Belgium", "Бельгия"),
        ("BG", "Bulgārija", "Bulgaria", "Болгария"),
        ("BY", "Baltkrievija", "Belarus", "Беларусь"),
        ("CA", "Kanāda", "Canada", "Канада"),
        ("CH", "Šveice", "Switzerland", "Швейцария"),
        ("CN", "Ķīna", "China", "Китай"),
        ("CY", "Kipra", "Cyprus", "Кипр"),
        ("CZ", "Čehija", "Czechia", "Чехия"),
        ("DE", "Vācija", "Germany", "Германия"),
        ("DK", "Dānija", "Denmark", "Дания"),
        ("EE", "Igaunija", "Estonia", "Эстония"),
        ("ES", "Spānija", "Spain", "Испания"),
        ("FI", "Somija", "Finland", "Финляндия"),
        ("FR", "Francija", "France", "Франция"),
        ("GB", "Apvienotā Karaliste", "United Kingdom", "Великобритания"),
        ("GE", "Gruzija", "Georgia", "Грузия"),
        ("GR", "Grieķija", "Greece", "Греция"),
        ("HR", "Horvātija", "Croatia", "Хорватия"),
        ("HU", "Ungārija", "Hungary", "Венгрия"),
        ("IE", "Īrija", "Ireland", "Ирландия"),
        ("IS", "Islande", "Iceland", "Исландия"),
        ("IT", "Itālija", "Italy", "Италия"),
        ("JP", "Japāna", "Japan", "Япония"),
        ("KG", "Kirgizstāna", "Kyrgyzstan", "Кыргызстан"),
        ("KZ", "Kazahstāna", "Kazakhstan", "Казахстан"),
        ("LT", "Lietuva", "Lithuania", "Литва"),
        ("LU", "Luksemburga", "Luxembourg", "Люксембург"),
        ("LV", "Latvija", "Latvia", "Латвия"),
        ("MD", "Moldova", "Moldova", "Молдова"),
        ("ME", "Melnkalne", "Montenegro", "Черногория"),
        ("MK", "Ziemeļmaķedonija", "North Macedonia", "Северная Македония"),
        ("MN", "Mongolija", "Mongolia", "Монголия"),
        ("MT", "Malta", "Malta", "Мальта"),
        ("NL", "Nīderlande", "Netherlands", "Нидерланды"),
        ("NO", "Norvēģija", "Norway", "Норвегия"),
        ("PL", "Polija", "Poland", "Польша"),
        ("PT", "Portugāle", "Portugal", "Португалия"),
        ("RO", "Rumānija", "Romania", "Румыния"),
        ("RS", "Serbija", "Serbia", "Сербия"),
        ("RU", "Krievija", "Russia", "Россия"),
        ("SE", "Zviedrija", "Sweden", "Швеция"),
        ("SI", "Slovēnija", "Slovenia", "Словения"),
        ("SK", "Slovākija", "Slovakia", "Словакия"),
        ("TJ", "Tadžikistāna", "Tajikistan", "Таджикистан"),
        ("TM", "Turkmenistāna", "Turkmenistan", "Туркменистан"),
        ("TR", "Turcija", "Türkiye", "Турция"),
        ("UA", "Ukraina", "Ukraine", "Украина"),
        ("US", "Amerikas Savienotās Valstis", "United States", "Соединённые Штаты Америки"),
        ("UZ", "Uzbekistāna", "Uzbekistan", "Узбекистан"),
        ("XK", "Kosova", "Kosovo", "Косово"),
    ].map { Country(code: $0.0, nameLV: $0.1, nameEN: $0.2, nameRU: $0.3) }

    private static let byKey: [String: Country] = {
        var map: [String: Country] = [:]
        for country in all {
            for key in [country.code, country.nameLV, country.nameEN, country.nameRU] where !key.isEmpty { map[LatvianFolding.fold(key)] = country }
        }
        map[LatvianFolding.fold("Kirgīzija")] = map["kg"]
        map[LatvianFolding.fold("Kyrgyz Republic")] = map["kg"]
        map[LatvianFolding.fold("ASV")] = map["us"]
        map[LatvianFolding.fold("Lielbritānija")] = map["gb"]
        return map
    }()

    /// The country for a code or a Latvian, English or Russian name, ignoring case and diacritics.
    public static func find(_ text: String) -> Country? {
        byKey[LatvianFolding.fold(text.trimmed)]
    }

    /// The country's name in `language` (`lv`, `en` or `ru`; English for any other), or `code`
    /// itself for a country Pieredze does not know.
    public static func name(of code: String, language: String) -> String {
        guard let country = byKey[code.lowercased()] else { return code }
        switch language {
        case "lv": return country.nameLV
        case "ru": return country.nameRU
        default: return country.nameEN
        }
    }

    public static func name(of code: String, english: Bool = false) -> String {
        name(of: code, language: english ? "en" : "lv")
    }
}
