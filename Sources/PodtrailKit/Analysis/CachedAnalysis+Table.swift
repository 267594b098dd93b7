extension CachedAnalysis {
    /// Gives `<name>_cache` the columns of `<name>_stale`, in its order (the view `<name>` and the
    /// refresh read and write them positionally), when it has other columns or none: a new
    /// cached analysis, or a column added to or removed from one, needs no migration. A cache
    /// made anew keeps the declared types of the columns it had and those of its indexes whose
    /// columns remain, gains an index on (pod_uid, cluster), and every pod is listed stale, so
    /// the next refresh fills it. Runs inside the caller's transaction, after the views are installed.
    func shapeCache(_ connection: Connection) throws {
        let wanted = try Self.columns(of: stale, connection)
        let had = try Self.columns(of: cache, connection)
        guard had.map(\.name) != wanted.map(\.name) else { return }
        let types = Dictionary(had.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let indexes = try connection.rows(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [.text(cache)]
        ).compactMap { $0.first?.string }
        let columns = wanted.map { "\"\($0.name)\" \(types[$0.name] ?? $0.type)" }
        try connection.execute("""
            DROP TABLE IF EXISTS \(cache);
            CREATE TABLE \(cache) (\(columns.joined(separator: ", ")));
            """)
        for index in indexes {
            do {
                try connection.execute(index)
            } catch let error as SQLiteError where error.message.hasPrefix("no such column") {
                // An index on a column the analysis no longer has goes with the column.
            }
        }
        try connection.execute("""
            CREATE INDEX IF NOT EXISTS \(cache)_pod ON \(cache) (pod_uid, cluster);
            INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE true ON CONFLICT DO NOTHING;
            """)
    }

    /// The columns of a table or view, in order, with their declared types.
    private static func columns(of table: String, _ connection: Connection) throws -> [(name: String, type: String)] {
        try connection.rows("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).map {
            ($0.first?.string ?? "", $0.last?.string ?? "")
        }
    }
}
