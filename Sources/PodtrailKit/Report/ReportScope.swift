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

    /// `(?, ?, …)`: one placeholder per namespace, for `IN`; bind `namespaceBindings` to it.
    var namespaceList: String { "(" + namespaces.map { _ in "?" }.joined(separator: ", ") + ")" }

    /// The namespaces as bindings, in `namespaceList`'s order.
    var namespaceBindings: [SQLValue] { namespaces.map { .text($0) } }

    /// The conditions (to join with AND) and their bindings that keep a row's `cluster` and
    /// `namespace` expressions inside the scope; none for what the scope does not restrict,
    /// nor for the namespace when `namespace` is nil.
    func conditions(cluster: String, namespace: String?) -> (conditions: [String], bindings: [SQLValue]) {
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let selected = self.cluster {
            conditions.append("\(cluster) = ?")
            bindings.append(.text(selected))
        }
        if let namespace, !namespaces.isEmpty {
            conditions.append("\(namespace) IN \(namespaceList)")
            bindings += namespaceBindings
        }
        return (conditions, bindings)
    }
}
