/// Runs of combining marks a note may not hold.
///
/// Normalising text (NFC, and the folding behind slugs and section headings) reorders each run
/// of combining marks, and Foundation's reordering takes time quadratic in the run's length:
/// 40,000 marks on one letter took 2 s, a megabyte would take minutes. Unicode's Stream-Safe Text
/// Format (UAX #15 §13) allows at most 30 non-starters (canonical combining class ≠ 0) in a
/// row, far more than any language writes; longer runs are refused.
enum CombiningMarks {
    static let maximumRun = 30

    /// True when `text` has more than `maximumRun` non-starters in a row. One pass; text
    /// entirely below U+0300 (no UTF-8 byte from 0xCC up) has no combining marks and is not
    /// looked at scalar by scalar.
    static func exceedsRun(_ text: some StringProtocol) -> Bool {
        guard text.utf8.contains(where: { $0 >= 0xCC }) else { return false }
        var run = 0
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x300, scalar.properties.canonicalCombiningClass.rawValue != 0 {
                run += 1
                if run > maximumRun { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    static let message = "more than \(maximumRun) combining marks in a row; expected text in Unicode's stream-safe form (UAX #15)"
}
