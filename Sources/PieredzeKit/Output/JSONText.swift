import Foundation

/// The one way search and note output turn values into JSON text: `Encodable` values through
/// `JSONEncoder`, keys sorted, slashes and non-ASCII letters written as they are, so the same
/// value always gives the same bytes.
public enum JSONText {
    /// `value` as JSON: indented two spaces with `"key" : value` when `pretty`, else on one
    /// line. No trailing newline.
    public static func encode<Value: Encodable>(_ value: Value, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
