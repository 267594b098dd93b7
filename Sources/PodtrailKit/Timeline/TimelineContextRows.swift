/// Reads the rows about objects other than pods: the nodes the pods ran on, and (for a
/// namespace or workload) the controllers that created and deleted them.
struct TimelineContextRows {
    let store: TimelineStore

    /// Node event reasons shown beside a pod: readiness, pressure, OOM, reboot, shutdown, cordon.
    static let nodeReasons: [String] = [
        "NodeNotReady", "NodeReady", "NodeHasInsufficientMemory", "NodeHasSufficientMemory", "NodeHasDiskPressure",
        "NodeHasNoDiskPressure", "NodeHasInsufficientPID", "NodeHasSufficientPID", "EvictionThresholdMet", "SystemOOM",
        "OOMKilling", "Rebooted", "Shutdown", "NodeShutdown", "NodeNotSchedulable", "NodeSchedulable",
    ]

    /// Node reasons that mean trouble even on a Normal event.
    static let nodeTrouble: Set<String> = [
        "NodeNotReady", "NodeHasInsufficientMemory", "NodeHasDiskPressure", "NodeHasInsufficientPID",
        "EvictionThresholdMet", "SystemOOM", "OOMKilling", "Rebooted", "Shutdown", "NodeShutdown",
    ]

    /// The events of node `:node` (`:cluster`; with `:all` 0 only `nodeReasons`) between
    /// `:begin` and `:end` and in the window.
    static let nodeEventsSQL: String = {
        let reasons = nodeReasons.map { "'\($0)'" }.joined(separator: ", ")
        return """
            SELECT id, first_seen, last_seen, count, reason, message, type FROM events
            WHERE object_kind = 'Node' AND object_name = :node AND (:cluster IS NULL OR cluster = :cluster)
                AND (:all = 1 OR reason IN (\(reasons)))
                AND julianday(coalesce(last_seen, first_seen)) >= coalesce(julianday(:begin), 0)
                AND julianday(coalesce(first_seen, last_seen)) <= coalesce(julianday(:end), 1e9)
                AND \(TimelinePodRows.eventInWindow)
            ORDER BY julianday(coalesce(first_seen, last_seen)), id
            """
    }()

    /// Events about node `node` between `begin` and `end` (either may be nil) and inside the
    /// window; with `allReasons` false only `nodeReasons`. Read by the `events_node_time` index
    /// from the later of `begin` and the window's start.
    func nodeEvents(node: String, cluster: String?, begin: Timestamp?, end: Timestamp?, allReasons: Bool,
                    fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = Self.nodeEventsSQL
        let rows = try fetch.rows(store, sql, [
            "node": .text(node), "cluster": .optional(cluster), "all": .integer(allReasons ? 1 : 0),
            "begin": .optional(begin?.description), "end": .optional(end?.description),
        ], time: { $0.stamp("first_seen") ?? $0.stamp("last_seen") })
        return rows.compactMap { event in
            guard let first = event.stamp("first_seen") ?? event.stamp("last_seen") else { return nil }
            let reason = event.text("reason") ?? ""
            return TimelineRow(time: first, source: .node, object: "node/\(node)", reason: reason,
                               message: event.text("message") ?? "", count: event.int("count") ?? 1,
                               lastSeen: event.stamp("last_seen"),
                               isWarning: event.text("type") == "Warning" || Self.nodeTrouble.contains(reason))
        }
    }

    /// The events in `:namespace` about objects that are neither pods nor nodes (`:workload`,
    /// `:cluster`), in the window.
    static let objectEventsSQL = """
            SELECT first_seen, last_seen, count, reason, message, type, object_kind, object_name FROM events
            WHERE namespace = :namespace AND ifnull(object_kind, '') NOT IN ('Pod', 'Node')
                AND (:cluster IS NULL OR cluster = :cluster)
                AND (:workload IS NULL OR object_name = :workload OR substr(object_name, 1, length(:workload) + 1) = :workload || '-')
                AND \(TimelinePodRows.eventInWindow)
            ORDER BY julianday(coalesce(first_seen, last_seen)), id
            """

    /// Events in `namespace` about objects that are not pods (ReplicaSets, Deployments, Jobs,
    /// StatefulSets...); for a workload only those whose object is the workload or is named
    /// `workload-…` (its ReplicaSets, its CronJob's Jobs). Read by the `events_controller_time`
    /// index from the window's start.
    func objectEvents(namespace: String, workload: String?, cluster: String?, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = Self.objectEventsSQL
        let rows = try fetch.rows(store, sql, ["namespace": .text(namespace), "workload": .optional(workload), "cluster": .optional(cluster)],
                                  time: { $0.stamp("first_seen") ?? $0.stamp("last_seen") })
        return rows.compactMap { event in
            guard let first = event.stamp("first_seen") ?? event.stamp("last_seen") else { return nil }
            return TimelineRow(time: first, source: .event,
                               object: "\(event.text("object_kind") ?? "Object")/\(event.text("object_name") ?? "")",
                               reason: event.text("reason") ?? "", message: event.text("message") ?? "",
                               count: event.int("count") ?? 1, lastSeen: event.stamp("last_seen"),
                               isWarning: event.text("type") == "Warning")
        }
    }
}
