import Foundation

/// Publishes one podtrail database's facts to the fleet database in PostgreSQL.
///
/// For each cluster and UTC day, one transaction replaces that cluster's rows of the day in
/// every fleet table (DELETE, then COPY of the new rows) and records the day in
/// `podtrail.publications`. So a publish interrupted at any point leaves each day with its
/// old rows or its new ones, never a mix; publishing the same data again finds each day's
/// content unchanged (by a hash of the rows sent) and rolls back, changing nothing. The day's
/// transaction takes row locks on its own cluster's rows and an advisory lock on (cluster,
/// day) only: publishers of other clusters never wait for it.
public struct Publisher {
    /// The podtrail database to read.
    public let database: Database
    /// The fleet database's URL (or libpq connection string).
    public let url: String
    /// Publish only this cluster of the database (nil: every cluster it holds).
    public var cluster: String?
    /// Publish the days from this one on (`YYYY-MM-DD`); nil for every day.
    public var firstDay: String?
    /// Told after each day is committed (or found unchanged): cluster, day, rows.
    public var progress: ((String, String, Int) -> Void)?

    /// A publisher of `database` to `url`.
    public init(database: Database, url: String) {
        self.database = database
        self.url = url
    }

    /// The first day a `--since` bound names: its UTC date.
    public static func firstDay(since: Timestamp) -> String { String(since.description.prefix(10)) }

    /// Publishes, returning what was done.
    ///
    /// - Throws: `PostgresError` (its `kind` tells unreachable, refused, lost or failed),
    ///   `FleetError`, or a `SQLiteError` reading the database.
    public func run() throws -> PublishSummary {
        let started = Date()
        let clusters = try self.clusters()
        let postgres = try PostgresConnection(url: url)
        try postgres.execute("SET TimeZone = 'UTC'")
        try FleetSchema.migrate(postgres)
        var summary = PublishSummary(target: postgres.target)
        try database.connection.readTransaction {
            for cluster in clusters {
                try publish(cluster: cluster, to: postgres, summary: &summary)
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The clusters to publish: `cluster`, checked, or every one the database holds.
    private func clusters() throws -> [String] {
        let known = try database.connection.rows("SELECT DISTINCT cluster FROM pods ORDER BY cluster").compactMap(\.first?.string)
        if let cluster {
            guard known.contains(cluster) else { throw FleetError.unknownCluster(name: cluster, known: known) }
            return [cluster]
        }
        guard !known.isEmpty else { throw FleetError.empty(path: database.path) }
        return known
    }

    /// Publishes every day of one cluster.
    ///
    /// A publish of one day (`--since` today, a database of one day, the benchmark's busy day)
    /// needs no sort, so the rows are first read as SQLite finds them, sparing it a sort by day
    /// of every row (266,160 status rows on the busy day); the first row of a second day (met
    /// within the first rows of a backfill, where the days are mixed) rolls that day back, and
    /// the cluster is read again in day order.
    private func publish(cluster: String, to postgres: PostgresConnection, summary: inout PublishSummary) throws {
        do {
            try publish(cluster: cluster, ordered: false, to: postgres, summary: &summary)
        } catch is DayCursor.SecondDay {
            try publish(cluster: cluster, ordered: true, to: postgres, summary: &summary)
        }
    }

    /// Publishes every day of one cluster, reading each table in day order or, when not
    /// `ordered`, as SQLite finds its rows (then a second day throws `DayCursor.SecondDay`
    /// before any day is committed).
    private func publish(cluster: String, ordered: Bool, to postgres: PostgresConnection, summary: inout PublishSummary) throws {
        let cursors = try FleetTable.all.map {
            try DayCursor(table: $0, database: database, cluster: cluster, firstDay: firstDay, ordered: ordered)
        }
        if !ordered, Set(cursors.compactMap(\.currentDay)).count > 1 { throw DayCursor.SecondDay() }
        // Days published before but now without rows are emptied too.
        var published = Set(
            try postgres.rows(
                "SELECT day::text FROM podtrail.publications WHERE cluster = $1 AND ($2::date IS NULL OR day >= $2::date)",
                [cluster, firstDay]
            ).compactMap { $0.first ?? nil })
        // The next day is the earliest any cursor stands on, or a day published before.
        while let day = (cursors.compactMap(\.currentDay) + [published.min()].compactMap { $0 }).min() {
            published.remove(day)
            try FleetSchema.createPartitions(postgres, days: [day])
            let outcome = try publish(cluster: cluster, day: day, cursors: cursors, to: postgres)
            summary.add(outcome, table: FleetTable.all.map(\.name))
            progress?(cluster, day, outcome.rows.reduce(0, +))
        }
        summary.clusters.append(cluster)
        summary.skippedRows += cursors.reduce(0) { $0 + $1.rowsWithoutDay }
    }

    /// The result of one day.
    struct DayOutcome {
        /// Rows sent per table, in `FleetTable.all` order.
        var rows: [Int]
        /// True when the day's content was what PostgreSQL held already (rolled back).
        var unchanged: Bool
    }

    /// Replaces one cluster's rows of one day in one transaction.
    private func publish(cluster: String, day: String, cursors: [DayCursor], to postgres: PostgresConnection) throws -> DayOutcome {
        try postgres.execute("BEGIN")
        do {
            try postgres.execute(
                "SELECT pg_advisory_xact_lock(hashtext('podtrail:' || $1), ($2::date - date '2000-01-01'))", [cluster, day])
            let previous = try postgres.scalar(
                "SELECT content_hash FROM podtrail.publications WHERE cluster = $1 AND day = $2", [cluster, day])
            var rows: [Int] = []
            var hash = Fingerprint.hash(Array("\(cluster)\t\(day)".utf8))
            for cursor in cursors {
                try postgres.execute("DELETE FROM podtrail.\(cursor.table.partition(day)) WHERE cluster = $1", [cluster])
                let copied = try postgres.copy(cursor.table.copySQL(day: day)) { buffer in
                    try cursor.write(day: day, cluster: cluster, to: &buffer)
                }
                rows.append(copied.rows)
                hash = Fingerprint.hash(Array("\(cursor.table.name)\t\(copied.rows)\t\(copied.hash)".utf8), seed: hash)
            }
            let content = String(hash, radix: 16)
            let total = rows.reduce(0, +)
            if previous == content || (previous == nil && total == 0) {
                try postgres.execute("ROLLBACK")
                return DayOutcome(rows: rows, unchanged: true)
            }
            if total == 0 {
                try postgres.execute("DELETE FROM podtrail.publications WHERE cluster = $1 AND day = $2", [cluster, day])
            } else {
                let counts = zip(FleetTable.all, rows).map { "\"\($0.name)\": \($1)" }.joined(separator: ", ")
                try postgres.execute(
                    """
                    INSERT INTO podtrail.publications (cluster, day, published_at, podtrail_version, rows, content_hash)
                    VALUES ($1, $2, now(), $3, $4::jsonb, $5)
                    ON CONFLICT (cluster, day) DO UPDATE SET published_at = excluded.published_at,
                        podtrail_version = excluded.podtrail_version, rows = excluded.rows, content_hash = excluded.content_hash
                    """, [cluster, day, PodtrailVersion.current, "{\(counts)}", content])
            }
            try postgres.execute("COMMIT")
            return DayOutcome(rows: rows, unchanged: false)
        } catch {
            try? postgres.execute("ROLLBACK")
            throw error
        }
    }
}
