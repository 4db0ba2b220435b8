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
    guard let routines else { return SQLITE_MISUSE }
    guard pieredze_host_uses_linked_sqlite(routines) != 0 else {
        errorMessage?.pointee = pieredze_host_string(routines, """
            liblatvian needs the system SQLite library (libsqlite3.so.0), and this program runs its own copy of SQLite
            """)
        return SQLITE_ERROR
    }
    guard let db else { return SQLITE_MISUSE }
    do {
        try LatvianFTS5.register(on: db)
        // The ranking function of `pieredze search`, so the shell ranks partial matches the same way.
        try CoverageRank.register(on: db)
        return SQLITE_OK
    } catch {
        errorMessage?.pointee = pieredze_host_string(routines, error.description)
        return error.code
    }
}
