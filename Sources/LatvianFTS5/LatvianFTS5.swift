import CSQLite
import LatvianText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `latvian` FTS5 tokenizer: SQLite's `unicode61` (lower-casing, diacritic folding, word
/// boundaries) followed by the Latvian stemmer, so `pašvaldību`, `pašvaldības` and `pasvaldibu`
/// all index and query as one term. The language rules live in `LatvianText`; this is plumbing:
///
/// - invisible characters (`LatvianFolding.invisibleCharacters`) are word characters to
///   unicode61 and removed from the token, so `pašval\u{AD}dība` is `pašvaldība`;
/// - Cyrillic words are stemmed with Snowball's Russian stemmer (`RussianStemmer`); other words
///   of a–z, English ones included, with `LatvianStemmer`;
/// - a document word with a productive prefix is also indexed under its base word's stem,
///   colocated (`LatvianCompounds`: pretkorupcijas → korupcij); `compounds 0` turns it off;
/// - a query word also matches its verb's derivational family, colocated
///   (`LatvianDerivation`: finansēt → finansēšana, finansējums, finansēts, …).
///
/// Offsets are unicode61's, untouched, so `highlight()` and `snippet()` mark words as written.
/// Prefix query terms (`pašv*`) are not stemmed: stems are prefixes of their words, so an
/// unstemmed prefix still matches them. Usage: `tokenize = 'latvian'`; any other arguments are
/// passed to unicode61 (`remove_diacritics 2` is the default).
///
/// This module speaks to a raw `sqlite3 *` only, so that the same code serves Pieredze's own
/// connections and the loadable extension other SQLite programs use (`.load liblatvian`).
public enum LatvianFTS5 {
    public static let tokenizerName = "latvian"

    /// Registers the tokenizer on the connection `db`.
    public static func register(on db: OpaquePointer) throws(LatvianFTS5Error) {
        let api = try fts5API(db)
        var base = fts5_tokenizer()
        var baseContext: UnsafeMutableRawPointer?
        var code = api.pointee.xFindTokenizer(api, "unicode61", &baseContext, &base)
        guard code == SQLITE_OK else { throw LatvianFTS5Error(code: code, message: "FTS5 has no unicode61 tokenizer") }
        let registration = UnsafeMutablePointer<BaseTokenizer>.allocate(capacity: 1)
        registration.initialize(to: BaseTokenizer(methods: base, context: baseContext))
        var methods = fts5_tokenizer(xCreate: createTokenizer, xDelete: deleteTokenizer, xTokenize: tokenize)
        code = api.pointee.xCreateTokenizer(api, tokenizerName, registration, &methods, { pointer in
            pointer?.assumingMemoryBound(to: BaseTokenizer.self).deallocate()
        })
        guard code == SQLITE_OK else {
            registration.deallocate()
            throw LatvianFTS5Error(code: code, message: "cannot register the latvian tokenizer")
        }
    }

    /// One token as FTS5 receives it.
    public struct Token: Sendable, Equatable {
        public var text: String
        /// Byte offsets of the word in the original UTF-8 text.
        public var start: Int
        public var end: Int
        /// `FTS5_TOKEN_*` flags (`FTS5_TOKEN_COLOCATED`).
        public var flags: Int32
    }

    /// What the tokenizer is asked to do: index a document, or read a query (term or prefix).
    public enum Mode: Sendable {
        case document, query, prefixQuery

        var flags: Int32 {
            switch self {
            case .document: return FTS5_TOKENIZE_DOCUMENT
            case .query: return FTS5_TOKENIZE_QUERY
            case .prefixQuery: return FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX
            }
        }
    }

    /// Runs the tokenizer registered on `db` over `text` as FTS5 would: for `pieredze analyze
    /// --tokens` and the tokenizer's tests.
    public static func tokens(of text: String, mode: Mode = .document, on db: OpaquePointer) throws(LatvianFTS5Error) -> [Token] {
        let api = try fts5API(db)
        var methods = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        guard api.pointee.xFindTokenizer(api, tokenizerName, &context, &methods) == SQLITE_OK else {
            throw LatvianFTS5Error(code: SQLITE_ERROR, message: "the latvian tokenizer is not registered on this connection")
        }
        var instance: OpaquePointer?
        guard methods.xCreate(context, nil, 0, &instance) == SQLITE_OK else {
            throw LatvianFTS5Error(code: SQLITE_ERROR, message: "cannot create a latvian tokenizer")
        }
        defer { methods.xDelete(instance) }
        var collected: [Token] = []
        let code = withUnsafeMutablePointer(to: &collected) { collectedPointer in
            text.withCString { cText in
                methods.xTokenize(instance, collectedPointer, mode.flags, cText, Int32(text.utf8.count)) { context, flags, token, length, start, end in
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                    context!.assumingMemoryBound(to: [Token].self).pointee.append(
                        Token(text: String(decoding: bytes, as: UTF8.self), start: Int(start), end: Int(end), flags: flags))
                    return SQLITE_OK
                }
            }
        }
        guard code == SQLITE_OK else { throw LatvianFTS5Error(code: code, message: "tokenizing failed") }
        return collected
    }

    /// The connection's `fts5_api`, obtained the documented way: `SELECT fts5(?1)` with a bound pointer.
    static func fts5API(_ db: OpaquePointer) throws(LatvianFTS5Error) -> UnsafeMutablePointer<fts5_api> {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard code == SQLITE_OK else {
            throw LatvianFTS5Error(code: code, message: "this SQLite has no FTS5")
        }
        var api: UnsafeMutablePointer<fts5_api>?
        code = withUnsafeMutablePointer(to: &api) { pointer in
            sqlite3_bind_pointer(statement, 1, pointer, "fts5_api_ptr", nil)
        }
        guard code == SQLITE_OK else { throw LatvianFTS5Error(code: code, message: "cannot bind fts5_api_ptr") }
        code = sqlite3_step(statement)
        guard code == SQLITE_ROW, let api else {
            throw LatvianFTS5Error(code: code == SQLITE_ROW ? SQLITE_ERROR : code, message: "this SQLite has no FTS5")
        }
        return api
    }
}

/// Why the tokenizer could not be registered or run: an SQLite result code and a sentence.
public struct LatvianFTS5Error: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { "\(message) (SQLite code \(code))" }
}

/// unicode61 as found with `xFindTokenizer`: what each `latvian` instance wraps.
private struct BaseTokenizer {
    var methods: fts5_tokenizer
    var context: UnsafeMutableRawPointer?
}

/// One `latvian` tokenizer instance (one per FTS5 table and connection).
private struct TokenizerInstance {
    var base: BaseTokenizer
    var baseInstance: OpaquePointer?
    var scratch: Scratch
    var options: Options
    /// Snowball's Russian stemmer: one per instance, because it is not thread-safe.
    var russian: RussianStemmer?
}

/// The tokenizer's own arguments (the others go to unicode61).
private struct Options {
    /// `surface 1`: also index each word's folded surface form, colocated with its stem. Off by
    /// default: measured (make bench-load) it makes the index much larger and the load slower
    /// for little gain, see the README.
    var indexesSurface = false
    /// `compounds 0` turns off indexing the base word of a compound (`LatvianCompounds`).
    var splitsCompounds = true
}

/// Tokens longer than this are passed through unstemmed (they are not Latvian words).
private let maximumStemmedLength = 64
private let stemCapacity = maximumStemmedLength + 8
/// Longer tokens keep any invisible characters (no word is this long).
private let wordCapacity = 256

/// Buffers allocated once per instance, so that tokenizing allocates nothing.
private struct Scratch {
    /// The token without invisible characters.
    var word = UnsafeMutablePointer<UInt8>.allocate(capacity: wordCapacity)
    /// Where the stemmer rewrites a word, its compound base or a query alternative.
    var stem = UnsafeMutablePointer<UInt8>.allocate(capacity: stemCapacity)

    func deallocate() {
        word.deallocate()
        stem.deallocate()
    }
}

/// What the per-token callback needs: the caller's callback and context, and the instance's state.
private struct TokenizeCall {
    var callerContext: UnsafeMutableRawPointer?
    var callerToken: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
    /// The text being tokenized, as written: tokens' offsets point into it (`LatvianAcronym`).
    var text: UnsafePointer<CChar>?
    var textLength: Int32
    var scratch: Scratch
    var russian: RussianStemmer?
    var stems: Bool
    /// Documents: emit the folded surface form too, colocated, where it differs from the stem.
    var addsSurface: Bool
    /// Documents: emit a compound's base word too, colocated (`LatvianCompounds`).
    var addsCompoundBase: Bool
    /// Query terms (not prefixes) also match their derivational family (`LatvianDerivation`).
    var addsDerivations: Bool

    func emit(_ bytes: UnsafePointer<UInt8>, _ count: Int, flags: Int32, _ start: Int32, _ end: Int32) -> Int32 {
        UnsafeRawPointer(bytes).withMemoryRebound(to: CChar.self, capacity: count) { token in
            callerToken!(callerContext, flags, token, Int32(count), start, end)
        }
    }
}

private func createTokenizer(
    _ context: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ argumentCount: Int32,
    _ output: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let context, let output else { return SQLITE_MISUSE }
    let base = context.assumingMemoryBound(to: BaseTokenizer.self).pointee
    // Forward our arguments to unicode61, defaulting to remove_diacritics 2 (fold ā→a, š→s, …).
    var forwarded: [String] = (0..<Int(argumentCount)).compactMap { index in arguments?[index].map { String(cString: $0) } }
    var options = Options()
    func takeFlag(_ name: String) -> Bool? {
        guard let option = forwarded.firstIndex(of: name), option + 1 < forwarded.count else { return nil }
        defer { forwarded.removeSubrange(option...(option + 1)) }
        return forwarded[option + 1] == "1"
    }
    if let surface = takeFlag("surface") { options.indexesSurface = surface }
    if let compounds = takeFlag("compounds") { options.splitsCompounds = compounds }
    if !forwarded.contains("remove_diacritics") { forwarded += ["remove_diacritics", "2"] }
    // Invisible characters inside a word are word characters to unicode61, so the word stays
    // one token with offsets over all of it; `stemToken` removes them from the token.
    forwarded += ["tokenchars", String(String.UnicodeScalarView(LatvianFolding.invisibleCharacters))]
    var baseInstance: OpaquePointer?
    let code = withCStrings(forwarded) { pointers in
        pointers.withUnsafeMutableBufferPointer { buffer in
            base.methods.xCreate(base.context, buffer.baseAddress, Int32(forwarded.count), &baseInstance)
        }
    }
    guard code == SQLITE_OK else { return code }
    let instance = UnsafeMutablePointer<TokenizerInstance>.allocate(capacity: 1)
    instance.initialize(to: TokenizerInstance(
        base: base, baseInstance: baseInstance, scratch: Scratch(), options: options, russian: RussianStemmer()))
    output.pointee = OpaquePointer(instance)
    return SQLITE_OK
}

private func deleteTokenizer(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    let instance = UnsafeMutablePointer<TokenizerInstance>(pointer)
    instance.pointee.base.methods.xDelete(instance.pointee.baseInstance)
    instance.pointee.scratch.deallocate()
    instance.pointee.russian?.close()
    instance.deinitialize(count: 1)
    instance.deallocate()
}

private func tokenize(
    _ pointer: OpaquePointer?, _ callerContext: UnsafeMutableRawPointer?, _ flags: Int32,
    _ text: UnsafePointer<CChar>?, _ textLength: Int32,
    _ callerToken: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
) -> Int32 {
    guard let pointer else { return SQLITE_MISUSE }
    let instance = UnsafeMutablePointer<TokenizerInstance>(pointer).pointee
    let isDocument = flags & FTS5_TOKENIZE_DOCUMENT != 0
    var call = TokenizeCall(
        callerContext: callerContext, callerToken: callerToken, text: text, textLength: textLength,
        scratch: instance.scratch, russian: instance.russian,
        stems: flags & FTS5_TOKENIZE_PREFIX == 0,
        addsSurface: instance.options.indexesSurface && isDocument,
        addsCompoundBase: instance.options.splitsCompounds && isDocument,
        addsDerivations: flags & FTS5_TOKENIZE_QUERY != 0 && flags & FTS5_TOKENIZE_PREFIX == 0)
    return withUnsafeMutablePointer(to: &call) { callPointer in
        instance.base.methods.xTokenize(instance.baseInstance, callPointer, flags, text, textLength, stemToken)
    }
}

/// Called by unicode61 for each folded token: removes invisible characters, stems the word
/// (Latvian, or Russian for Cyrillic words) and hands it on, followed by its colocated extras.
private func stemToken(
    _ context: UnsafeMutableRawPointer?, _ tokenFlags: Int32, _ token: UnsafePointer<CChar>?, _ length: Int32,
    _ start: Int32, _ end: Int32
) -> Int32 {
    let call = context!.assumingMemoryBound(to: TokenizeCall.self).pointee
    guard let token, length > 0, Int(length) <= wordCapacity else {
        return call.callerToken!(call.callerContext, tokenFlags, token, length, start, end)
    }
    let scratch = call.scratch
    let word = scratch.word
    UnsafeMutableRawPointer(word).copyMemory(from: token, byteCount: Int(length))
    let count = LatvianFolding.removeInvisibleCharacters(word, count: Int(length))
    guard count > 0 else { return SQLITE_OK }  // nothing but invisible characters
    guard call.stems, count <= maximumStemmedLength else { return call.emit(word, count, flags: tokenFlags, start, end) }
    // An acronym as written (`VARAM`, not "varam", we can) is kept whole: no stem, no family.
    // In a query, a word in capitals as long as `LatvianAcronym.queryWordLength` is more likely a
    // word typed in capitals (`PAŠVALDĪBU REFORMA`) than an acronym: it also gets its stem and
    // family, colocated, so it finds what the same word in small letters finds.
    var stemFlags = tokenFlags
    if let text = call.text, start >= 0, end > start, end <= call.textLength,
       UnsafeRawPointer(text + Int(start)).withMemoryRebound(to: UInt8.self, capacity: Int(end - start), {
           LatvianAcronym.isAcronym($0, count: Int(end - start))
       }) {
        let whole = call.emit(word, count, flags: tokenFlags, start, end)
        guard whole == SQLITE_OK, call.addsDerivations, count >= LatvianAcronym.queryWordLength else { return whole }
        stemFlags = FTS5_TOKEN_COLOCATED
    }

    if let russian = call.russian, RussianStemmer.isRussianWord(word, count: count),
       let code = russian.withStem(of: word, count: count, { stem, stemLength in
           call.emit(stem, stemLength, flags: tokenFlags, start, end)
       }) {
        return code
    }

    let stem = scratch.stem
    stem.update(from: word, count: count)
    let stemLength = LatvianStemmer.stem(UnsafeMutableBufferPointer(start: stem, count: stemCapacity), count: count)
    var code = call.emit(stem, stemLength, flags: stemFlags, start, end)
    if code == SQLITE_OK, call.addsSurface, stemLength != count || memcmp(stem, word, count) != 0 {
        code = call.emit(word, count, flags: FTS5_TOKEN_COLOCATED, start, end)
    }
    if code == SQLITE_OK, call.addsCompoundBase {
        let baseStart = LatvianCompounds.baseWordStart(word, count: count)
        if baseStart > 0 {
            let baseCount = count - baseStart
            stem.update(from: word + baseStart, count: baseCount)
            let baseStemLength = LatvianStemmer.stem(UnsafeMutableBufferPointer(start: stem, count: stemCapacity), count: baseCount)
            code = call.emit(stem, baseStemLength, flags: FTS5_TOKEN_COLOCATED, start, end)
        }
    }
    if code == SQLITE_OK, call.addsDerivations {
        // `stem` still holds the word's stem: compounds and surface forms are for documents only.
        // Query tokens only, so building strings here costs the index nothing.
        let alternatives = LatvianDerivation.queryAlternatives(
            forWord: String(decoding: UnsafeBufferPointer(start: word, count: count), as: UTF8.self),
            stem: String(decoding: UnsafeBufferPointer(start: stem, count: stemLength), as: UTF8.self))
        for alternative in alternatives where code == SQLITE_OK {
            var alternative = alternative
            code = alternative.withUTF8 { bytes in call.emit(bytes.baseAddress!, bytes.count, flags: FTS5_TOKEN_COLOCATED, start, end) }
        }
    }
    return code
}

/// Calls `body` with C strings for `strings`, valid only during the call.
private func withCStrings<R>(_ strings: [String], _ body: (inout [UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies.map { UnsafePointer($0) }
    return body(&pointers)
}
