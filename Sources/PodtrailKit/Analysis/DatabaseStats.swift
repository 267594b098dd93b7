/// A summary of what a database holds, for `podtrail stats`.
public struct DatabaseStats {
    private let connection: Connection

    /// Reads from `connection`.
    public init(_ connection: Connection) { self.connection = connection }

    /// The tables counted, in display order.
    public static let tables = [
        "sources", "events", "pods", "containers", "pod_snapshots", "container_snapshots",
        "container_terminations", "rejects",
    ]

    /// The summary as plain text: schema version, clusters, time range, rows per table,
    /// rejects by reason, and the sources that were damaged or skipped; control characters in
    /// any value are escaped (`TerminalText`).
    public func render(sourceLimit: Int = 20) throws -> String {
        // One read transaction: every figure comes from the same snapshot, even while an ingest
        // commits files in between.
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        var lines: [String] = []
        lines.append("schema version: \(try connection.userVersion)")
        let clusters = try connection.rows("SELECT DISTINCT cluster FROM sources ORDER BY cluster").map(\.[0].description)
        lines.append("clusters: \(clusters.isEmpty ? "(none)" : clusters.joined(separator: ", "))")
        let range = try connection.rows("""
            SELECT min(t), max(t) FROM (
                SELECT first_record_at AS t FROM sources UNION ALL SELECT last_record_at FROM sources)
            WHERE t IS NOT NULL
            """).first ?? []
        if range.count == 2, range[0] != .null {
            lines.append("time range: \(range[0]) .. \(range[1])")
        }
        lines.append("")
        lines.append("rows:")
        for table in Self.tables {
            // container_snapshots is a view of container_states joined to their snapshots (one
            // each) since schema v15; a database of an older schema opened read-only has the table.
            let stored = try table == "container_snapshots" && connection.userVersion >= 15 ? "container_states" : table
            let count = try connection.scalar("SELECT count(*) FROM \(stored)").int ?? 0
            lines.append("  \(table.padding(toLength: 24, withPad: " ", startingAt: 0))\(count)")
        }
        // total(), not sum(): a database an older podtrail wrote may hold counts whose sum
        // overflows ("integer overflow"); migration 9 removes them, a read-only open does not.
        let occurrences = try connection.scalar("SELECT CAST(total(count) AS INTEGER) FROM events").int ?? 0
        lines.append("  event occurrences (sum of count): \(occurrences)")
        let eventPods = try connection.scalar("SELECT count(*) FROM pods WHERE snapshots = 0").int ?? 0
        lines.append("  pods known from events only:      \(eventPods)")
        lines += try pruned()
        lines += try futureRecords(sourceLimit: sourceLimit)
        lines += try coverage()
        let rejects = try connection.rows("""
            SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY count(*) DESC, reason LIMIT 20
            """)
        if !rejects.isEmpty {
            lines.append("")
            lines.append("rejects by reason:")
            for row in rejects { lines.append("  \(row[1])  \(row[0])") }
        }
        let statuses = try connection.rows("SELECT status, count(*) FROM sources GROUP BY status ORDER BY status")
        if !statuses.isEmpty {
            lines.append("")
            lines.append("sources: " + statuses.map { "\($0[1]) \($0[0])" }.joined(separator: ", "))
        }
        let notable = try connection.rows("""
            SELECT path, status, records, rejects, ingested_at FROM sources WHERE status <> '\(SourceStatus.complete.rawValue)'
            ORDER BY path LIMIT ?
            """, [.integer(Int64(sourceLimit))])
        for row in notable {
            lines.append("  \(row[1]): \(row[0]) (\(row[2]) records, \(row[3]) rejects, read \(row[4]))")
        }
        // Cluster names, paths and reasons come from the archives: shown, never acted on.
        return lines.map { TerminalText.escaped($0) }.joined(separator: "\n") + "\n"
    }

    /// What `podtrail prune` left as rollups (nothing when the database was never pruned).
    private func pruned() throws -> [String] {
        guard let cut = try ReportRollups.cut(connection) else { return [] }
        let counts = try connection.rows("""
            SELECT (SELECT count(*) FROM rollup_pods), (SELECT count(DISTINCT day) FROM rollup_days),
                (SELECT count(*) FROM pruned_sources)
            """)[0]
        return ["", "pruned before \(cut): \(counts[0]) pods and \(counts[1]) days in rollups, the rows and rejects of \(counts[2]) files deleted"]
    }

    /// The records dated more than an hour after the ingest that read them (`FutureRecords`),
    /// in all and per file; nothing when there are none or the schema predates the count (v9).
    private func futureRecords(sourceLimit: Int) throws -> [String] {
        guard try connection.scalar("SELECT count(*) FROM pragma_table_info('sources') WHERE name = 'future_records'").int == 1,
            let total = try connection.scalar("SELECT total(future_records) FROM sources").int, total > 0
        else { return [] }
        var lines = ["  records dated more than 1 h after their ingest: \(total) (left out of nightly windows)"]
        for row in try connection.rows(
            "SELECT path, future_records, records FROM sources WHERE future_records > 0 ORDER BY path LIMIT ?",
            [.integer(Int64(sourceLimit))])
        {
            lines.append("    \(row[0]) (\(row[1]) of \(row[2]) records)")
        }
        return lines
    }

    /// Per cluster, the hours with pod status data, with events and with neither (the
    /// `coverage` view), and what that leaves unanswerable.
    private func coverage() throws -> [String] {
        let rows = try connection.rows("""
            SELECT cluster, count(*), sum(pod_snapshots > 0), sum(events > 0), sum(data = 'gap'),
                sum(data = 'events only'), sum(data = 'pod status only'), min(hour), max(hour)
            FROM coverage GROUP BY cluster ORDER BY cluster
            """)
        guard !rows.isEmpty else { return [] }
        var lines = ["", "coverage (UTC hours from the first with data to the last):"]
        for row in rows {
            let values = row.map { Int($0.int ?? 0) }
            lines.append("  \(row[0]): \(values[1]) hours from \(row[7]) to \(row[8]): \(values[2]) with pod status, "
                + "\(values[3]) with events, \(values[4]) with neither (gaps)")
            if values[5] > 0 {
                lines.append("    \(values[5]) hours of events only: pods, restarts, OOM kills and time in status there are unknown")
            }
            if values[6] > 0 {
                lines.append("    \(values[6]) hours of pod status only: back-offs, image pulls and scheduling events there are unknown")
            }
        }
        return lines
    }
}
