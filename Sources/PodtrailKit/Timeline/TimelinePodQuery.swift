/// Finds the pods a timeline scope covers, in the `pods` table and, for pods whose status was
/// never archived, in the events about them.
struct TimelinePodQuery {
    let store: TimelineStore

    /// The columns of a candidate pod read from `pods p`.
    private static let podColumns = """
        p.cluster, p.uid, p.namespace, p.name, p.node, p.workload AS workload_name,
            CASE WHEN p.workload IS NULL THEN NULL ELSE ifnull(p.workload_kind || '/', '') || p.workload END AS workload_ref,
            p.created_at, p.scheduled_at, p.started_at, p.ready_at, p.deletion_requested_at, p.deleted_at, p.grace_period_s,
            p.final_phase, p.final_status, p.final_reason, p.final_message, p.restarts,
            coalesce(p.created_at, p.first_observed_at) AS begin_at,
            coalesce(p.deleted_at, p.last_observed_at, p.created_at) AS end_at, 1 AS has_status
        """

    /// The columns of a pod known only from its events `e` (grouped by pod): the kubelet's host,
    /// the first and last event.
    private static let eventColumns = """
        max(CASE WHEN e.source_component = 'kubelet' THEN e.source_host END), NULL, NULL,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,
            strftime('%Y-%m-%dT%H:%M:%fZ', min(julianday(coalesce(e.first_seen, e.last_seen)))),
            strftime('%Y-%m-%dT%H:%M:%fZ', max(julianday(coalesce(e.last_seen, e.first_seen)))), 0
        """

    /// The filter on the candidates and their order, most recent first: a pod deleted before
    /// the window or begun after it is left out.
    private static let windowAndOrder = """
        SELECT * FROM candidates
        WHERE (:node IS NULL OR node = :node)
            AND (:since IS NULL OR deleted_at IS NULL OR julianday(deleted_at) >= julianday(:since))
            AND (:until IS NULL OR begin_at IS NULL OR julianday(begin_at) <= julianday(:until))
        ORDER BY julianday(begin_at) DESC, uid
        """

    /// `terms` joined with AND after a leading AND ("" for none).
    private static func clause(_ terms: [String]) -> String { terms.isEmpty ? "" : " AND " + terms.joined(separator: " AND ") }

    /// Candidate pods of one pod's scope (by name or uid), most recent first. Pods known only
    /// from events (no snapshot) get their uid from the events (or `namespace/name` for the
    /// events without one that `pod_events` places on no pod) and their lifetime from the first
    /// and last event. `podFilter` (over `pods p`) and `eventFilter` (over `events e`) are
    /// constant SQL conditions over bound parameters (never input text), so that SQLite can use
    /// the `pods_namespace_name` and `events_object` indexes.
    static func sql(podFilter: [String], eventFilter: [String]) -> String {
        """
        WITH candidates AS (
            SELECT \(podColumns)
            FROM pods p WHERE p.snapshots > 0\(clause(podFilter))
            UNION ALL
            SELECT e.cluster, coalesce(nullif(e.object_uid, ''), e.namespace || '/' || e.object_name), e.namespace, e.object_name,
                \(eventColumns)
            FROM events e
            WHERE e.object_kind = 'Pod' AND e.namespace IS NOT NULL AND e.object_name IS NOT NULL\(clause(eventFilter))
                AND NOT EXISTS (SELECT 1 FROM pods p WHERE p.uid = e.object_uid AND p.cluster = e.cluster AND p.snapshots > 0)
                -- An event without a uid that pod_events places on a pod is that pod's.
                AND (ifnull(e.object_uid, '') <> '' OR (SELECT x.pod_uid FROM pod_events x WHERE x.event_id = e.id) IS NULL)
            GROUP BY e.cluster, 2, e.namespace, e.object_name
        )
        \(windowAndOrder)
        """
    }

    /// Candidate pods of a node's, namespace's or workload's scope that may touch the window,
    /// most recent first, the same rows as `sql(podFilter:eventFilter:)` gives for the pods
    /// whose rows can touch it; read by index whatever the history's length:
    ///
    /// - the pods (with a status or known from events by uid) whose `pod_spans` reach the
    ///   window (`spanFilter` over `pod_spans`, by its node or namespace index on
    ///   `julianday(known_until)`, widened by a second for the view's millisecond rounding);
    /// - the pods known only from events without a uid that `pod_events` places on no pod: the
    ///   names of such events that touch the window (the `events_pod_without_uid_time` index),
    ///   then each name's events (`events_pod_name_without_uid`, schema v12).
    ///
    /// `withoutUIDIndex`: the database has that index (a backfill sets it aside until its end);
    /// it is named, since SQLite prefers `events_object` for `object_kind = 'Pod'`, which holds
    /// every pod event.
    static func windowedSQL(spanFilter: [String], podFilter: [String], eventFilter: [String], namespace: Bool,
                            withoutUIDIndex: Bool) -> String {
        """
        WITH spans AS MATERIALIZED (
            SELECT cluster, pod_uid FROM pod_spans
            WHERE julianday(known_until) >= coalesce(julianday(:since) - 1.0 / 86400, 0)
                AND julianday(known_from) <= coalesce(julianday(:until) + 1.0 / 86400, 1e9)\(clause(spanFilter))
        ),
        unplaced AS MATERIALIZED (
            SELECT DISTINCT cluster, namespace, object_name FROM events\(withoutUIDIndex ? " INDEXED BY events_pod_without_uid_time" : "")
            WHERE object_kind = 'Pod' AND ifnull(object_uid, '') = ''
                AND julianday(coalesce(last_seen, first_seen)) >= coalesce(julianday(:since), 0)
                AND julianday(coalesce(first_seen, last_seen)) <= coalesce(julianday(:until), 1e9)
                AND namespace IS NOT NULL AND object_name IS NOT NULL
                AND (:cluster IS NULL OR cluster = :cluster)\(namespace ? " AND namespace = :namespace" : "")
        ),
        candidates AS (
            SELECT \(podColumns)
            FROM spans s CROSS JOIN pods p ON p.uid = s.pod_uid AND p.cluster = s.cluster
            WHERE p.snapshots > 0\(clause(podFilter))
            UNION ALL
            SELECT e.cluster, e.object_uid, e.namespace, e.object_name, \(eventColumns)
            FROM spans s CROSS JOIN pods p ON p.uid = s.pod_uid AND p.cluster = s.cluster
            CROSS JOIN events e ON e.object_uid = p.uid
            WHERE p.snapshots = 0 AND e.cluster = p.cluster AND e.object_kind = 'Pod'
                AND e.namespace IS NOT NULL AND e.object_name IS NOT NULL\(clause(eventFilter))
            GROUP BY e.cluster, e.object_uid, e.namespace, e.object_name
            UNION ALL
            SELECT e.cluster, e.namespace || '/' || e.object_name, e.namespace, e.object_name, \(eventColumns)
            FROM unplaced u
            CROSS JOIN events e ON e.object_kind = 'Pod' AND e.namespace = u.namespace AND e.object_name = u.object_name
            WHERE e.cluster = u.cluster AND ifnull(e.object_uid, '') = ''\(clause(eventFilter))
                AND (SELECT x.pod_uid FROM pod_events x WHERE x.event_id = e.id) IS NULL
            GROUP BY e.cluster, e.namespace, e.object_name
        )
        \(windowAndOrder)
        """
    }

    /// The pods of `scope` (for a single-pod scope: the chosen pod first, then the other pods
    /// that had the same name), restricted to those that may overlap `window`; `exists` is
    /// false when the database has no pod of the scope at all (whatever the window).
    func pods(_ scope: TimelineScope, cluster: String?, window: TimeWindow)
        throws -> (shown: [TimelinePod], others: [TimelinePod], exists: Bool)
    {
        var parameters: [String: SQLValue] = ["cluster": .optional(cluster)]
        var podFilter: [String] = []
        var eventFilter: [String] = []
        var spanFilter: [String] = []
        func filter(_ name: String, _ value: String, column: String, event: String) {
            parameters[name] = .text(value)
            podFilter.append("p.\(column) = :\(name)")
            eventFilter.append(event)
            spanFilter.append("\(column) = :\(name)")
        }
        if let cluster { filter("cluster", cluster, column: "cluster", event: "e.cluster = :cluster") }
        switch scope {
        case .pod(let namespace, let name, _):
            if let namespace { filter("namespace", namespace, column: "namespace", event: "e.namespace = :namespace") }
            filter("name", name, column: "name", event: "e.object_name = :name")
        case .uid(let uid): filter("uid", uid, column: "uid", event: "e.object_uid = :uid")
        case .namespace(let namespace): filter("namespace", namespace, column: "namespace", event: "e.namespace = :namespace")
        case .node(let node): filter("node", node, column: "node", event: "e.source_host = :node")
        case .workload(let namespace, let name):
            filter("namespace", namespace, column: "namespace", event: "e.namespace = :namespace")
            // Pods known only from events have no workload.
            filter("workload", name, column: "workload", event: "0")
        }
        let sql: String
        if scope.isSinglePod {
            sql = Self.sql(podFilter: podFilter, eventFilter: eventFilter)
        } else {
            parameters["since"] = .optional(window.sinceText)
            parameters["until"] = .optional(window.untilText)
            var namespaced = false
            if case .node = scope {} else { namespaced = true }
            // A database of schema 10 or older read as it is has no pod_spans: every pod of the scope.
            sql = try store.hasRelation("pod_spans")
                ? Self.windowedSQL(spanFilter: spanFilter, podFilter: podFilter, eventFilter: eventFilter, namespace: namespaced,
                                   withoutUIDIndex: try store.hasIndex("events_pod_without_uid_time"))
                : Self.sql(podFilter: podFilter, eventFilter: eventFilter)
        }
        let found = try store.rows(sql, parameters).map(Self.pod)
        guard scope.isSinglePod else {
            if found.isEmpty, try Self.hasAnyPod(podFilter: podFilter, eventFilter: eventFilter, parameters, store: store) {
                return ([], [], true)
            }
            return (found, [], !found.isEmpty)
        }
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
        return ([chosen], found.filter { $0 != chosen }, true)
    }

    /// True when the database holds a pod of the scope (`podFilter` over `pods p`) or an event
    /// about one (`eventFilter` over `events e`), at any time: a window that holds none of them
    /// gives an empty timeline, not "not found".
    static func hasAnyPod(podFilter: [String], eventFilter: [String], _ parameters: [String: SQLValue],
                          store: TimelineStore) throws -> Bool {
        try !store.rows("""
            SELECT 1 FROM pods p WHERE true\(clause(podFilter))
            UNION ALL
            SELECT 1 FROM events e WHERE e.object_kind = 'Pod'\(clause(eventFilter))
            LIMIT 1
            """, parameters).isEmpty
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
