internal import CSQLite

/// What SQLite lets SQL from outside do, closed: for the statements of `podtrail query` and
/// for schemas of database files from shared folders.
extension Connection {
    /// Functions no statement of `podtrail query` may call, with why.
    ///
    /// `fts3_tokenizer(name)` returns the address of a tokenizer's C struct (a pointer leak)
    /// and `fts3_tokenizer(name, pointer)` installs a tokenizer at any address, which SQLite's
    /// docs call "a potential security hole"; Debian's SQLite is built with
    /// SQLITE_ENABLE_FTS3_TOKENIZER, which turns both forms on. `load_extension` runs a shared
    /// library's code.
    public static let forbiddenFunctions: [String: String] = [
        "fts3_tokenizer": "it reads and sets C pointers inside SQLite",
        "load_extension": "it loads and runs a shared library",
    ]

    /// Turns off what a statement or a schema from outside could misuse, on this connection.
    ///
    /// SQLite's "Defense against the dark arts" advice: SQLITE_DBCONFIG_DEFENSIVE ("disables
    /// language features that allow ordinary SQL to deliberately corrupt the database file"),
    /// SQLITE_DBCONFIG_TRUSTED_SCHEMA off (functions in views and triggers must be
    /// innocuous: a view of a hostile file cannot call `fts3_tokenizer`), the two-argument
    /// `fts3_tokenizer` and `load_extension()` off.
    public func closeDoorsToUntrustedSQL() throws {
        let settings: [(Int32, Int32)] = [
            (SQLITE_DBCONFIG_DEFENSIVE, 1), (SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0),
            (SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0), (SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0),
        ]
        for (option, value) in settings where csqlite_db_config_flag(handle, option, value) != SQLITE_OK {
            throw error(sql: nil)
        }
    }

    /// Runs `body` with an authorizer that refuses every function named in `forbidden`
    /// (lowercase), in the statement or in a view it reads; compiling such a statement fails
    /// with SQLITE_AUTH, and the first name refused is handed to `body`'s caller.
    ///
    /// The authorizer stays set while `body` runs: SQLite also consults it when a statement
    /// is compiled again after a schema change, during `sqlite3_step`.
    /// - Returns: `body`'s result, and the function refused (nil when none was).
    func refusingFunctions<T>(_ forbidden: Set<String>, _ body: () throws -> T) -> (result: Result<T, any Error>, refused: String?) {
        let box = RefusedFunctions(forbidden)
        sqlite3_set_authorizer(handle, { userData, action, _, function, _, _ in
            guard action == SQLITE_FUNCTION, let userData, let function else { return SQLITE_OK }
            let box = Unmanaged<RefusedFunctions>.fromOpaque(userData).takeUnretainedValue()
            let name = String(cString: function).lowercased()
            guard box.forbidden.contains(name) else { return SQLITE_OK }
            if box.refused == nil { box.refused = name }
            return SQLITE_DENY
        }, Unmanaged.passUnretained(box).toOpaque())
        defer { sqlite3_set_authorizer(handle, nil, nil) }
        let result = withExtendedLifetime(box) { Result { try body() } }
        return (result, box.refused)
    }
}

/// The authorizer's state: the names it refuses and the first one it did.
private final class RefusedFunctions {
    let forbidden: Set<String>
    var refused: String?
    init(_ forbidden: Set<String>) { self.forbidden = forbidden }
}
