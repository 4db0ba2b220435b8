import CSQLite
import LatvianText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `latvian` FTS5 tokenizer: SQLite's `unicode61` (lower-casing, diacritic folding, word
/// boundaries) followed by the Latvian stemmer, so `pašvaldību`, `pašvaldības` and `pasvaldibu`
/// all index and query as one term.
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
    /// Scratch space the stemmer rewrites a token in: allocated once, so tokenizing allocates nothing.
    var buffer: UnsafeMutablePointer<UInt8>
    /// `surface 1`: also index each word's folded surface form, colocated with its stem. Off by
    /// default: measured (make bench-load) it makes the index much larger and the load slower
    /// for little gain, see the README.
    var indexesSurface: Bool
}

/// Tokens longer than this are passed through unstemmed (they are not Latvian words).
private let maximumStemmedLength = 64
private let bufferCapacity = maximumStemmedLength + 8

/// What the per-token callback needs: the caller's callback and context, and the scratch buffer.
private struct TokenizeCall {
    var callerContext: UnsafeMutableRawPointer?
    var callerToken: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
    var buffer: UnsafeMutablePointer<UInt8>
    var stems: Bool
    /// Documents: emit the folded surface form too, colocated, where it differs from the stem.
    var addsSurface: Bool
    /// Query terms (not prefixes) also match the pairs of `addQuerySynonyms`.
    var addsQuerySynonyms: Bool
}

private func createTokenizer(
    _ context: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<UnsafePointer<CChar>?>?, _ argumentCount: Int32,
    _ output: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let context, let output else { return SQLITE_MISUSE }
    let base = context.assumingMemoryBound(to: BaseTokenizer.self).pointee
    // Forward our arguments to unicode61, defaulting to remove_diacritics 2 (fold ā→a, š→s, …).
    var forwarded: [String] = (0..<Int(argumentCount)).compactMap { index in arguments?[index].map { String(cString: $0) } }
    var indexesSurface = false
    if let option = forwarded.firstIndex(of: "surface"), option + 1 < forwarded.count {
        indexesSurface = forwarded[option + 1] == "1"
        forwarded.removeSubrange(option...(option + 1))
    }
    if !forwarded.contains("remove_diacritics") { forwarded += ["remove_diacritics", "2"] }
    var baseInstance: OpaquePointer?
    let code = withCStrings(forwarded) { pointers in
        pointers.withUnsafeMutableBufferPointer { buffer in
            base.methods.xCreate(base.context, buffer.baseAddress, Int32(forwarded.count), &baseInstance)
        }
    }
    guard code == SQLITE_OK else { return code }
    let instance = UnsafeMutablePointer<TokenizerInstance>.allocate(capacity: 1)
    instance.initialize(to: TokenizerInstance(
        base: base, baseInstance: baseInstance, buffer: .allocate(capacity: bufferCapacity), indexesSurface: indexesSurface))
    output.pointee = OpaquePointer(instance)
    return SQLITE_OK
}

private func deleteTokenizer(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    let instance = UnsafeMutablePointer<TokenizerInstance>(pointer)
    instance.pointee.base.methods.xDelete(instance.pointee.baseInstance)
    instance.pointee.buffer.deallocate()
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
    var call = TokenizeCall(
        callerContext: callerContext, callerToken: callerToken, buffer: instance.buffer,
        stems: flags & FTS5_TOKENIZE_PREFIX == 0,
        addsSurface: instance.indexesSurface && flags & FTS5_TOKENIZE_DOCUMENT != 0,
        addsQuerySynonyms: flags & FTS5_TOKENIZE_QUERY != 0 && flags & FTS5_TOKENIZE_PREFIX == 0)
    return withUnsafeMutablePointer(to: &call) { callPointer in
        instance.base.methods.xTokenize(instance.baseInstance, callPointer, flags, text, textLength, stemToken)
    }
}

/// Called by unicode61 for each folded token: stems it in the scratch buffer and hands it on.
private func stemToken(
    _ context: UnsafeMutableRawPointer?, _ tokenFlags: Int32, _ token: UnsafePointer<CChar>?, _ length: Int32,
    _ start: Int32, _ end: Int32
) -> Int32 {
    let call = context!.assumingMemoryBound(to: TokenizeCall.self).pointee
    guard call.stems, let token, length > 0, Int(length) <= maximumStemmedLength else {
        return call.callerToken!(call.callerContext, tokenFlags, token, length, start, end)
    }
    let buffer = call.buffer
    UnsafeMutableRawPointer(buffer).copyMemory(from: token, byteCount: Int(length))
    let stemmedLength = LatvianStemmer.stem(UnsafeMutableBufferPointer(start: buffer, count: bufferCapacity), count: Int(length))
    let code = buffer.withMemoryRebound(to: CChar.self, capacity: bufferCapacity) { stemmed in
        call.callerToken!(call.callerContext, tokenFlags, stemmed, Int32(stemmedLength), start, end)
    }
    if code == SQLITE_OK, call.addsSurface, stemmedLength != Int(length) || memcmp(buffer, token, Int(length)) != 0 {
        return call.callerToken!(call.callerContext, FTS5_TOKEN_COLOCATED, token, length, start, end)
    }
    guard code == SQLITE_OK, call.addsQuerySynonyms else { return code }
    return addQuerySynonyms(call, token: token, length: Int(length), stemLength: stemmedLength, start: start, end: end)
}

/// The thematic vowels (folded ā, ē, ī, o) that join a verb's root to its verbal noun in `-šana`.
private let thematicVowels: [UInt8] = Array("aeio".utf8)
private let verbalNounEnding: [UInt8] = Array("san".utf8)
private let reflexiveInfinitiveOfIVerb: [UInt8] = Array("ities".utf8)

/// Query-time synonyms, emitted as colocated tokens, for pairs the stemmer keeps apart on
/// purpose, and only where the word the user typed shows the pair:
///
/// - an infinitive and its verbal noun: `lobēt` finds "lobēšana", `apvienošana` finds
///   "apvienot". Joining them in the index would merge `veidošana` with `veids`. An infinitive
///   `root + vowel + t` (lobēt → lob) adds `root + vowel + san` (lobesan); a verbal-noun stem
///   `root + vowel + san` adds `root`.
/// - an -īt verb and its past in -īj-: `parakstīt` finds "parakstīja", `piedalīties` finds
///   "piedalījās". The stemmer keeps -īj- because -ija nouns need it (Krievija apart from
///   krievs), and the past of -īt verbs folds to the same letters. An -īt/-īties infinitive
///   adds `root + ij`; a stem in -ij (a past, or an -ija noun) adds the stem without it.
///
/// Two extra tokens at most, so a query costs little more than without.
private func addQuerySynonyms(_ call: TokenizeCall, token: UnsafePointer<CChar>, length: Int, stemLength: Int,
                              start: Int32, end: Int32) -> Int32 {
    let buffer = call.buffer
    func emit(_ length: Int) -> Int32 {
        buffer.withMemoryRebound(to: CChar.self, capacity: bufferCapacity) { stemmed in
            call.callerToken!(call.callerContext, FTS5_TOKEN_COLOCATED, stemmed, Int32(length), start, end)
        }
    }
    guard stemLength >= 3 else { return SQLITE_OK }
    // A verbal noun's stem: root + vowel + "san" → also the root.
    if stemLength >= 7, buffer[stemLength - 3] == verbalNounEnding[0], buffer[stemLength - 2] == verbalNounEnding[1],
       buffer[stemLength - 1] == verbalNounEnding[2], thematicVowels.contains(buffer[stemLength - 4]) {
        return emit(stemLength - 4)
    }
    // A stem in -ij (the past of an -īt verb, or an -ija noun) → also the stem without it.
    if stemLength >= 5, buffer[stemLength - 2] == UInt8(ascii: "i"), buffer[stemLength - 1] == UInt8(ascii: "j") {
        return emit(stemLength - 2)
    }
    guard stemLength + 4 <= bufferCapacity else { return SQLITE_OK }
    let word = UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self)
    func addPastOfIVerb() -> Int32 {
        buffer[stemLength] = UInt8(ascii: "i")
        buffer[stemLength + 1] = UInt8(ascii: "j")
        return emit(stemLength + 2)
    }
    // A reflexive -īties infinitive cut to its root → also root + "ij" (piedalīties, piedalījās).
    if length == stemLength + reflexiveInfinitiveOfIVerb.count,
       (0..<reflexiveInfinitiveOfIVerb.count).allSatisfy({ word[stemLength + $0] == reflexiveInfinitiveOfIVerb[$0] }) {
        return addPastOfIVerb()
    }
    // An infinitive the stemmer cut to its root: root + vowel + "t" → also root + vowel + "san",
    // and for an -īt verb root + "ij".
    guard length == stemLength + 2, word[length - 1] == UInt8(ascii: "t"), thematicVowels.contains(word[length - 2]) else {
        return SQLITE_OK
    }
    let vowel = word[length - 2]
    buffer[stemLength] = vowel
    buffer[stemLength + 1] = verbalNounEnding[0]
    buffer[stemLength + 2] = verbalNounEnding[1]
    buffer[stemLength + 3] = verbalNounEnding[2]
    let code = emit(stemLength + 4)
    guard code == SQLITE_OK, vowel == UInt8(ascii: "i") else { return code }
    return addPastOfIVerb()
}

/// Calls `body` with C strings for `strings`, valid only during the call.
private func withCStrings<R>(_ strings: [String], _ body: (inout [UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies.map { UnsafePointer($0) }
    return body(&pointers)
}
