extension StringProtocol {
    /// The text without leading and trailing white space (new lines included).
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through `NSString` and UTF-16 on Linux and was
    /// a third of the loader's time; this works on the Unicode scalars and copies only when it
    /// has to.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex, let whole = self as? String {
            return whole
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
