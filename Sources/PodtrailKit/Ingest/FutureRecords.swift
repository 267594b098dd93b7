import Foundation

/// Records dated after the ingest that read them: clock skew, or hostile input (an Event dated
/// 9999-12-31). They are stored like any other, counted per file in `sources.future_records`,
/// and kept from moving the end of the nightly window, which would otherwise follow them to
/// year 9999 night after night.
///
/// A record is future when its time (an Event's first or last sighting, a pod snapshot's
/// observation) lies more than `tolerance` after the wall clock of the ingest that read it; in
/// the database, after the latest ingest's `sources.ingested_at` plus `tolerance` (the horizon).
public enum FutureRecords {
    /// How far past the ingest's wall clock a record may be dated and still count as present:
    /// one hour, room for ordinary clock skew between nodes and the archiving host.
    public static let tolerance: Int64 = 3600

    /// The latest time a record read at `ingestTime` may carry without being future.
    static func horizon(ingestTime: Timestamp) -> Timestamp { ingestTime.adding(seconds: tolerance) ?? ingestTime }

    /// The data time columns (as `ReportBuilder.dataRange` reads them).
    private static let timeColumns = [("pods", "first_observed_at, last_observed_at"), ("events", "first_seen, last_seen")]

    /// The horizon of the latest ingest into `cluster` (every cluster when nil); nil when nothing
    /// was ingested.
    static func horizon(_ connection: Connection, cluster: String?) throws -> Timestamp? {
        let latest = try connection.scalar(
            "SELECT max(ingested_at) FROM sources" + (cluster == nil ? "" : " WHERE cluster = ?"),
            cluster.map { [.text($0)] } ?? [])
        return latest.string.flatMap(Timestamp.parse).map { horizon(ingestTime: $0) }
    }

    /// The newest data time in `cluster` (every cluster when nil) not past the latest ingest's
    /// horizon: where the nightly window ends. Nil when the database holds no such time.
    ///
    /// Every row's two times are read and parsed here, as `ReportBuilder.dataRange` does (SQL's
    /// julianday() ordering over the four columns is several times slower); ties go to the
    /// time written with more fraction digits.
    public static func newestData(_ connection: Connection, cluster: String?) throws -> Timestamp? {
        let limit = try horizon(connection, cluster: cluster)
        var newest: Timestamp?
        for (table, columns) in timeColumns {
            let statement = try connection.prepare("SELECT \(columns) FROM \(table)" + (cluster == nil ? "" : " WHERE cluster = ?"))
            if let cluster { try statement.bind([.text(cluster)]) }
            while try statement.step() {
                for column in 0..<2 {
                    guard let time = statement.withUTF8(at: column, Timestamp.parse) ?? nil else { continue }
                    if let limit, limit < time { continue }
                    if newest.map({ ($0.micros, $0.fractionDigits) < (time.micros, time.fractionDigits) }) ?? true { newest = time }
                }
            }
        }
        return newest
    }

    /// Rows (pods and Events) of `cluster` with a time past the latest ingest's horizon.
    public struct Beyond: Equatable, Sendable {
        /// Rows whose future times all lie at or after `until` (left out of the window that ends there).
        public var after = 0
        /// The other rows: a future time of theirs lies before `until` (or no `until` was given).
        public var inside = 0
        /// The latest time among them.
        public var latest: Timestamp?
    }

    /// `podtrail_meta` key present when every row past the latest ingest's horizon is counted in
    /// `sources.future_records`: set when a database is made, or when an upgrade to schema v15
    /// found none (a database older than v9 stored rows without counting them).
    static let countedKey = "future_rows_counted"

    /// Whether rows of `cluster` may lie past the latest ingest's horizon. A row dated past it
    /// lies past the horizon of the ingest that wrote its time (horizons only grow), which
    /// counted it in that file's `future_records`: with no file counting one, there is none,
    /// and the rows need not be read (a full scan of pods and events, 2 s on a month).
    static func mayHoldFutureRows(_ connection: Connection, cluster: String?) throws -> Bool {
        guard try connection.scalar("SELECT count(*) FROM podtrail_meta WHERE key = ?", [.text(countedKey)]).int == 1 else {
            return true
        }
        return try connection.scalar(
            "SELECT EXISTS (SELECT 1 FROM sources WHERE future_records > 0" + (cluster == nil ? ")" : " AND cluster = ?)"),
            cluster.map { [.text($0)] } ?? []
        ).int == 1
    }

    /// Records that every future row is counted from now on, when the database holds none now
    /// (inside the caller's transaction): at creation, and by the upgrade to schema v15.
    static func markCounted(_ connection: Connection) throws {
        guard try scanBeyond(connection, cluster: nil, until: nil) == nil else { return }
        _ = try connection.rows("INSERT OR IGNORE INTO podtrail_meta (key, value) VALUES (?, '1')", [.text(countedKey)])
    }

    /// The rows of `cluster` dated past the latest ingest's horizon, split by a window's end;
    /// nil when there are none.
    public static func beyond(_ connection: Connection, cluster: String?, until: Timestamp?) throws -> Beyond? {
        guard try mayHoldFutureRows(connection, cluster: cluster) else { return nil }
        return try scanBeyond(connection, cluster: cluster, until: until)
    }

    /// `beyond`, reading every row whose time may lie past the horizon.
    private static func scanBeyond(_ connection: Connection, cluster: String?, until: Timestamp?) throws -> Beyond? {
        guard let limit = try horizon(connection, cluster: cluster) else { return nil }
        // Times are UTC text (`2026-11-27T02:00:00.5Z`): every time in or after the horizon's
        // second sorts at or after its first 19 characters, so the text test (on an index for
        // events.last_seen) leaves few rows for the exact one.
        let prefix = String(limit.description.prefix(19))
        var result = Beyond()
        for (table, columns) in timeColumns {
            let names = columns.components(separatedBy: ", ")
            var sql = "SELECT \(columns) FROM \(table) WHERE (\(names[0]) >= ? OR \(names[1]) >= ?)"
            var bindings: [SQLValue] = [.text(prefix), .text(prefix)]
            if let cluster {
                sql += " AND cluster = ?"
                bindings.append(.text(cluster))
            }
            let statement = try connection.prepare(sql)
            try statement.bind(bindings)
            while try statement.step() {
                let times = (0..<2).compactMap { statement.withUTF8(at: $0, Timestamp.parse) ?? nil }
                let future = times.filter { limit < $0 }
                guard let latest = future.max() else { continue }
                if result.latest.map({ $0 < latest }) ?? true { result.latest = latest }
                if let until, future.allSatisfy({ !($0 < until) }) {
                    result.after += 1
                } else {
                    result.inside += 1
                }
            }
        }
        return result.latest == nil ? nil : result
    }
}
