#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_config is variadic; Swift cannot call it. Connections are used by one thread at a
/// time and podtrail reads no memory statistics: drop SQLite's global mutexes and counters.
/// Must run before SQLite initialises (before the first connection opens).
static inline int csqlite_configure_for_single_thread_connections(void) {
    int code = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (code != SQLITE_OK) return code;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// sqlite3_db_config is variadic; Swift cannot call it. Sets one of the boolean options
/// (SQLITE_DBCONFIG_DEFENSIVE, _TRUSTED_SCHEMA, _ENABLE_FTS3_TOKENIZER, _ENABLE_LOAD_EXTENSION).
static inline int csqlite_db_config_flag(sqlite3 *db, int option, int on) {
    return sqlite3_db_config(db, option, on, (int *)0);
}
