import Foundation

/// Reads analysis views within a `ReportScope`.
struct ViewReader {
    let connection: Connection
    let scope: ReportScope

    /// Columns taken from the pod's `pods` row (by `pod_uid`) when a view lacks them.
    static let podFields = ["pod": "name", "cluster": "cluster", "namespace": "namespace", "workload": "workload"]

    /// The columns of `view`, empty when the database has no such view, or has one that no
    /// longer resolves (a view it reads was dropped, or replaced by a table without the columns
    /// it needs): the report then says the view is missing rather than failing whole.
    func columns(of view: String) throws -> [String] {
        do {
            return try connection.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(view)]).compactMap(\.first?.string)
        } catch is SQLiteError {
            return []
        }
    }

    /// Rows of `view` with `columns` (a column name; `pod`, `cluster`, `namespace` and
    /// `workload` are looked up in `pods` when the view lacks them), restricted to the scope with the window applied to `timeColumn`, ordered by
    /// time then by every output column; nil when the view does not exist.
    func rows(of view: String, columns wanted: [String], timeColumn: String?) throws -> [ReportRow]? {
        try rows(of: view, columns: wanted, timeColumn: timeColumn, splitting: []).map { $0[0] }
    }

    /// Like `rows(of:columns:timeColumn:)`, read once and split by `windows` (each row goes to
    /// every window whose half-open range holds its time, in the SQL of `TimeWindow.condition`):
    /// one list per window, each in the same order. With no windows, one list of every row.
    /// With `ordered` false, in whatever order SQLite finds them (no sort).
    /// `textRange`: the time column holds stored times as written by podtrail (UTC text) that an
    /// index of a table under the view can range over: the window is also given as a text range
    /// wide enough for any precision, which SQLite pushes down to that index (the `julianday`
    /// test stays, and decides).
    func rows(
        of view: String, columns wanted: [String], timeColumn: String?, splitting windows: [TimeWindow], ordered: Bool = true,
        textRange: Bool = false
    ) throws -> [[ReportRow]]? {
        let index = Dictionary(uniqueKeysWithValues: wanted.enumerated().map { ($1, $0) })
        guard let timeColumn, !windows.isEmpty else {
            var rows: [ReportRow] = []
            let found = try forEachRow(of: view, columns: wanted, timeColumn: timeColumn, ordered: ordered, textRange: textRange) {
                rows.append(ReportRow(values: $0, index: index))
            }
            return found ? [rows] : nil
        }
        // Each row straight into its windows' lists, without a list of every row first.
        var lists = Array(repeating: [ReportRow](), count: windows.count)
        let found = try forEachRow(
            of: view, columns: wanted, timeColumn: timeColumn, splitting: windows, ordered: ordered, textRange: textRange
        ) { values, inWindow in
            for w in windows.indices where inWindow[w] { lists[w].append(ReportRow(values: values, index: index)) }
        }
        return found ? lists : nil
    }

    /// Calls `body` with each row of `view` (values in the order of `columns`) that
    /// `rows(of:columns:timeColumn:)` would return, in the same order, keeping none: for the
    /// views with a row per pod or per container run (a week has millions). With `ordered`
    /// false, the same rows in whatever order SQLite finds them (no sort: for a fold whose
    /// result does not depend on the order). False when the view does not exist.
    func forEachRow(
        of view: String, columns wanted: [String], timeColumn: String?, ordered: Bool = true, textRange: Bool = false,
        _ body: ([SQLValue]) throws -> Void
    ) throws -> Bool {
        guard let (sql, bindings) = try select(
            of: view, columns: wanted, timeColumn: timeColumn, splitting: [], ordered: ordered, textRange: textRange)
        else {
            return false
        }
        try forEachStep(sql, bindings) { try body($0.currentRow) }
        return true
    }

    /// Calls `body` with each row of `rows(of:columns:timeColumn:splitting:ordered:)`, read once:
    /// its values (in the order of `columns`) and, for each of `windows`, whether the row is in
    /// it; keeping none. False when the view does not exist.
    func forEachRow(
        of view: String, columns wanted: [String], timeColumn: String, splitting windows: [TimeWindow], ordered: Bool = true,
        textRange: Bool = false, _ body: ([SQLValue], [Bool]) throws -> Void
    ) throws -> Bool {
        guard let (sql, bindings) = try select(
            of: view, columns: wanted, timeColumn: timeColumn, splitting: windows, ordered: ordered, textRange: textRange)
        else { return false }
        try forEachStep(sql, bindings) { statement in
            try body((0..<wanted.count).map { statement.value(at: $0) }, windows.indices.map { statement.int(at: wanted.count + $0) == 1 })
        }
        return true
    }

    /// Runs `sql` with `bindings`, calling `body` with the statement at each row.
    private func forEachStep(_ sql: String, _ bindings: [SQLValue], _ body: (Statement) throws -> Void) throws {
        let statement = try connection.prepare(sql)
        try statement.bind(bindings)
        while try statement.step() { try body(statement) }
    }

    /// The SELECT of `rows(of:columns:timeColumn:splitting:)` and its bindings (each window's
    /// flag follows the wanted columns); nil when the view does not exist.
    private func select(
        of view: String, columns wanted: [String], timeColumn: String?, splitting windows: [TimeWindow], ordered: Bool = true,
        textRange: Bool = false
    ) throws -> (String, [SQLValue])? {
        if ordered, view == "status_durations", timeColumn == "created_at", windows.isEmpty,
            let cached = try cachedStatusDurations(columns: wanted)
        {
            return cached
        }
        let available = try columns(of: view)
        guard !available.isEmpty else { return nil }
        var expressions: [String] = []
        var joinsPods = false
        for column in wanted {
            if let field = Self.podFields[column], !available.contains(column) {
                guard available.contains("pod_uid"), available.contains("cluster") else {
                    throw ReportError.viewMismatch(view: view, column: available.contains("cluster") ? "pod_uid" : "cluster")
                }
                // uid and cluster name one pod: a join, read once per row for every column.
                joinsPods = true
                expressions.append("p.\(field)")
            } else {
                guard available.contains(column) else { throw ReportError.viewMismatch(view: view, column: column) }
                expressions.append("v.\"\(column)\"")
            }
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let timeColumn {
            let time = timeExpression(timeColumn, available: available)
            // The split flags' bindings come first: they are selected before the WHERE clause.
            for window in windows {
                let (sql, values) = window.condition(on: time)
                expressions.append("(\(sql))")
                bindings += values
            }
            let (sql, values) = scope.window.condition(on: time)
            conditions.append(sql)
            bindings += values
            if textRange, let since = scope.window.since {
                conditions.append("\(time) >= strftime('%Y-%m-%dT%H:%M:%S', ?)")
                bindings.append(.text(since.description))
            }
            if textRange, let until = scope.window.until {
                conditions.append("\(time) <= strftime('%Y-%m-%dT%H:%M:%S', ?) || 'Z'")
                bindings.append(.text(until.description))
            }
        }
        if !scope.namespaces.isEmpty, available.contains("namespace") || available.contains("pod_uid") {
            let list = scope.namespaceList
            conditions.append(available.contains("namespace")
                ? "v.namespace IN \(list)" : "v.pod_uid IN (SELECT uid FROM pods WHERE namespace IN \(list))")
            bindings += scope.namespaceBindings
        }
        if let cluster = scope.cluster {
            guard available.contains("cluster") else { throw ReportError.viewMismatch(view: view, column: "cluster") }
            conditions.append("v.cluster = ?")
            bindings.append(.text(cluster))
        }
        var sql = "SELECT " + expressions.joined(separator: ", ") + " FROM \"\(view)\" v"
        if joinsPods { sql += " LEFT JOIN pods p ON p.uid = v.pod_uid AND p.cluster = v.cluster" }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        guard ordered else { return (sql, bindings) }
        var order = (1...wanted.count).map(String.init)
        if let timeColumn { order.insert("julianday(\(timeExpression(timeColumn, available: available)))", at: 0) }
        sql += " ORDER BY " + order.joined(separator: ", ")
        return (sql, bindings)
    }

    /// Rows of `view`, an aggregate over `source` (`eviction_causes` over `evictions`), for the
    /// scope: the view's own SELECT, as the database holds it, run over the rows of `source`
    /// inside the scope (window on `timeColumn`), ordered by every column; nil when either view
    /// is missing.
    ///
    /// An aggregate has no time to filter once it is computed, and SQLite cannot push a filter
    /// into a view either: a CTE named after `source` replaces it for the SELECT (a CTE is not
    /// seen inside the views that SELECT reads, so `source` itself is read unchanged). The
    /// SELECT stands on lines of its own, so that a comment ending it ends there.
    func aggregateRows(of view: String, over source: String, columns wanted: [String], timeColumn: String) throws -> [ReportRow]? {
        let available = try columns(of: source)
        guard !available.isEmpty,
            let definition = try connection.scalar("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [.text(view)]).string,
            let header = definition.range(of: #"^\s*CREATE\s+VIEW\s+[\s\S]*?\s+AS\s"#, options: [.regularExpression, .caseInsensitive])
        else { return nil }
        let viewColumns = try columns(of: view)
        if let missing = wanted.first(where: { !viewColumns.contains($0) }) { throw ReportError.viewMismatch(view: view, column: missing) }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        let (window, windowBindings) = scope.window.condition(on: "s.\"\(timeColumn)\"")
        conditions.append(window)
        bindings += windowBindings
        let inScope = scope.conditions(cluster: "s.cluster", namespace: available.contains("namespace") ? "s.namespace" : nil)
        conditions += inScope.conditions
        bindings += inScope.bindings
        let list = wanted.map { "a.\"\($0)\"" }.joined(separator: ", ")
        let sql = """
            WITH "\(source)" AS (SELECT * FROM main."\(source)" s WHERE \(conditions.joined(separator: " AND ")))
            SELECT \(list) FROM (
            \(definition[header.upperBound...])
            ) a ORDER BY \((1...wanted.count).map(String.init).joined(separator: ", "))
            """
        let index = Dictionary(uniqueKeysWithValues: wanted.enumerated().map { ($1, $0) })
        return try connection.rows(sql, bindings).map { ReportRow(values: $0, index: index) }
    }

    /// The columns of status_durations_cache that are the same in each of a pod's rows.
    private static let podConstantStatusColumns: Set<String> = ["namespace", "pod", "workload", "created_at"]

    /// The columns of status_durations and of status_durations_cache.
    private static let statusColumns: Set<String> = podConstantStatusColumns.union([
        "cluster", "pod_uid", "status", "seconds", "segments", "first_segment", "first_seen_at",
    ])

    /// The SELECT of status_durations' rows in the scope, read straight from
    /// status_durations_cache's time index, in its order and from it alone for the report's
    /// columns (schema v6: a week's 1.9 M rows took 9.5 s to sort, 1.0 s this way), when that is
    /// exactly what the view returns: nil unless
    /// the installed view is the one this build generates for the cached analysis (whose rows are
    /// the cache's rows for every pod not in stale_pods or refreshing_pods, plus those pods
    /// computed on the spot: a view replaced by hand may answer otherwise), no pod is stale
    /// (refreshing_pods is empty outside a refresh's own transaction), and
    /// `wanted` starts with cluster and pod_uid and has status before any other column that
    /// differs between a pod's rows. Then ordering by time, cluster, pod_uid and status orders
    /// the rows as by time and every wanted column: (pod_uid, cluster, status) is the cache's
    /// primary key, and a pod's other columns come from its one `pods` row. The caller reads
    /// inside a read transaction (`ReportBuilder`), so the check and the rows see one snapshot.
    func cachedStatusDurations(columns wanted: [String]) throws -> (String, [SQLValue])? {
        guard wanted.count > 2, wanted[0] == "cluster", wanted[1] == "pod_uid", Set(wanted).isSubset(of: Self.statusColumns),
            wanted.dropFirst(2).first(where: { !Self.podConstantStatusColumns.contains($0) }) == "status",
            let installed = try connection.scalar(
                "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'status_durations'").string,
            let shipped = DerivedDefinitions.shipped.cachedAnalyses.first(where: { $0.name == "status_durations" })?.view,
            shipped.contains(installed + ";"),
            try connection.scalar("SELECT EXISTS (SELECT 1 FROM stale_pods)").int == 0
        else { return nil }
        let (window, windowBindings) = scope.window.condition(on: "c.created_at")
        let inScope = scope.conditions(cluster: "c.cluster", namespace: "c.namespace")
        let conditions = [window] + inScope.conditions
        let bindings = windowBindings + inScope.bindings
        let select = "SELECT " + wanted.map { "c.\"\($0)\"" }.joined(separator: ", ") + " FROM status_durations_cache c WHERE "
            + conditions.joined(separator: " AND ") + " ORDER BY julianday(c.created_at), c.cluster, c.pod_uid, c.status"
        return (select, bindings)
    }

    /// The SQL for the window's time: the view's own column, or the pod's creation time when
    /// the view has no such column but has `pod_uid`.
    private func timeExpression(_ column: String, available: [String]) -> String {
        if available.contains(column) { return "v.\"\(column)\"" }
        return "(SELECT p.created_at FROM pods p WHERE p.uid = v.pod_uid ORDER BY p.cluster LIMIT 1)"
    }
}
