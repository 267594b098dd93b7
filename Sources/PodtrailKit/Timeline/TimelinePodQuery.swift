/// Finds the pods a timeline scope covers, in the `pods` table and, for pods whose status was
/// never archived, in the events about them.
struct TimelinePodQuery {
    let store: TimelineStore

    /// Candidate pods, most recent first. Pods known only from events (no snapshot) get their uid from the
    /// events (or `namespace/name` for the events without one that `pod_events` places on no
    /// pod) and their lifetime from the first and last event. `podFilter` and `eventFilter` are constant SQL conditions over
    /// bound parameters (never input text), chosen per scope so that SQLite can use the
    /// `pods_namespace_name`, `pods_node`, `pods_workload` and `events_object` indexes.
    static func sql(podFilter: [String], eventFilter: [String]) -> String {
        func clause(_ terms: [String]) -> String { terms.isEmpty ? "" : " AND " + terms.joined(separator: " AND ") }
        return """
            WITH candidates AS (
                SELECT cluster, uid, namespace, name, node, workload AS workload_name,
                    CASE WHEN workload IS NULL THEN NULL ELSE ifnull(workload_kind || '/', '') || workload END AS workload_ref,
                    created_at, scheduled_at, started_at, ready_at, deletion_requested_at, deleted_at, grace_period_s,
                    final_phase, final_status, final_reason, final_message, restarts,
                    coalesce(created_at, first_observed_at) AS begin_at,
                    coalesce(deleted_at, last_observed_at, created_at) AS end_at, 1 AS has_status
                FROM pods WHERE snapshots > 0\(clause(podFilter))
                UNION ALL
                SELECT e.cluster, coalesce(nullif(e.object_uid, ''), e.namespace || '/' || e.object_name), e.namespace, e.object_name,
                    max(CASE WHEN e.source_component = 'kubelet' THEN e.source_host END), NULL, NULL,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                    strftime('%Y-%m-%dT%H:%M:%fZ', min(julianday(coalesce(e.first_seen, e.last_seen)))),
                    strftime('%Y-%m-%dT%H:%M:%fZ', max(julianday(coalesce(e.last_seen, e.first_seen)))), 0
                FROM events e
                WHERE e.object_kind = 'Pod' AND e.namespace IS NOT NULL AND e.object_name IS NOT NULL\(clause(eventFilter))
                    AND NOT EXISTS (SELECT 1 FROM pods p WHERE p.uid = e.object_uid AND p.cluster = e.cluster AND p.snapshots > 0)
                    -- An event without a uid that pod_events places on a pod is that pod's.
                    AND (ifnull(e.object_uid, '') <> '' OR (SELECT x.pod_uid FROM pod_events x WHERE x.event_id = e.id) IS NULL)
                GROUP BY e.cluster, 2, e.namespace, e.object_name
            )
            SELECT * FROM candidates
            WHERE (:node IS NULL OR node = :node)
                AND (:since IS NULL OR deleted_at IS NULL OR julianday(deleted_at) >= julianday(:since))
                AND (:until IS NULL OR begin_at IS NULL OR julianday(begin_at) <= julianday(:until))
            ORDER BY julianday(begin_at) DESC, uid
            """
    }

    /// The pods of `scope` (for a single-pod scope: the chosen pod first, then the other pods
    /// that had the same name), restricted to those that may overlap `window`.
    func pods(_ scope: TimelineScope, cluster: String?, window: TimeWindow) throws -> (shown: [TimelinePod], others: [TimelinePod]) {
        var parameters: [String: SQLValue] = [:]
        var podFilter: [String] = []
        var eventFilter: [String] = []
        func filter(_ name: String, _ value: String, pods: String, events: String) {
            parameters[name] = .text(value)
            podFilter.append(pods)
            eventFilter.append(events)
        }
        if let cluster { filter("cluster", cluster, pods: "cluster = :cluster", events: "e.cluster = :cluster") }
        switch scope {
        case .pod(let namespace, let name, _):
            if let namespace { filter("namespace", namespace, pods: "namespace = :namespace", events: "e.namespace = :namespace") }
            filter("name", name, pods: "name = :name", events: "e.object_name = :name")
        case .uid(let uid): filter("uid", uid, pods: "uid = :uid", events: "e.object_uid = :uid")
        case .namespace(let namespace): filter("namespace", namespace, pods: "namespace = :namespace", events: "e.namespace = :namespace")
        case .node(let node):
            filter("node", node, pods: "node = :node", events: "e.source_host = :node")
        case .workload(let namespace, let name):
            filter("namespace", namespace, pods: "namespace = :namespace", events: "e.namespace = :namespace")
            // Pods known only from events have no workload.
            filter("workload", name, pods: "workload = :workload", events: "0")
        }
        if !scope.isSinglePod {
            parameters["since"] = .optional(window.sinceText)
            parameters["until"] = .optional(window.untilText)
        }
        let found = try store.rows(Self.sql(podFilter: podFilter, eventFilter: eventFilter), parameters).map(Self.pod)
        guard scope.isSinglePod else { return (found, []) }
        guard let latest = found.first else {
            if case .pod(let namespace, let name, _) = scope {
                throw TimelineError.podNotFound(scope.title, closest: try Self.closestPods(namespace: namespace, name: name, store: store))
            }
            throw TimelineError.notFound(scope.title)
        }
        if case .pod(nil, let name, _) = scope {
            let namespaces = Set(found.map(\.namespace)).sorted()
            if namespaces.count > 1 { throw TimelineError.ambiguous(name: name, namespaces: namespaces) }
        }
        var chosen = latest
        if case .pod(_, _, let uid?) = scope {
            guard let match = found.first(where: { $0.uid == uid }) else {
                throw TimelineError.uidNotFound(uid: uid, pod: latest.reference, uids: found.map(\.uid))
            }
            chosen = match
        }
        return ([chosen], found.filter { $0 != chosen })
    }

    /// The pods whose `namespace/name` is closest to one that matched nothing: candidates are
    /// the pods of the namespace (every namespace when none was given) whose name starts as
    /// this one does (its first three characters, read by index), and pods of this very name
    /// in other namespaces; names within a third of the name's length in edits (at least 3: the
    /// other pods of a ReplicaSet differ in their last five characters of about 25), closest
    /// first, the given namespace's before others', at most three, each as `namespace/name`.
    static func closestPods(namespace: String?, name: String, store: TimelineStore) throws -> [String] {
        let prefix = String(name.prefix(3))
        let rows = try store.rows(
            """
            SELECT DISTINCT namespace || '/' || name AS ref FROM pods
            WHERE (:namespace IS NULL OR namespace = :namespace) AND name >= :prefix AND name < :prefix || x'f48fbfbf'
            UNION SELECT DISTINCT namespace || '/' || name FROM pods WHERE name = :name
            LIMIT 5000
            """,
            ["namespace": namespace.map { .text($0) } ?? .null, "prefix": .text(prefix), "name": .text(name)])
        let most = max(3, name.count / 3)
        let wanted = Array(name.lowercased())
        return rows.compactMap { $0.text("ref") }
            .map { ref -> (ref: String, edits: Int, elsewhere: Bool) in
                let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
                let edits = ClosestNames.editDistance(wanted, Array((parts.last ?? "").lowercased()))
                return (ref, edits, namespace != nil && parts.first != namespace)
            }
            .filter { $0.edits <= most }
            .sorted { ($0.edits, $0.elsewhere ? 1 : 0, $0.ref) < ($1.edits, $1.elsewhere ? 1 : 0, $1.ref) }
            .prefix(3).map(\.ref)
    }

    private static func pod(_ row: TimelineStore.Row) -> TimelinePod {
        TimelinePod(
            cluster: row.text("cluster") ?? "", uid: row.text("uid") ?? "", namespace: row.text("namespace") ?? "",
            name: row.text("name") ?? "", node: row.text("node"), workload: row.text("workload_ref"),
            createdAt: row.stamp("created_at"), scheduledAt: row.stamp("scheduled_at"), startedAt: row.stamp("started_at"),
            readyAt: row.stamp("ready_at"), deletionRequestedAt: row.stamp("deletion_requested_at"),
            deletedAt: row.stamp("deleted_at"), gracePeriod: row.int("grace_period_s"),
            finalPhase: row.text("final_phase"), finalStatus: row.text("final_status"),
            finalReason: row.text("final_reason"), finalMessage: row.text("final_message"),
            restarts: row.int("restarts") ?? 0, beginAt: row.stamp("begin_at"), endAt: row.stamp("end_at"),
            hasStatus: row.int("has_status") == 1)
    }
}
