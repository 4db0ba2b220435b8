import LatvianFTS5
import PieredzeStorage

/// The `latvian` FTS5 tokenizer and the `coverage` ranking function (module `LatvianFTS5`) on
/// Pieredze's connections, with their errors as `SQLiteError`s.
public enum LatvianTokenizer {
    public static let name = LatvianFTS5.tokenizerName
    public typealias Token = LatvianFTS5.Token
    public typealias Mode = LatvianFTS5.Mode

    /// Registers the tokenizer and the `coverage` ranking function (`CoverageRank`) on
    /// `connection`; `KnowledgeBase` calls it for every connection it opens.
    public static func register(on connection: Connection) throws {
        do {
            try LatvianFTS5.register(on: connection.handle)
            try CoverageRank.register(on: connection.handle)
        } catch {
            throw SQLiteError(resultCode: .init(rawValue: error.code), message: error.message)
        }
    }

    /// Runs the registered tokenizer over `text` as FTS5 would: for `pieredze analyze --tokens`
    /// and the tokenizer's tests.
    public static func tokens(of text: String, mode: Mode = .document, on connection: Connection) throws -> [Token] {
        do {
            return try LatvianFTS5.tokens(of: text, mode: mode, on: connection.handle)
        } catch {
            throw SQLiteError(resultCode: .init(rawValue: error.code), message: error.message)
        }
    }
}
