#ifndef PIEREDZE_CSQLITE_EXTENSION_H
#define PIEREDZE_CSQLITE_EXTENSION_H

#include <sqlite3.h>

// What the loadable extension needs beyond sqlite3.h: a way to tell whether the program that
// loads it runs the same SQLite library the extension is linked with.

/// sqlite3_step as this library links it, taken before sqlite3ext.h turns the name into a macro.
static inline void *pieredze_linked_sqlite3_step(void) {
    return (void *)sqlite3_step;
}

#include <sqlite3ext.h>

/// True when the loading program's SQLite (its routines table) is the linked libsqlite3. The
/// extension calls SQLite directly, so in a program with a second, private copy of SQLite (a
/// static build, another Python) it must refuse to load rather than hand one library's
/// connection to the other.
static inline int pieredze_host_uses_linked_sqlite(const sqlite3_api_routines *routines) {
    return routines != 0 && (void *)routines->step == pieredze_linked_sqlite3_step();
}

#endif
