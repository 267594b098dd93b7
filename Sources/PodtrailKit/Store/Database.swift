import Foundation

/// A podtrail database: an SQLite file with podtrail's schema and views, migrated on open.
public final class Database {
    /// The open connection.
    public let connection: Connection
    /// The file path.
    public let path: String

    /// The schema version this build writes: one per migration.
    public static var schemaVersion: Int { EmbeddedSQL.migrations.count }

    /// The default database path: `$PODTRAIL_DB`, else `podtrail.sqlite` in the working directory.
    public static var defaultPath: String {
        ProcessInfo.processInfo.environment["PODTRAIL_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "podtrail.sqlite"
    }

    /// Opens (creating and migrating when writable) the database at `path`.
    ///
    /// - Parameter readOnly: open without write access; the file must exist and be current
    ///   enough (an older schema is read as it is, a newer one is refused).
    /// - Throws: `DatabaseError` for files that are not databases, too new, or unreachable.
    public init(path: String, readOnly: Bool = false) throws {
        if readOnly, path != ":memory:", !FileManager.default.fileExists(atPath: path) {
            throw DatabaseError.missing(path: path)
        }
        if !readOnly, path != ":memory:" {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw DatabaseError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
            }
        }
        let connection: Connection
        do {
            connection = try Connection(path: path, mode: readOnly ? .readOnly : .readWriteCreate)
        } catch let error as SQLiteError {
            throw DatabaseError.cannotOpen(path: path, reason: error.message)
        }
        self.connection = connection
        self.path = path
        let version: Int
        do {
            version = try connection.userVersion
            _ = try connection.scalar("SELECT count(*) FROM sqlite_master")
        } catch let error as SQLiteError where error.primaryCode == 26 {
            throw DatabaseError.notADatabase(path: path)
        }
        guard version <= Self.schemaVersion else {
            throw DatabaseError.newerSchema(path: path, found: version, supported: Self.schemaVersion)
        }
        if version > 0 {
            let podtrailTables = try connection.scalar(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('sources', 'podtrail_meta')").int ?? 0
            if podtrailTables < 2 { throw DatabaseError.notADatabase(path: path) }
        } else if !readOnly {
            let tables = try connection.scalar("SELECT count(*) FROM sqlite_master").int ?? 0
            if tables > 0 { throw DatabaseError.notADatabase(path: path) }
        }
        if !readOnly {
            do {
                try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
                try migrate(from: version)
                try installViews()
            } catch let error as SQLiteError where error.primaryCode == 8 {
                throw DatabaseError.cannotOpen(path: path, reason: "the file or its folder is read-only")
            }
        }
        try connection.execute("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536")
        try SQLFunctions.register(on: connection)
    }

    /// Applies every migration after `version`, each in its own transaction.
    private func migrate(from version: Int) throws {
        for (index, migration) in EmbeddedSQL.migrations.enumerated() where index + 1 > version {
            try connection.transaction {
                try connection.execute(migration.sql)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    /// The `Queries/` files that define views (those holding a `CREATE VIEW`).
    public static var viewDefinitions: [(name: String, sql: String)] {
        EmbeddedSQL.queries.filter { $0.sql.range(of: "CREATE VIEW", options: .caseInsensitive) != nil }
    }

    /// The `Queries/` files that are named queries (every file that defines no view).
    public static var namedQueries: [(name: String, sql: String)] {
        EmbeddedSQL.queries.filter { $0.sql.range(of: "CREATE VIEW", options: .caseInsensitive) == nil }
    }

    /// Drops and recreates the views from `Queries/` when their text changed since the last install.
    private func installViews() throws {
        let views = Self.viewDefinitions
        let hash = String(Fingerprint.hash(Array(views.map { $0.sql }.joined(separator: "\n").utf8)), radix: 16)
        let installed = try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'views_hash'").string
        guard installed != hash else { return }
        try connection.transaction {
            for view in views { try connection.execute(view.sql) }
            _ = try connection.rows(
                "INSERT INTO podtrail_meta (key, value) VALUES ('views_hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [.text(hash)])
        }
    }
}

@available(*, unavailable)
extension Database: Sendable {}
