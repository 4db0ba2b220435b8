import CSQLiteExtension
import LatvianFTS5

/// The entry point of `liblatvian.so`, the `latvian` tokenizer as an SQLite loadable extension,
/// so the sqlite3 shell, Python's sqlite3 (sqlite-utils, Datasette) and other programs can read
/// and query a Pieredze database, whose `notes_fts` index cannot be used without it:
///
///     sqlite3 pieredze.db -cmd '.load liblatvian' "SELECT id FROM notes_fts WHERE notes_fts MATCH 'reformas'"
///
/// SQLite derives the name `sqlite3_latvian_init` from the file name `liblatvian.so`.
@_cdecl("sqlite3_latvian_init")
public func sqlite3LatvianInit(
    _ db: OpaquePointer?, _ errorMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ routines: UnsafePointer<sqlite3_api_routines>?
) -> Int32 {
    guard pieredze_host_uses_linked_sqlite(routines) != 0 else {
        // Not our SQLite: sqlite3_malloc would be the wrong allocator, so no message can be handed back.
        return SQLITE_ERROR
    }
    guard let db else { return SQLITE_MISUSE }
    do {
        try LatvianFTS5.register(on: db)
        return SQLITE_OK
    } catch {
        errorMessage?.pointee = sqliteString(error.description)
        return error.code
    }
}

/// A copy of `text` in memory from sqlite3_malloc, which SQLite frees after reporting it.
private func sqliteString(_ text: String) -> UnsafeMutablePointer<CChar>? {
    let bytes = Array(text.utf8CString)
    guard let memory = sqlite3_malloc(Int32(bytes.count)) else { return nil }
    let copy = memory.bindMemory(to: CChar.self, capacity: bytes.count)
    copy.initialize(from: bytes, count: bytes.count)
    return copy
}
