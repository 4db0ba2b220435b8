import LatvianText

/// Note ids derived from titles.
///
/// A note without `id` gets one from its title: diacritics folded (ā→a, š→s), lower-cased,
/// every run of other characters replaced by one hyphen, trimmed to 80 characters at a word
/// boundary. The same title always gives the same id, so reloading the file updates the same
/// note. (Change the title and the derived id changes too: give notes an explicit `id`.)
public enum Slug {
    public static let maximumLength = 80

    public static func derive(from title: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in LatvianFolding.fold(title).unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        guard slug.count > maximumLength else { return slug }
        let cut = slug.prefix(maximumLength)
        if let lastHyphen = cut.lastIndex(of: "-") { return String(cut[..<lastHyphen]) }
        return String(cut)
    }

    /// A valid note id, in words: what the error message for an invalid one expects.
    public static let idRule = "lower-case letters a–z, digits, '-', '_' or '.', starting with a letter or digit"

    /// True for a valid note id, `^[a-z0-9][a-z0-9._-]*$` of at most 200 characters: lower-case
    /// ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit, so that no id
    /// names a hidden file (`.2018-vizite`), a parent directory (`..`) or an option (`-x`) when
    /// `dump` writes it as a file name. Ids derived from titles (`derive`) always comply.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, isLetterOrDigit(first) else { return false }
        return id.unicodeScalars.count <= 200 && id.unicodeScalars.allSatisfy {
            isLetterOrDigit($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
