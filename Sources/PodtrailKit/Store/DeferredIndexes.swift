/// The first ingest into an empty database (a backfill) writes its rows without the secondary
/// indexes of the tables it fills row by row, and builds those indexes once at the end.
///
/// Inserting a row into an index at a random place costs more than sorting every row once:
/// on a simulated busy day, keeping 11 indexes current took about 17 s of a 56 s ingest, and
/// building them afterwards takes 5 s. The unique indexes stay: they deduplicate rows as they
/// arrive. Each index's SQL is kept in `podtrail_meta` under `deferred_index:<name>` until it
/// is built again, so a backfill that stopped half-way (killed, disk full) leaves a list the
/// next ingest finishes. Meanwhile queries give the same answers, only slower.
enum DeferredIndexes {
    /// The tables an ingest fills one row per record.
    static let tables = ["events", "pod_snapshots", "container_states", "container_terminations"]

    /// Drops the secondary indexes of `tables` when the database holds no rows in them yet,
    /// recording their SQL; returns whether indexes are set aside (now or by an earlier run).
    @discardableResult
    static func deferIfEmpty(_ connection: Connection) throws -> Bool {
        if try isPending(connection) { return true }
        // Checked once without a lock, so that a run into a filled database (every nightly run)
        // never waits here for another process's ingest; again inside the transaction.
        guard try isEmpty(connection) else { return false }
        return try connection.transaction {
            if try isPending(connection) { return true }
            guard try isEmpty(connection) else { return false }
            return try setAside(connection) > 0
        }
    }

    /// Drops the secondary indexes of `tables`, recording their SQL in `podtrail_meta`; returns
    /// how many. Runs inside the caller's transaction.
    static func setAside(_ connection: Connection) throws -> Int {
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        let indexes = try connection.rows("""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN (\(list)) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'
            ORDER BY name
            """)
        for index in indexes {
            guard let name = index[0].string, let sql = index[1].string else { continue }
            _ = try connection.rows("INSERT INTO podtrail_meta (key, value) VALUES (?, ?)", [.text(prefix + name), .text(sql)])
            try connection.execute("DROP INDEX \"\(name)\"")
        }
        return indexes.count
    }

    /// Builds every index set aside, in one transaction, with sorts in temporary files and an
    /// 8 MB page cache (memory stays flat); does nothing when none is.
    static func build(_ connection: Connection) throws {
        guard try isPending(connection) else { return }
        try connection.withLowMemorySorts {
            try connection.transaction {
                let pending = try connection.rows(
                    "SELECT key, value FROM podtrail_meta WHERE key LIKE ? ESCAPE '\\' ORDER BY key", [.text(pattern)])
                for row in pending {
                    guard let key = row[0].string, let sql = row[1].string else { continue }
                    let name = String(key.dropFirst(prefix.count))
                    // One already there (made by hand since) is kept.
                    if try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", [.text(name)]).int == 0 {
                        try connection.execute(sql)
                    }
                    _ = try connection.rows("DELETE FROM podtrail_meta WHERE key = ?", [.text(key)])
                }
            }
        }
    }

    /// Whether `tables` hold no row.
    private static func isEmpty(_ connection: Connection) throws -> Bool {
        try tables.allSatisfy { table in
            try connection.scalar("SELECT NOT EXISTS (SELECT 1 FROM \(table))").int == 1
        }
    }

    /// Whether some index is set aside.
    static func isPending(_ connection: Connection) throws -> Bool {
        try connection.scalar(
            "SELECT EXISTS (SELECT 1 FROM podtrail_meta WHERE key LIKE ? ESCAPE '\\')", [.text(pattern)]
        ).int == 1
    }

    /// The `podtrail_meta` key prefix of an index set aside.
    static let prefix = "deferred_index:"
    private static let pattern = prefix.replacingOccurrences(of: "_", with: "\\_") + "%"
}
