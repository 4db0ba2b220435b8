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

    /// True for a valid note id: lower-case ASCII letters, digits, `.`, `_` and `-`.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 200 && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}
