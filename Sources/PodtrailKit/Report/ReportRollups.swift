/// The part of a report window `podtrail prune` left as rollups (`Rollup`): the pruned pods'
/// counts per whole UTC day of `rollup_days` inside the window. The report adds them to the
/// counts of the rows still held (a pod is in one or the other, never both); the pruned pods'
/// creation figures (`rollup_pods`) go into the percentiles row by row, so those stay exact.
struct ReportRollups: Sendable, Equatable {
    /// The latest cut (`podtrail_meta.pruned_before`).
    var cut: Timestamp
    /// `rollup_days` totals in the window by figure (`crash_loop_episodes`, `evictions`, …).
    var figures: [String: Double] = [:]
    /// Pruned pods created in the window (`rollup_pods`, created_at known).
    var podsCreated = 0
    /// Days before the cut that the window holds only in part: their rolled-up counts are left
    /// out (rollups are per whole UTC day), `YYYY-MM-DD`.
    var partialDays: [String] = []

    /// The total of `figure` (0 when none).
    func count(_ figure: String) -> Int { Int(figures[figure] ?? 0) }

    /// The latest cut, nil when the database was never pruned (or predates schema v13).
    static func cut(_ connection: Connection) throws -> Timestamp? {
        guard try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'rollup_days'").int == 1 else { return nil }
        return try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'pruned_before'").string.flatMap(Timestamp.parse)
    }

    /// The rollups of the window of `scope`; nil when the window lies wholly at or after the
    /// cut (or the database was never pruned): then nothing in it was pruned.
    static func read(_ connection: Connection, scope: ReportScope) throws -> ReportRollups? {
        guard let cut = try cut(connection) else { return nil }
        let window = scope.window
        if let since = window.since, since.micros >= cut.micros { return nil }
        var rollups = ReportRollups(cut: cut)
        let day: Int64 = 86_400_000_000
        func dayText(_ micros: Int64) -> String { String(Timestamp(micros: micros).description.prefix(10)) }
        // Whole days: from the first midnight at or after since, to the last midnight at or before until.
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let since = window.since {
            let first = since.micros % day == 0 ? since.micros : since.micros - ((since.micros % day) + day) % day + day
            if first != since.micros { rollups.partialDays.append(dayText(first - day)) }
            conditions.append("day >= ?")
            bindings.append(.text(dayText(first)))
        }
        if let until = window.until {
            let last = until.micros - ((until.micros % day) + day) % day
            if last != until.micros, last < cut.micros, !rollups.partialDays.contains(dayText(last)) { rollups.partialDays.append(dayText(last)) }
            conditions.append("day < ?")
            bindings.append(.text(dayText(last)))
        }
        // Rows with no time (day '') count only when neither bound is given, as in the views.
        if !window.isUnbounded { conditions.append("day <> ''") }
        let inScope = scope.conditions(cluster: "cluster", namespace: nil)
        conditions += inScope.conditions
        bindings += inScope.bindings
        // Node OOM events belong to no namespace: the namespace filter does not apply to them.
        if !scope.namespaces.isEmpty {
            conditions.append("(figure = 'node_oom_events' OR namespace IN \(scope.namespaceList))")
            bindings += scope.namespaceBindings
        }
        let sql = "SELECT figure, sum(value) FROM rollup_days"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " GROUP BY figure"
        for row in try connection.rows(sql, bindings) {
            if let figure = row[0].string { rollups.figures[figure] = row[1].double ?? 0 }
        }
        let (created, createdBindings) = window.condition(on: "created_at")
        let podScope = scope.conditions(cluster: "cluster", namespace: "namespace")
        rollups.podsCreated = Int(
            try connection.scalar(
                "SELECT count(*) FROM rollup_pods WHERE created_at IS NOT NULL AND " + ([created] + podScope.conditions).joined(separator: " AND "),
                createdBindings + podScope.bindings
            ).int ?? 0)
        return rollups
    }

    /// The report's note on what came from rollups, after the summary.
    var note: String {
        var text = "**Pruned history.** The database keeps rollups, not rows, of the pods whose every instant lay before \(cut) "
        text += "(`podtrail prune`), and of the other events before it. This window reaches before the cut: "
        text += "the summary's figures (pods created, p90 pod startup, crash-loop episodes and their restarts, pods evicted, "
        text += "container OOM kills, node OOM events), the phase-duration percentiles and the startup SLI days count those pods "
        text += "from the rollups (exact: each pod's durations are kept; the counts are per whole UTC day). "
        text += "The other sections and the CSV files list only the pods still held row by row."
        if !partialDays.isEmpty {
            text += " The window holds only part of \(partialDays.joined(separator: " and ")), before the cut: "
            text += "the pruned pods' counts of that day are left out (give whole days to count them)."
        }
        return text + "\n\n"
    }
}
