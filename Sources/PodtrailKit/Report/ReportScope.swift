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
