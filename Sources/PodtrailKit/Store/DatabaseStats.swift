/// A summary of what a database holds, for `podtrail stats`.
public struct DatabaseStats {
    private let connection: Connection

    /// Reads from `connection`.
    public init(_ connection: Connection) { self.connection = connection }

    /// The tables counted, in display order.
    public static let tables = ["sources", "events", "pods", "containers", "pod_snapshots",
                                "container_snapshots", "container_terminations", "rejects"]

    /// The summary as plain text.
    public func render() throws -> String {
        var text = ""
        for table in Self.tables {
            let count = try connection.scalar("SELECT count(*) FROM \(table)").int ?? 0
            text += "\(table): \(count)\n"
        }
        return text
    }
}
