/// Reads the rows of one pod: its lifecycle points, the events about it, its status changes
/// (identical consecutive snapshots collapsed) and its container terminations.
struct TimelinePodRows {
    let store: TimelineStore

    /// Every row of `pod`, unordered and unfiltered.
    func rows(of pod: TimelinePod) throws -> [TimelineRow] {
        var rows = lifecycle(pod)
        rows += try events(pod)
        if pod.hasStatus {
            rows += try statuses(pod)
            rows += try containerStatuses(pod)
            rows += try terminations(pod)
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

    /// Events whose involved object is the pod: by uid, or by name for events without one
    /// (within the pod's lifetime when known).
    func events(_ pod: TimelinePod) throws -> [TimelineRow] {
        // Two SELECTs, not one OR, so that each uses its index (events_object_uid, events_object).
        let sql = """
            SELECT first_seen, last_seen, count, reason, message, type, container FROM events
            WHERE object_uid = :uid AND cluster = :cluster AND object_kind = 'Pod'
            UNION ALL
            SELECT first_seen, last_seen, count, reason, message, type, container FROM events
            WHERE object_kind = 'Pod' AND namespace = :namespace AND object_name = :name AND cluster = :cluster
                AND ifnull(object_uid, '') = ''
                AND (:begin IS NULL OR julianday(coalesce(last_seen, first_seen)) >= julianday(:begin))
                AND (:end IS NULL OR julianday(coalesce(first_seen, last_seen)) <= julianday(:end))
            """
        let end = pod.deletedAt.map(\.description)
        let rows = try store.rows(sql, [
            "cluster": .text(pod.cluster), "uid": .text(pod.uid), "namespace": .text(pod.namespace), "name": .text(pod.name),
            "begin": .optional(pod.hasStatus ? pod.beginAt?.description : nil), "end": .optional(end),
        ])
        return rows.compactMap { event in
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

    /// One row per run of identical pod snapshots (phase, status, ready, restarts, reason, node, deleted).
    func statuses(_ pod: TimelinePod) throws -> [TimelineRow] {
        let sql = """
            SELECT observed_at, phase, status, ready, restarts, reason, message, node, deleted FROM pod_snapshots
            WHERE pod_uid = :uid AND cluster = :cluster AND observed_at IS NOT NULL ORDER BY julianday(observed_at), id
            """
        let fields = ["phase", "status", "ready", "restarts", "reason", "node", "deleted"]
        var result: [TimelineRow] = []
        var previous: TimelineStore.Row?
        for snapshot in try store.rows(sql, ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]) {
            guard let time = snapshot.stamp("observed_at") else { continue }
            if let previous, fields.allSatisfy({ previous[$0] == snapshot[$0] }), var last = result.popLast() {
                last.count += 1
                last.lastSeen = time
                result.append(last)
                continue
            }
            let status = snapshot.text("status") ?? snapshot.text("phase") ?? "Unknown"
            var message = Self.describe(snapshot, after: previous)
            if snapshot.int("deleted") == 1 { message += (message.isEmpty ? "" : "; ") + "last snapshot (watch DELETED)" }
            result.append(row(pod, time, .status, reason: status, message: message,
                              warning: Self.isTrouble(status)))
            previous = snapshot
        }
        return result
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
    func containerStatuses(_ pod: TimelinePod) throws -> [TimelineRow] {
        let sql = """
            SELECT c.observed_at, c.container, c.init, c.state, c.reason, c.message, c.ready, c.restarts, s.status AS pod_status
            FROM container_snapshots c LEFT JOIN pod_snapshots s
                ON s.pod_uid = c.pod_uid AND s.resource_version = c.resource_version AND s.cluster = c.cluster
            WHERE c.pod_uid = :uid AND c.cluster = :cluster AND c.observed_at IS NOT NULL
            ORDER BY julianday(c.observed_at), c.id
            """
        var previous: [String: [SQLValue]] = [:]
        var result: [TimelineRow] = []
        for snapshot in try store.rows(sql, ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]) {
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
    func terminations(_ pod: TimelinePod) throws -> [TimelineRow] {
        let sql = """
            SELECT container, init, started_at, finished_at, exit_code, signal, reason, message, first_observed_at
            FROM container_terminations WHERE pod_uid = :uid AND cluster = :cluster
            """
        return try store.rows(sql, ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]).compactMap { termination in
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
