/// What a report covers: the window, the cluster and the namespaces, and how to fetch an
/// analysis view's rows inside them.
public struct ReportScope: Sendable, Equatable {
    /// The time window (half-open).
    public var window: TimeWindow
    /// Only this cluster, or every cluster when nil.
    public var cluster: String?
    /// Only these namespaces, or every namespace when empty.
    public var namespaces: [String]

    /// Creates a scope.
    public init(window: TimeWindow = .unbounded, cluster: String? = nil, namespaces: [String] = []) {
        self.window = window
        self.cluster = cluster
        self.namespaces = namespaces.sorted()
    }

    /// The same scope over another window.
    func with(window: TimeWindow) -> ReportScope {
        ReportScope(window: window, cluster: cluster, namespaces: namespaces)
    }
}

/// Why a report could not be made.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// An analysis view lacks a column the report reads.
    case viewMismatch(view: String, column: String)
    /// An output could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .viewMismatch(let view, let column):
            "the analysis view \(view) has no column \(column): the database's views and this podtrail disagree; reopen it with this podtrail's ingest to reinstall them."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)."
        }
    }
}

/// Reads analysis views within a `ReportScope`.
struct ViewReader {
    let connection: Connection
    let scope: ReportScope

    /// The columns of `view`, empty when the database has no such view.
    func columns(of view: String) throws -> [String] {
        try connection.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(view)]).compactMap(\.first?.string)
    }

    /// Rows of `view` with `columns` (a column name, or `pod` for the pod's name looked up in
    /// `pods`), restricted to the scope with the window applied to `timeColumn`, ordered by
    /// time then by every output column; nil when the view does not exist.
    func rows(of view: String, columns wanted: [String], timeColumn: String?) throws -> [ReportRow]? {
        let available = try columns(of: view)
        guard !available.isEmpty else { return nil }
        var expressions: [String] = []
        for column in wanted {
            if column == "pod" || column == "cluster", !available.contains(column) {
                guard available.contains("pod_uid") else {
                    if column == "cluster" {
                        expressions.append("NULL")
                        continue
                    }
                    throw ReportError.viewMismatch(view: view, column: "pod_uid")
                }
                let sameCluster = available.contains("cluster") ? " AND p.cluster = v.cluster" : ""
                let field = column == "pod" ? "name" : "cluster"
                expressions.append("(SELECT p.\(field) FROM pods p WHERE p.uid = v.pod_uid\(sameCluster) ORDER BY p.cluster LIMIT 1)")
            } else {
                guard available.contains(column) else { throw ReportError.viewMismatch(view: view, column: column) }
                expressions.append("v.\"\(column)\"")
            }
        }
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let timeColumn {
            let (sql, values) = scope.window.condition(on: timeExpression(timeColumn, available: available))
            conditions.append(sql)
            bindings += values
        }
        if !scope.namespaces.isEmpty, available.contains("namespace") {
            conditions.append("v.namespace IN (" + scope.namespaces.map { _ in "?" }.joined(separator: ", ") + ")")
            bindings += scope.namespaces.map { .text($0) }
        }
        if let cluster = scope.cluster {
            if available.contains("cluster") {
                conditions.append("v.cluster = ?")
            } else if available.contains("pod_uid") {
                conditions.append("v.pod_uid IN (SELECT uid FROM pods WHERE cluster = ?)")
            } else {
                conditions.append("(v.namespace, v.workload) IN (SELECT namespace, workload FROM pods WHERE cluster = ?)")
            }
            bindings.append(.text(cluster))
        }
        var sql = "SELECT " + expressions.joined(separator: ", ") + " FROM \"\(view)\" v"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        var order = (1...wanted.count).map(String.init)
        if let timeColumn { order.insert("julianday(\(timeExpression(timeColumn, available: available)))", at: 0) }
        sql += " ORDER BY " + order.joined(separator: ", ")
        let index = Dictionary(uniqueKeysWithValues: wanted.enumerated().map { ($1, $0) })
        return try connection.rows(sql, bindings).map { ReportRow(values: $0, index: index) }
    }

    /// The SQL for the window's time: the view's own column, or the pod's creation time when
    /// the view has no such column but has `pod_uid`.
    private func timeExpression(_ column: String, available: [String]) -> String {
        if available.contains(column) { return "v.\"\(column)\"" }
        return "(SELECT p.created_at FROM pods p WHERE p.uid = v.pod_uid ORDER BY p.cluster LIMIT 1)"
    }
}

/// One row read from a view, its values in the requested column order.
struct ReportRow {
    /// The values, in the order of the columns asked for.
    let values: [SQLValue]
    /// Column name → position in `values`.
    let index: [String: Int]

    /// The value of `column` (NULL when the row has no such column).
    subscript(_ column: String) -> SQLValue {
        index[column].map { values[$0] } ?? .null
    }

    /// The text of `column`, `fallback` when NULL.
    func text(_ column: String, _ fallback: String = "") -> String {
        self[column].string ?? fallback
    }
}
