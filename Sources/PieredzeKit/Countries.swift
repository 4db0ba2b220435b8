import LatvianText

/// Countries Pieredze knows, by ISO 3166-1 alpha-2 code, with Latvian and English names.
///
/// Notes may name a country by code (`KG`) or by name (`Kirgizstāna`, `Kyrgyzstan`); it is
/// stored as the code. The list covers Europe, the post-Soviet states and LPS's usual partners.
public enum Countries {
    public struct Country: Sendable, Hashable {
        public let code: String
        public let nameLV: String
        public let nameEN: String
    }

    public static let all: [Country] = [
        ("AF", "Afganistāna", "Afghanistan"), ("AL", "Albānija", "Albania"), ("AM", "Armēnija", "Armenia"),
        ("AT", "Austrija", "Austria"), ("AZ", "Azerbaidžāna", "Azerbaijan"), ("BA", "Bosnija un Hercegovina", "Bosnia and Herzegovina"),
        ("BE", "Beļģija", "Belgium"), ("BG", "Bulgārija", "Bulgaria"), ("BY", "Baltkrievija", "Belarus"),
        ("CA", "Kanāda", "Canada"), ("CH", "Šveice", "Switzerland"), ("CN", "Ķīna", "China"),
        ("CY", "Kipra", "Cyprus"), ("CZ", "Čehija", "Czechia"), ("DE", "Vācija", "Germany"),
        ("DK", "Dānija", "Denmark"), ("EE", "Igaunija", "Estonia"), ("ES", "Spānija", "Spain"),
        ("FI", "Somija", "Finland"), ("FR", "Francija", "France"), ("GB", "Apvienotā Karaliste", "United Kingdom"),
        ("GE", "Gruzija", "Georgia"), ("GR", "Grieķija", "Greece"), ("HR", "Horvātija", "Croatia"),
        ("HU", "Ungārija", "Hungary"), ("IE", "Īrija", "Ireland"), ("IS", "Islande", "Iceland"),
        ("IT", "Itālija", "Italy"), ("JP", "Japāna", "Japan"), ("KG", "Kirgizstāna", "Kyrgyzstan"),
        ("KZ", "Kazahstāna", "Kazakhstan"), ("LT", "Lietuva", "Lithuania"), ("LU", "Luksemburga", "Luxembourg"),
        ("LV", "Latvija", "Latvia"), ("MD", "Moldova", "Moldova"), ("ME", "Melnkalne", "Montenegro"),
        ("MK", "Ziemeļmaķedonija", "North Macedonia"), ("MN", "Mongolija", "Mongolia"), ("MT", "Malta", "Malta"),
        ("NL", "Nīderlande", "Netherlands"), ("NO", "Norvēģija", "Norway"), ("PL", "Polija", "Poland"),
        ("PT", "Portugāle", "Portugal"), ("RO", "Rumānija", "Romania"), ("RS", "Serbija", "Serbia"),
        ("RU", "Krievija", "Russia"), ("SE", "Zviedrija", "Sweden"), ("SI", "Slovēnija", "Slovenia"),
        ("SK", "Slovākija", "Slovakia"), ("TJ", "Tadžikistāna", "Tajikistan"), ("TM", "Turkmenistāna", "Turkmenistan"),
        ("TR", "Turcija", "Türkiye"), ("UA", "Ukraina", "Ukraine"), ("US", "Amerikas Savienotās Valstis", "United States"),
        ("UZ", "Uzbekistāna", "Uzbekistan"), ("XK", "Kosova", "Kosovo"),
    ].map { Country(code: $0.0, nameLV: $0.1, nameEN: $0.2) }

    private static let byKey: [String: Country] = {
        var map: [String: Country] = [:]
        for country in all {
            for key in [country.code, country.nameLV, country.nameEN] { map[LatvianFolding.fold(key)] = country }
        }
        map[LatvianFolding.fold("Kirgīzija")] = map["kg"]
        map[LatvianFolding.fold("Kyrgyz Republic")] = map["kg"]
        map[LatvianFolding.fold("ASV")] = map["us"]
        map[LatvianFolding.fold("Lielbritānija")] = map["gb"]
        return map
    }()

    /// The country for a code or a Latvian or English name, ignoring case and diacritics.
    public static func find(_ text: String) -> Country? {
        byKey[LatvianFolding.fold(text.trimmed)]
    }

    public static func name(of code: String, english: Bool = false) -> String {
        guard let country = byKey[code.lowercased()] else { return code }
        return english ? country.nameEN : country.nameLV
    }
}
