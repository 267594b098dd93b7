/// What a report window's archives hold, hour by hour (the `coverage` view): which hours have
/// pod status data, which have events, which have neither. The report says from it which
/// figures the data cannot answer, instead of printing 0 for them.
struct ReportCoverage {
    /// One UTC hour of the window.
    struct Hour {
        var start: Timestamp
        var snapshots = 0
        var events = 0
    }

    /// Every hour the window touches (for an open window, from the first to the last hour with data).
    var hours: [Hour]
    /// The cluster's rows dated more than an hour after the latest ingest (`FutureRecords`).
    var future: FutureRecords.Beyond?

    var snapshots: Int { hours.reduce(0) { $0 + $1.snapshots } }
    var events: Int { hours.reduce(0) { $0 + $1.events } }
    /// The window has pod status data: pods created, startup, restarts, OOM kills and time in
    /// status can be answered.
    var hasStatus: Bool { snapshots > 0 }
    /// The window has events: back-offs, image pulls, scheduling and node OOM events can be answered.
    var hasEvents: Bool { events > 0 }

    static let hourMicros: Int64 = 3_600_000_000

    /// Reads the window of `scope`; nil when the database has no `coverage` view.
    static func read(connection: Connection, scope: ReportScope) throws -> ReportCoverage? {
        let reader = ViewReader(connection: connection, scope: scope)
        guard try reader.columns(of: "coverage").contains("pod_snapshots") else { return nil }
        var (conditions, bindings) = scope.conditions(cluster: "cluster", namespace: nil)
        if let since = scope.window.since {
            conditions.append("julianday(hour) > julianday(?) - 1.0 / 24")
            bindings.append(.text(since.description))
        }
        if let until = scope.window.until {
            conditions.append("julianday(hour) < julianday(?)")
            bindings.append(.text(until.description))
        }
        let sql = "SELECT hour, sum(pod_snapshots), sum(events) FROM coverage"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " GROUP BY hour"
        var counts: [Int64: (Int, Int)] = [:]
        for row in try connection.rows(sql, bindings) {
            guard let hour = row[0].string.flatMap(Timestamp.parse) else { continue }
            counts[hour.micros / hourMicros] = (Int(row[1].int ?? 0), Int(row[2].int ?? 0))
        }
        let first = scope.window.since.map { floor($0.micros) } ?? counts.keys.min()
        let last = scope.window.until.map { floor($0.micros - 1) } ?? counts.keys.max()
        let future = try FutureRecords.beyond(connection, cluster: scope.cluster, until: scope.window.until)
        guard let first, let last, first <= last, last - first < 1_000_000 else { return ReportCoverage(hours: [], future: future) }
        return ReportCoverage(hours: (first...last).map { index in
            let (snapshots, events) = counts[index] ?? (0, 0)
            return Hour(start: Timestamp(micros: index * hourMicros), snapshots: snapshots, events: events)
        }, future: future)
    }

    /// The report's line on future-dated rows (`future`), or nil when there are none: those
    /// past the window's end were left out of it; the others lie in it.
    var futureNote: String? {
        guard let future, let latest = future.latest else { return nil }
        let why = "(clock skew or bad input; the latest is dated \(latest))"
        func records(_ n: Int) -> String { n == 1 ? "1 record" : "\(n) records" }
        var lines: [String] = []
        if future.after > 0 {
            lines.append("- \(records(future.after)) dated more than 1 h after the latest ingest "
                + "\(future.after == 1 ? "was" : "were") left out of the window \(why).")
        }
        if future.inside > 0 {
            lines.append("- \(records(future.inside)) in this window \(future.inside == 1 ? "is" : "are") dated more than 1 h "
                + "after the latest ingest \(why).")
        }
        return lines.joined(separator: "\n")
    }

    /// The hour index (hours since the epoch) holding `micros`.
    private static func floor(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / hourMicros : (micros + 1) / hourMicros - 1
    }

    /// Runs of consecutive hours for which `lacking` holds, as `from` / `to` (exclusive) times.
    func runs(where lacking: (Hour) -> Bool) -> [(from: Timestamp, to: Timestamp, hours: Int)] {
        var result: [(from: Timestamp, to: Timestamp, hours: Int)] = []
        for hour in hours where lacking(hour) {
            let end = Timestamp(micros: hour.start.micros + Self.hourMicros)
            if let last = result.last, last.to == hour.start {
                result[result.count - 1] = (last.from, end, last.hours + 1)
            } else {
                result.append((hour.start, end, 1))
            }
        }
        return result
    }

    /// The first and last hour with any data (for charts that should span the data, not the window).
    var dataSpan: (first: Timestamp, end: Timestamp)? {
        let withData = hours.filter { $0.snapshots > 0 || $0.events > 0 }
        guard let first = withData.first, let last = withData.last else { return nil }
        return (first.start, Timestamp(micros: last.start.micros + Self.hourMicros))
    }
}
