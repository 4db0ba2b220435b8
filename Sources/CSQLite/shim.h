#ifndef PIEREDZE_CSQLITE_SHIM_H
#define PIEREDZE_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot call C variadic functions, so the few sqlite3 calls that are variadic get
// fixed-arity wrappers here.

/// Turns double-quoted string literals off for DDL and DML: with them on, a misspelt column
/// name in double quotes silently becomes a string.
static inline int pieredze_disable_dqs(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
}

/// Turns on defensive mode, which keeps ordinary SQL from corrupting the file (writable_schema…).
static inline int pieredze_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}

/// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot spell.
static inline sqlite3_destructor_type pieredze_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
