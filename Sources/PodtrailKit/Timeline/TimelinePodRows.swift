/// Reads the rows of one pod: its lifecycle points, the events about it, its status changes
/// (identical consecutive snapshots collapsed) and its container terminations.
///
/// Only rows that touch the window are read (`TimelineFetch`), each kind capped; the state a
/// window starts in comes from the rows just before it (`TimelinePodRows+Window.swift`).
struct TimelinePodRows {
    let store: TimelineStore
    /// Read a pod's first and last instants from `pod_spans` (see `readsSpans(_:)`).
    var readsSpans = false

    /// True when `pod_spans` answers from its cache alone: the database has it and lists no
    /// pod stale (else every lookup would compute the stale pods' spans again).
    static func readsSpans(_ store: TimelineStore) throws -> Bool {
        guard try store.hasRelation("pod_spans") else { return false }
        return try store.rows("""
            SELECT NOT EXISTS (SELECT 1 FROM stale_pods) AND NOT EXISTS (SELECT 1 FROM refreshing_pods) AS current
            """).first?.int("current") == 1
    }

    /// The rows of `pod` that touch the window, unordered and unfiltered.
    func rows(of pod: TimelinePod, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        var rows = lifecycle(pod)
        rows += try events(pod, fetch: &fetch)
        if pod.hasStatus {
            rows += try statuses(pod, fetch: &fetch)
            rows += try containerStatuses(pod, fetch: &fetch)
            rows += try terminations(pod, fetch: &fetch)
        }
        return rows
    }

    private func row(_ pod: TimelinePod, _ time: Timestamp, _ source: TimelineSource, object: String = "pod",
                     container: String = "", reason: String, message: String, count: Int = 1,
                     lastSeen: Timestamp? = nil, warning: Bool = false) -> TimelineRow {
        TimelineRow(time: time, source: source, pod: pod.reference, podUID: pod.uid, object: object, container: container,
                    reason: reason, message: message, count: count, lastSeen: lastSeen, isWarning: warning)
    }

    /// Created, Scheduled, Started, Ready, DeletionRequested, Deleted from the `pods` row.
    func lifecycle(_ pod: TimelinePod) -> [TimelineRow] {
        let grace = pod.gracePeriod.map { "grace period \($0)s" } ?? "deletion requested"
        let points: [(Timestamp?, String, String)] = [
            (pod.createdAt, "Created", "pod created" + (pod.workload.map { " by \($0)" } ?? "")),
            (pod.scheduledAt, "Scheduled", "PodScheduled=True" + (pod.node.map { " on \($0)" } ?? "")),
            (pod.startedAt, "Started", "first container running"),
            (pod.readyAt, "Ready", "first Ready=True"),
            (pod.deletionRequestedAt, "DeletionRequested", grace),
            (pod.deletedAt, "Deleted", "removed from the API (watch DELETED)"),
        ]
        return points.compactMap { time, reason, message in
            time.map { row(pod, $0, .pod, reason: reason, message: message) }
        }
    }

    /// The window condition on an event: its span `[first, last]` touches `[:since, :until]`.
    /// Written so that an index on `julianday(coalesce(last_seen, first_seen))` serves it (an
    /// `:since IS NULL OR ...` would not): a missing bound compares with a julian day before
    /// any time. An event without a time is never shown (it has no place in a timeline).
    static let eventInWindow = """
        julianday(coalesce(last_seen, first_seen)) >= coalesce(julianday(:since), 0)
        AND julianday(coalesce(first_seen, last_seen)) <= coalesce(julianday(:until), 1e9)
        """

    /// The SELECT of the pod's `pod_events` rows (columns of `pod_events`) whose `events` row
    /// (`v`, the only table `condition` sees) meets `condition`: the rows whose `pod_uid` is the
    /// pod, so an event without a uid is the pod's by that view's rule (the newest pod of its
    /// name created at or before it). The pod `namespace/name` that the timeline makes of the
    /// events without a uid that the rule places on no pod (`TimelinePodQuery`; `:unplaced` 1)
    /// takes those. The candidates are read by index (by uid, and by namespace and name for
    /// events without one), then `pod_events` by event id: a filter on its computed `pod_uid`
    /// alone would read every event. Parameters `:uid`, `:cluster`, `:namespace`, `:name`,
    /// `:unplaced`.
    static func podEvents(where condition: String) -> String {
        """
        SELECT e.* FROM (
            SELECT v.id FROM events v WHERE v.object_uid = :uid AND v.cluster = :cluster AND v.object_kind = 'Pod' AND \(condition)
            UNION ALL
            SELECT v.id FROM events v
            WHERE v.object_kind = 'Pod' AND v.namespace = :namespace AND v.object_name = :name AND v.cluster = :cluster
                AND ifnull(v.object_uid, '') = '' AND \(condition)) c
        CROSS JOIN pod_events e ON e.event_id = c.id
        WHERE e.pod_uid = :uid OR (:unplaced AND e.pod_uid IS NULL)
        """
    }

    /// The parameters of `podEvents(where:)` for `pod`.
    static func podEventKeys(_ pod: TimelinePod) -> [String: SQLValue] {
        [
            "cluster": .text(pod.cluster), "uid": .text(pod.uid), "namespace": .text(pod.namespace), "name": .text(pod.name),
            "unplaced": .integer(!pod.hasStatus && pod.uid == "\(pod.namespace)/\(pod.name)" ? 1 : 0),
        ]
    }

    /// The events about the pod (`pod_events`) that touch the window.
    func events(_ pod: TimelinePod, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = """
            SELECT event_id AS id, julianday(coalesce(first_seen, last_seen)) AS jd, first_seen, last_seen, count, reason, message,
                type, container
            FROM (\(Self.podEvents(where: Self.eventInWindow)))
            ORDER BY jd, id
            """
        let rows = try fetch.rows(store, sql, Self.podEventKeys(pod), time: { $0.stamp("first_seen") ?? $0.stamp("last_seen") })
        return eventRows(pod, rows)
    }

    /// Timeline rows of `events` rows about `pod`.
    func eventRows(_ pod: TimelinePod, _ rows: [TimelineStore.Row]) -> [TimelineRow] {
        rows.compactMap { event in
            guard let first = event.stamp("first_seen") ?? event.stamp("last_seen") else { return nil }
            let container = event.text("container") ?? ""
            return row(pod, first, .event, object: container.isEmpty ? "pod" : "container/\(container)", container: container,
                       reason: event.text("reason") ?? "", message: event.text("message") ?? "", count: event.int("count") ?? 1,
                       lastSeen: event.stamp("last_seen"), warning: event.text("type") == "Warning")
        }
    }

    /// Displayed statuses that mean trouble (others: Running, Pending, Completed...).
    static func isTrouble(_ status: String) -> Bool {
        let healthy: Set<String> = ["Running", "Pending", "ContainerCreating", "PodInitializing", "Completed", "Succeeded",
                                    "Terminating", "running", "waiting", "Deleted"]
        if status.hasPrefix("Init:") {
            let progress = status.dropFirst(5).split(separator: "/")
            return !(progress.count == 2 && progress.allSatisfy { Int($0) != nil })
        }
        return !healthy.contains(status)
    }

    /// The fields whose change starts a new status row.
    static let statusFields = ["phase", "status", "ready", "restarts", "reason", "node", "deleted"]

    /// One row per run of identical pod snapshots (phase, status, ready, restarts, reason, node,
    /// deleted); the run the window starts in is carried in (`carriedStatus`).
    func statuses(_ pod: TimelinePod, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = """
            SELECT id, observed_at, phase, status, ready, restarts, reason, message, node, deleted FROM pod_snapshots
            WHERE pod_uid = :uid AND cluster = :cluster AND observed_at IS NOT NULL
                AND (:since IS NULL OR julianday(observed_at) >= julianday(:since))
                AND (:until IS NULL OR julianday(observed_at) <= julianday(:until))
            ORDER BY julianday(observed_at), id
            """
        let fields = Self.statusFields
        var result: [TimelineRow] = []
        var previous: TimelineStore.Row?
        if let carried = try carriedStatus(pod, since: fetch.window.since) {
            result.append(carried.row)
            previous = carried.start
        }
        let snapshots = try fetch.rows(store, sql, ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]) { $0.stamp("observed_at") }
        for snapshot in snapshots {
            guard let time = snapshot.stamp("observed_at") else { continue }
            if let previous, fields.allSatisfy({ previous[$0] == snapshot[$0] }), var last = result.popLast() {
                last.count += 1
                last.lastSeen = time
                result.append(last)
                continue
            }
            result.append(statusRow(pod, snapshot, time: time, after: previous))
            previous = snapshot
        }
        return result
    }

    /// The row of a status run starting at `snapshot`, described from the run before it.
    func statusRow(_ pod: TimelinePod, _ snapshot: TimelineStore.Row, time: Timestamp, after previous: TimelineStore.Row?) -> TimelineRow {
        let status = snapshot.text("status") ?? snapshot.text("phase") ?? "Unknown"
        var message = Self.describe(snapshot, after: previous)
        if snapshot.int("deleted") == 1 { message += (message.isEmpty ? "" : "; ") + "last snapshot (watch DELETED)" }
        return row(pod, time, .status, reason: status, message: message, warning: Self.isTrouble(status))
    }

    /// `phase Pending → Running; ready no → yes; restarts 0 → 1` (everything on the first snapshot).
    static func describe(_ snapshot: TimelineStore.Row, after previous: TimelineStore.Row?) -> String {
        func show(_ name: String, _ row: TimelineStore.Row) -> String {
            switch name {
            case "ready": row.int(name).map { $0 == 1 ? "yes" : "no" } ?? "unknown"
            default: row.text(name) ?? "-"
            }
        }
        var parts: [String] = []
        for name in ["status", "phase", "ready", "restarts", "node"] {
            guard let previous else {
                if snapshot[name] != .null { parts.append("\(name) \(show(name, snapshot))") }
                continue
            }
            if previous[name] != snapshot[name] { parts.append("\(name) \(show(name, previous)) → \(show(name, snapshot))") }
        }
        if let reason = snapshot.text("reason"), previous?.text("reason") != reason || previous?.text("message") != snapshot.text("message") {
            parts.append("\(reason): \(snapshot.text("message") ?? "")")
        }
        return parts.joined(separator: "; ")
    }

    /// Container state changes (state, reason, ready) that the pod's displayed status does not
    /// already say: a multi-container pod's individual containers, init containers. Terminated
    /// states are left to the termination rows.
    func containerStatuses(_ pod: TimelinePod, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = """
            SELECT c.observed_at, c.container, c.init, c.state, c.reason, c.message, c.ready, c.restarts, s.status AS pod_status
            FROM container_snapshots c LEFT JOIN pod_snapshots s
                ON s.pod_uid = c.pod_uid AND s.resource_version = c.resource_version AND s.cluster = c.cluster
            WHERE c.pod_uid = :uid AND c.cluster = :cluster AND c.observed_at IS NOT NULL
                AND (:since IS NULL OR julianday(c.observed_at) >= julianday(:since))
                AND (:until IS NULL OR julianday(c.observed_at) <= julianday(:until))
            ORDER BY julianday(c.observed_at), c.id
            """
        var previous = try carriedContainerStates(pod, since: fetch.window.since)
        var result: [TimelineRow] = []
        let parameters: [String: SQLValue] = ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]
        for snapshot in try fetch.rows(store, sql, parameters, time: { $0.stamp("observed_at") }) {
            guard let time = snapshot.stamp("observed_at"), let name = snapshot.text("container") else { continue }
            let key = [snapshot["state"], snapshot["reason"], snapshot["ready"]]
            defer { previous[name] = key }
            guard previous[name] != key else { continue }
            let state = snapshot.text("state") ?? "unknown"
            // Terminations have rows of their own (with exit code and run time).
            if state == "terminated" { continue }
            let reason = snapshot.text("reason") ?? state
            let podStatus = snapshot.text("pod_status") ?? ""
            if reason.lowercased() == podStatus.lowercased() { continue }
            if state == "running", podStatus == "Running" || podStatus == "NotReady" && snapshot.int("ready") == 0 { continue }
            var message = "\(snapshot.int("init") == 1 ? "init container" : "container") \(state)"
            message += snapshot.int("ready") == 1 ? ", ready" : ", not ready"
            if let text = snapshot.text("message"), !text.isEmpty { message += ": \(text)" }
            result.append(row(pod, time, .status, object: "container/\(name)", container: name, reason: reason,
                              message: message, warning: Self.isTrouble(reason)))
        }
        return result
    }

    /// One row per container termination, at its finishedAt.
    func terminations(_ pod: TimelinePod, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        let sql = """
            SELECT container, init, started_at, finished_at, exit_code, signal, reason, message, first_observed_at
            FROM container_terminations WHERE pod_uid = :uid AND cluster = :cluster
                AND (:since IS NULL OR julianday(coalesce(finished_at, first_observed_at)) >= julianday(:since))
                AND (:until IS NULL OR julianday(coalesce(finished_at, first_observed_at)) <= julianday(:until))
            ORDER BY julianday(coalesce(finished_at, first_observed_at)), id
            """
        let parameters: [String: SQLValue] = ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]
        let rows = try fetch.rows(store, sql, parameters) { $0.stamp("finished_at") ?? $0.stamp("first_observed_at") }
        return rows.compactMap { termination in
            guard let time = termination.stamp("finished_at") ?? termination.stamp("first_observed_at") else { return nil }
            let name = termination.text("container") ?? ""
            let exit = termination.int("exit_code")
            var message = exit.map { "exit code \($0)" } ?? "exit code unknown"
            if let signal = termination.int("signal"), signal != 0 { message += ", signal \(signal)" }
            if let started = termination.stamp("started_at") {
                message += ", ran \(TimelineDuration.short(TimelineDuration.seconds(from: started, to: time)))"
            }
            if let text = termination.text("message"), !text.isEmpty { message += ": \(text)" }
            let reason = termination.text("reason") ?? exit.map { "ExitCode:\($0)" } ?? "Terminated"
            return row(pod, time, .termination, object: "container/\(name)", container: name, reason: reason,
                       message: message, warning: exit != 0 || reason != "Completed")
        }
    }
}
