// The system SQLite (libsqlite3) for Swift. Only Sources/StepSQLite imports this module.
#ifndef STEPLINE_CSQLITE_SHIM_H
#define STEPLINE_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are casts of integer constants to a function pointer,
// which Swift cannot import: hand them over as functions.

/// SQLite copies the bound text or blob before the bind call returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// SQLite uses the bound text or blob in place: it must outlive the binding.
static inline sqlite3_destructor_type csqlite_static(void) { return SQLITE_STATIC; }

// sqlite3_db_config is variadic, which Swift cannot call.

/// Refuses double-quoted string literals ("x" as a string when no column x exists) in DDL and DML.
static inline void csqlite_disable_double_quoted_strings(sqlite3 *db) {
#if SQLITE_VERSION_NUMBER >= 3029000
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
#endif
}

/// Asks for extended result codes when opening (a no-op flag before 3.37).
#ifdef SQLITE_OPEN_EXRESCODE
#define CSQLITE_OPEN_EXRESCODE SQLITE_OPEN_EXRESCODE
#else
#define CSQLITE_OPEN_EXRESCODE 0
#endif
static const int csqlite_open_exrescode = CSQLITE_OPEN_EXRESCODE;

#endif
