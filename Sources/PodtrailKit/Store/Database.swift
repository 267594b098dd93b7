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
    ///   In a folder the reader cannot write, a WAL database is read as an immutable file
    ///   (see `openReader`).
    /// - Parameter progress: told when derived data computed with other definitions is
    ///   recomputed on open (see `rebuild`), before and after.
    /// - Throws: `DatabaseError` for paths that are not files, files that are not databases,
    ///   too new, or unreachable.
    public init(path: String, readOnly: Bool = false, progress: ((String) -> Void)? = nil) throws {
        try Self.checkPath(path)
        if readOnly, let file = Self.fileSystemPath(path), !FileManager.default.fileExists(atPath: file) {
            throw DatabaseError.missing(path: path)
        }
        if !readOnly, path != ":memory:", !path.hasPrefix("file:") {
            let given = (path as NSString).deletingLastPathComponent
            let folder = given.isEmpty ? "." : given
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw DatabaseError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
            }
            // Create the file first, to name the system's reason when that is refused (SQLite
            // only says "unable to open database file"). An empty file is a new database to SQLite.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw DatabaseError.cannotOpen(
                    path: path, reason: "\(String(cString: strerror(errno))): choose a --db path in a folder you can write to")
            }
            close(fd)
        }
        let connection: Connection
        do {
            connection = readOnly
                ? try Self.openReader(path) : try Connection(path: path, mode: .readWriteCreate, busyTimeout: Self.writerBusyTimeout)
        } catch let error as SQLiteError {
            throw DatabaseError.cannotOpen(path: path, reason: error.message)
        }
        self.connection = connection
        self.path = path
        // Version and tables from one snapshot: another process may be creating this database
        // right now, and its schema and version commit together.
        let version: Int
        let tables: Int
        let podtrailTables: Int
        do {
            let row = try connection.rows("""
                SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master),
                    (SELECT count(*) FROM sqlite_master WHERE name IN ('sources', 'podtrail_meta'))
                """).first ?? []
            version = Int(row.first?.int ?? 0)
            tables = Int(row.dropFirst().first?.int ?? 0)
            podtrailTables = Int(row.last?.int ?? 0)
        } catch let error as SQLiteError where error.is(.notADatabase) {
            throw DatabaseError.notADatabase(path: path)
        }
        guard version <= Self.schemaVersion else {
            throw DatabaseError.newerSchema(path: path, found: version, supported: Self.schemaVersion)
        }
        if version > 0 {
            if podtrailTables < 2 { throw DatabaseError.notADatabase(path: path) }
        } else {
            if tables > 0 { throw DatabaseError.notADatabase(path: path) }
            // An empty file (a run killed while creating it, or `touch`): nothing to read yet.
            if readOnly && path != ":memory:" { throw DatabaseError.missing(path: path) }
        }
        if !readOnly {
            do {
                // A new database returns the pages `podtrail prune` frees to the file system
                // (Retention): "auto-vacuuming must be turned on before any tables are created"
                // (SQLite's PRAGMA auto_vacuum), and before WAL writes the first page. A file
                // another process has begun keeps that process's setting.
                if version == 0 && tables == 0 { try connection.execute("PRAGMA auto_vacuum = INCREMENTAL") }
                // Switching to WAL needs a moment alone with the file and does not wait for
                // SQLite's busy handler: retry while another process is creating the database.
                try Self.retryingWhileBusy { try connection.execute("PRAGMA journal_mode = WAL") }
                try connection.execute("PRAGMA synchronous = NORMAL; PRAGMA secure_delete = OFF")
                // Checkpoint every 64 MB of WAL rather than SQLite's 4 MB: a page an ingest
                // changes in file after file is copied into the database once per checkpoint,
                // and each checkpoint syncs twice (a simulated day ingested in 40 s, not 44 s).
                try connection.execute("PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)")
                if let pages = Self.maxPageCount { try connection.execute("PRAGMA max_page_count = \(pages)") }
                try migrate(from: version)
                try installViews()
                try rebuildIfDefinitionsChanged(progress: progress)
                // A migration lists every pod it changes as stale: fill the caches now.
                if version < Self.schemaVersion { try AnalysisCache.refreshInTransaction(connection) }
            } catch let error as SQLiteError where error.is(.readOnly) {
                throw DatabaseError.cannotOpen(path: path, reason: "the file or its folder is read-only")
            } catch let error as SQLiteError where error.isFull {
                throw DatabaseError.full(path: path)
            } catch let error as SQLiteError where error.is(.cantOpen) {
                throw DatabaseError.cannotOpen(path: path, reason: error.message)
            }
        }
        // Large sorts (the analysis views' windows over every snapshot) use every core.
        let threads = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
        try connection.execute("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536; PRAGMA threads = \(threads)")
        try SQLFunctions.register(on: connection)
        if readOnly, version == Self.schemaVersion,
           try recordedDefinitions() != Self.definitionsHash {
            try answerFromTheDefinitions()
        }
    }

    /// The hash of the analyses' definitions this build ships (the SQL of every view in
    /// `Queries/` and what is generated from it: the views of the cached analyses and the
    /// triggers, see `DerivedDefinitions`): derived data computed with other definitions is recomputed.
    public static let definitionsHash: String =
        String(Fingerprint.hash(Array(DerivedDefinitions.shipped.text.utf8)), radix: 16)

    /// Derived data (the `*_cache` tables) records the definitions it was computed with
    /// (`podtrail_meta.derived_hash`). When they are not this build's (a database written by
    /// another podtrail, or a view changed), every pod is marked stale and recomputed now, so no
    /// answer comes from another definition. `progress` hears of it before and after.
    private func rebuildIfDefinitionsChanged(progress: ((String) -> Void)?) throws {
        guard try recordedDefinitions() != Self.definitionsHash else { return }
        try rebuild(progress: progress)
    }

    /// The definitions the derived data was computed with (`podtrail_meta.derived_hash`).
    private func recordedDefinitions() throws -> String? {
        try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'derived_hash'").string
    }

    /// Records this build's definitions as those of the derived data (inside the caller's transaction).
    private func recordDefinitions() throws {
        _ = try connection.rows(
            "INSERT INTO podtrail_meta (key, value) VALUES ('derived_hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(Self.definitionsHash)])
    }

    /// Recomputes every pod's derived data with this build's definitions (`podtrail rebuild`):
    /// every pod is marked stale (the views compute them on the spot meanwhile, so a run stopped
    /// here changes no answer), then the caches are refreshed and the definitions recorded.
    public func rebuild(progress: ((String) -> Void)? = nil) throws {
        let pods = try connection.transaction { () -> Int64 in
            // A cached view edited by hand may have gained or lost a column.
            for analysis in DerivedDefinitions.shipped.cachedAnalyses { try analysis.shapeCache(connection) }
            try connection.execute("INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE true ON CONFLICT DO NOTHING")
            try recordDefinitions()
            return try connection.scalar("SELECT count(*) FROM stale_pods").int ?? 0
        }
        guard pods > 0 else { return }
        let start = Date()
        progress?("recomputing the analyses of \(pods) pods with this podtrail's definitions…")
        try AnalysisCache.refreshInTransaction(connection)
        progress?(String(format: "recomputed the analyses of %lld pods in %.1f s", pods, Date().timeIntervalSince(start)))
    }

    /// For a read-only open of a database whose derived data was computed with other
    /// definitions: this build's views, as temporary views that compute every pod on the spot
    /// (a temporary `stale_pods` listing every pod shadows the file's), so answers follow this
    /// build's definitions without writing (each cache is shadowed by an empty temporary table
    /// of this build's columns: it is never read, every pod being stale). Slower: `podtrail rebuild` by someone who can write
    /// the file makes the cached answers current again.
    private func answerFromTheDefinitions() throws {
        try connection.execute("""
            PRAGMA query_only = OFF;
            CREATE TEMP TABLE stale_pods (cluster TEXT NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (uid, cluster)) WITHOUT ROWID;
            INSERT INTO temp.stale_pods (cluster, uid) SELECT cluster, uid FROM main.pods;
            CREATE TEMP TABLE refreshing_pods (cluster TEXT NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (uid, cluster)) WITHOUT ROWID;
            """)
        for view in Self.viewDefinitions {
            try connection.execute(view.sql
                .replacingOccurrences(of: "DROP VIEW IF EXISTS ", with: "DROP VIEW IF EXISTS temp.")
                .replacingOccurrences(of: "CREATE VIEW ", with: "CREATE TEMP VIEW "))
        }
        for analysis in DerivedDefinitions.shipped.cachedAnalyses {
            try connection.execute("CREATE TEMP TABLE \(analysis.cache) AS SELECT * FROM temp.\(analysis.stale) WHERE false")
        }
        try connection.execute("PRAGMA query_only = ON")
    }

    /// WAL pages (4 KiB) written between automatic checkpoints.
    static let walCheckpointPages = 16_384

    /// How long a writer waits for another process's write transaction (one input file) before
    /// failing with "database is locked": an hour, so that concurrent ingests queue up.
    static let writerBusyTimeout = 3_600_000

    /// Runs `body` again every 10 ms while it fails with SQLITE_BUSY, for up to
    /// `writerBusyTimeout`.
    static func retryingWhileBusy(_ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(Double(writerBusyTimeout) / 1000)
        while true {
            do {
                return try body()
            } catch let error as SQLiteError where error.isBusy && Date() < deadline {
                usleep(10_000)
            }
        }
    }

    /// `$PODTRAIL_MAX_PAGE_COUNT`: caps the database at that many pages (SQLite's
    /// `max_page_count`), so tests can fill the "disk" without a small filesystem.
    static var maxPageCount: Int? {
        ProcessInfo.processInfo.environment["PODTRAIL_MAX_PAGE_COUNT"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Applies every migration not applied yet, each in its own transaction. The version is read
    /// again inside each transaction: another process creating the same database at the same
    /// moment may have applied it while this one waited for the write lock.
    private func migrate(from version: Int) throws {
        if version == 0 {
            // A new database: its whole schema, version and views commit together, so a reader
            // opening it meanwhile sees nothing or all of it (never tables without their views).
            try connection.transaction {
                guard try connection.userVersion == 0 else { return }
                for migration in EmbeddedSQL.migrations { try connection.execute(migration.sql) }
                try Self.moveContainerSnapshots(connection)
                try FutureRecords.markCounted(connection)
                try connection.execute("PRAGMA user_version = \(EmbeddedSQL.migrations.count)")
                try installViewsUnlessCurrent()
                try recordDefinitions()
            }
            return
        }
        for (index, migration) in EmbeddedSQL.migrations.enumerated() where index + 1 > version {
            try connection.transaction {
                guard try connection.userVersion < index + 1 else { return }
                try connection.execute(migration.sql)
                try Self.afterMigration[index + 1]?(connection)
                try connection.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    /// What a migration needs done in Swift, by the version it makes: schema v10 fills
    /// `pod_snapshots.observed_key` with `ObservationOrder.sortKey`, the one definition.
    private static let afterMigration: [Int: @Sendable (Connection) throws -> Void] = [
        10: StoreWriter.fillObservedKeys,
        15: { connection in
            try moveContainerSnapshots(connection)
            try FutureRecords.markCounted(connection)
        },
    ]

    /// Schema v15: container_snapshots becomes a view over `container_states` (the table's rows
    /// moved there first). Does nothing when it is a view already.
    static func moveContainerSnapshots(_ connection: Connection) throws {
        let kind = try connection.scalar("SELECT type FROM sqlite_master WHERE name = 'container_snapshots'").string
        if kind == "table" { try connection.execute(StoreSQL.moveContainerSnapshots) }
        if kind != "view" { try connection.execute(StoreSQL.containerSnapshotsView) }
    }

    /// The `Queries/` files that define views (those holding a `CREATE VIEW`), with the views
    /// of their cached analyses generated (`CachedAnalysis`).
    public static var viewDefinitions: [(name: String, sql: String)] { DerivedDefinitions.shipped.views }

    /// The `Queries/` files that are named queries (every file that defines no view).
    public static var namedQueries: [(name: String, sql: String)] {
        EmbeddedSQL.queries.filter { $0.sql.range(of: "CREATE VIEW", options: .caseInsensitive) == nil }
    }

    /// Drops and recreates the views from `Queries/` and the triggers generated from them when
    /// their text changed since the last install, and gives each cache its view's columns.
    private func installViews() throws {
        try connection.transaction { try installViewsUnlessCurrent() }
    }

    /// `installViews` inside the caller's transaction.
    private func installViewsUnlessCurrent() throws {
        let definitions = DerivedDefinitions.shipped
        let hash = Self.definitionsHash
        let installed = try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'views_hash'").string
        guard installed != hash else { return }
        for view in definitions.views { try connection.execute(view.sql) }
        try connection.execute(definitions.triggers)
        for analysis in definitions.cachedAnalyses { try analysis.shapeCache(connection) }
        _ = try connection.rows(
            "INSERT INTO podtrail_meta (key, value) VALUES ('views_hash', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(hash)])
    }
}

@available(*, unavailable)
extension Database: Sendable {}
