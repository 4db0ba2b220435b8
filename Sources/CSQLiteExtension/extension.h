#ifndef PIEREDZE_CSQLITE_EXTENSION_H
#define PIEREDZE_CSQLITE_EXTENSION_H

#include <string.h>
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

/// A copy of `text` in memory from the loading program's own sqlite3_malloc (through its routines
/// table), which SQLite frees after reporting the message: right even when the program's SQLite
/// is not the linked one.
static inline char *pieredze_host_string(const sqlite3_api_routines *routines, const char *text) {
    size_t size = strlen(text) + 1;
    char *copy = routines->malloc((int)size);
    if (copy) memcpy(copy, text, size);
    return copy;
}

#endif
