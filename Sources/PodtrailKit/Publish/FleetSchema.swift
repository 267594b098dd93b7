/// The fleet database's schema in PostgreSQL: created and migrated by `podtrail publish`.
///
/// Everything lives in the schema `podtrail`; `podtrail.schema_version` holds the version
/// (one row). Migrations run in one transaction under an advisory lock, so two publishers
/// starting at once on a new database do not race (the second finds the work done).
/// Docs/FLEET.md documents the tables.
public enum FleetSchema {
    /// The advisory-lock class of podtrail's locks (`pg_advisory_xact_lock(class, id)`):
    /// `hashtext('podtrail')`, computed by the server.
    static let lockClass = "hashtext('podtrail')"
    /// The advisory lock id that serializes migrations.
    static let migrationLock = 0
    /// The advisory lock id that serializes creating day partitions.
    static let partitionLock = 1

    /// The migrations, in order: migration `i` brings the schema to version `i + 1`, creating
    /// the fleet tables whose `since` is `i + 1`.
    ///
    /// 1: the schema, `publications` and the per-pod tables; 2: the rollups of `podtrail prune`
    /// (`rollup_pods`, `rollup_days`). A day published by version 1 gets its rollup partitions,
    /// and its rollups, the next time it is published.
    static var migrations: [String] {
        let base = """
            CREATE SCHEMA IF NOT EXISTS podtrail;
            CREATE TABLE podtrail.schema_version (version integer NOT NULL);
            INSERT INTO podtrail.schema_version VALUES (0);
            CREATE TABLE podtrail.publications (
                cluster text NOT NULL,
                day date NOT NULL,
                published_at timestamptz NOT NULL,
                podtrail_version text NOT NULL,
                rows jsonb NOT NULL,
                content_hash text NOT NULL,
                PRIMARY KEY (cluster, day)
            );
            """
        let versions = FleetTable.all.map(\.since).max() ?? 1
        return (1...versions).map { version in
            let tables = FleetTable.all.filter { $0.since == version }.map(\.createSQL).joined(separator: "\n")
            return version == 1 ? base + tables : tables
        }
    }

    /// The version this podtrail writes.
    public static var version: Int { migrations.count }

    /// Brings the schema to `version`, creating it in an empty database.
    ///
    /// - Throws: `FleetError.newerSchema` when a newer podtrail has migrated it further.
    static func migrate(_ connection: PostgresConnection) throws {
        let found = try currentVersion(connection)
        if found == version { return }
        guard found < version else { throw FleetError.newerSchema(found: found, supported: version) }
        try inTransaction(connection, lock: migrationLock) {
            let current = try currentVersion(connection)
            guard current <= version else { throw FleetError.newerSchema(found: current, supported: version) }
            for migration in migrations.dropFirst(current) { try connection.execute(migration) }
            try connection.execute("UPDATE podtrail.schema_version SET version = \(version)")
        }
    }

    /// Runs `body` in one transaction while holding the session advisory lock `lock`.
    ///
    /// The lock is taken before `BEGIN`, not inside the transaction: a transaction reads the
    /// catalog as of its start and the lock's own wait ("pg_advisory_xact_lock") does not
    /// refresh it, so a transaction that waited for another's `CREATE TABLE` would not see the
    /// table (found in CI: "relation schema_version already exists").
    private static func inTransaction(_ connection: PostgresConnection, lock: Int, _ body: () throws -> Void) throws {
        try connection.execute("SELECT pg_advisory_lock(\(lockClass), \(lock))")
        defer { try? connection.execute("SELECT pg_advisory_unlock(\(lockClass), \(lock))") }
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// The schema version found (0 for a database podtrail never published to).
    static func currentVersion(_ connection: PostgresConnection) throws -> Int {
        let exists = try connection.scalar(
            """
            SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
                WHERE n.nspname = 'podtrail' AND c.relname = 'schema_version')
            """)
        guard exists == "t" else { return 0 }
        return Int(try connection.scalar("SELECT max(version) FROM podtrail.schema_version") ?? "0") ?? 0
    }

    /// Creates the partitions of `days` (`YYYY-MM-DD`) that do not exist yet, in every table.
    ///
    /// Each partition is created as a table of its own and then attached, which takes a
    /// SHARE UPDATE EXCLUSIVE lock on the parent ("ATTACH PARTITION ... acquires a SHARE UPDATE
    /// EXCLUSIVE lock on the parent table"), not the ACCESS EXCLUSIVE lock of `CREATE TABLE ...
    /// PARTITION OF`: other clusters' publishes and the fleet's readers go on meanwhile. Its own
    /// short transaction, under an advisory lock, so that two publishers needing the same new
    /// day do not race; the publish's per-day transactions never create anything.
    static func createPartitions(_ connection: PostgresConnection, days: [String]) throws {
        let existing = try partitions(connection)
        let missing = days.filter { day in FleetTable.all.contains { !existing.contains($0.partition(day)) } }
        guard !missing.isEmpty else { return }
        try inTransaction(connection, lock: partitionLock) {
            let existing = try partitions(connection)
            for day in missing {
                for table in FleetTable.all where !existing.contains(table.partition(day)) {
                    let next = try connection.scalar("SELECT ($1::date + 1)::text", [day]) ?? day
                    try connection.execute(
                        """
                        CREATE TABLE podtrail.\(table.partition(day)) (LIKE podtrail.\(table.name) INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                        ALTER TABLE podtrail.\(table.name) ATTACH PARTITION podtrail.\(table.partition(day)) FOR VALUES FROM ('\(day)') TO ('\(next)');
                        """)
                }
            }
        }
    }

    /// The names of the partitions that exist.
    static func partitions(_ connection: PostgresConnection) throws -> Set<String> {
        let rows = try connection.rows(
            """
            SELECT c.relname FROM pg_inherits AS i
            JOIN pg_class AS c ON c.oid = i.inhrelid
            JOIN pg_class AS p ON p.oid = i.inhparent
            JOIN pg_namespace AS n ON n.oid = p.relnamespace
            WHERE n.nspname = 'podtrail' AND p.relkind = 'p'
            """)
        return Set(rows.compactMap { $0.first ?? nil })
    }
}
