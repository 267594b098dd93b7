/// The writer's statements. Merging rules: events keep the observation with the highest count
/// (then the latest `last_seen`); pods keep the earliest of each milestone time and the latest
/// snapshot's final state, compared with `julianday()` so mixed precisions order correctly.
enum StoreSQL {
    static let upsertEvent = """
        INSERT INTO events (cluster, uid, namespace, name, object_kind, object_name, object_uid, field_path,
            container, reason, message, type, count, first_seen, last_seen, source_component, source_host,
            api_version, resource_version, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
        ON CONFLICT (uid, cluster) DO UPDATE SET
            namespace = excluded.namespace, name = excluded.name, object_kind = excluded.object_kind,
            object_name = excluded.object_name, object_uid = excluded.object_uid, field_path = excluded.field_path,
            container = excluded.container, reason = excluded.reason, message = excluded.message,
            type = excluded.type, count = excluded.count, first_seen = excluded.first_seen,
            last_seen = excluded.last_seen, source_component = excluded.source_component,
            source_host = excluded.source_host, api_version = excluded.api_version,
            resource_version = excluded.resource_version, source_id = excluded.source_id
        WHERE excluded.count > events.count
            OR (excluded.count = events.count AND excluded.last_seen IS NOT NULL
                AND (events.last_seen IS NULL OR julianday(excluded.last_seen) > julianday(events.last_seen)))
        """

    static let upsertSnapshot = """
        INSERT INTO pod_snapshots (cluster, pod_uid, resource_version, observed_at, phase, status, ready, restarts,
            reason, message, node, deleted, source_id, observed_by)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (pod_uid, resource_version, cluster) DO UPDATE SET deleted = 1
        WHERE excluded.deleted = 1 AND pod_snapshots.deleted = 0
        """

    /// The excluded row is the pod's later state: observed later, or at the same time with a
    /// resourceVersion at least as high (or one of them not numeric: the later record wins).
    private static let newer = """
        (pods.last_observed_at IS NULL OR julianday(excluded.last_observed_at) > julianday(pods.last_observed_at) \
        OR (julianday(excluded.last_observed_at) = julianday(pods.last_observed_at) \
        AND (excluded.final_resource_version IS NULL OR pods.final_resource_version IS NULL \
        OR excluded.final_resource_version >= pods.final_resource_version)))
        """

    private static func earliest(_ column: String, in table: String = "pods") -> String {
        "\(column) = CASE WHEN excluded.\(column) IS NOT NULL AND (\(table).\(column) IS NULL "
            + "OR julianday(excluded.\(column)) < julianday(\(table).\(column))) THEN excluded.\(column) ELSE \(table).\(column) END"
    }

    /// The earlier of `pods.column` and `excluded.column`, as an expression.
    private static func earliestValue(_ column: String) -> String {
        "(CASE WHEN excluded.\(column) IS NOT NULL AND (pods.\(column) IS NULL "
            + "OR julianday(excluded.\(column)) < julianday(pods.\(column))) THEN excluded.\(column) ELSE pods.\(column) END)"
    }

    /// The restarts of the observation that showed the earliest Ready transition (the fewer on a tie).
    private static let readyTransitionRestarts = """
        (CASE WHEN excluded.ready_transition_at IS NOT NULL AND (pods.ready_transition_at IS NULL \
        OR julianday(excluded.ready_transition_at) < julianday(pods.ready_transition_at) \
        OR (julianday(excluded.ready_transition_at) = julianday(pods.ready_transition_at) \
        AND excluded.ready_transition_restarts < pods.ready_transition_restarts)) \
        THEN excluded.ready_transition_restarts ELSE pods.ready_transition_restarts END)
        """

    /// The pod's first Ready: the earliest `Ready=True` transition seen, when that is provably the
    /// first. `lastTransitionTime` is the latest flip: a pod seen Ready after restarts may have been
    /// Ready before them. So the transition counts when the observation showing it has no restarts,
    /// or when the pod was observed before any restart (an observation with no restarts) and an
    /// observation at or before the transition saw it not Ready with as many restarts as the Ready
    /// one, so that no restart, and with it no earlier Ready, came between. Otherwise NULL: first
    /// Ready unknown (an archive that starts after the pod's first restart cannot tell). A
    /// readiness flap without a restart between two observations cannot be seen: the rule assumes
    /// the observations catch each flip, as a watch stream does.
    private static func firstReady(at time: String, restarts: String, uid: String, cluster: String) -> String {
        "(CASE WHEN \(time) IS NULL THEN NULL WHEN \(restarts) = 0 THEN \(time) "
            + "WHEN EXISTS (SELECT 1 FROM pod_snapshots s WHERE s.pod_uid = \(uid) AND s.cluster = \(cluster) "
            + "AND s.ready = 0 AND s.restarts = \(restarts) AND julianday(s.observed_at) <= julianday(\(time))) "
            + "AND EXISTS (SELECT 1 FROM pod_snapshots s WHERE s.pod_uid = \(uid) AND s.cluster = \(cluster) AND s.restarts = 0) "
            + "THEN \(time) END)"
    }

    private static func latest(_ column: String) -> String {
        "\(column) = CASE WHEN \(newer) THEN excluded.\(column) ELSE pods.\(column) END"
    }

    private static func latestKnown(_ column: String) -> String {
        "\(column) = CASE WHEN \(newer) THEN coalesce(excluded.\(column), pods.\(column)) "
            + "ELSE coalesce(pods.\(column), excluded.\(column)) END"
    }

    /// Keeps the DisruptionTarget condition seen first (the earlier transition time wins).
    private static func disruption(_ column: String) -> String {
        "\(column) = CASE WHEN excluded.disruption_reason IS NOT NULL AND (pods.disruption_reason IS NULL "
            + "OR julianday(excluded.disruption_at) < julianday(pods.disruption_at)) "
            + "THEN excluded.\(column) ELSE pods.\(column) END"
    }

    /// Keeps the latest PodScheduled=False condition seen (the later transition wins).
    private static func schedulingFailure(_ column: String) -> String {
        "\(column) = CASE WHEN excluded.scheduling_failure_at IS NOT NULL AND (pods.scheduling_failure_at IS NULL "
            + "OR julianday(excluded.scheduling_failure_at) > julianday(pods.scheduling_failure_at)) "
            + "THEN excluded.\(column) ELSE pods.\(column) END"
    }

    private static func owner(_ column: String) -> String {
        "\(column) = CASE WHEN pods.workload_inferred = 1 AND excluded.workload_inferred = 0 "
            + "THEN excluded.\(column) ELSE pods.\(column) END"
    }

    static let upsertPod = """
        INSERT INTO pods (cluster, uid, namespace, name, node, workload_kind, workload, workload_inferred, owner_kind,
            owner_name, created_at, scheduled_at, started_at, ready_transition_at, deletion_requested_at, deleted_at,
            grace_period_s, final_phase, final_status, final_reason, final_message, restarts, qos_class,
            restart_policy, memory_request_bytes, memory_limit_bytes, cpu_request_millicores, cpu_limit_millicores,
            first_observed_at, last_observed_at, snapshots, disruption_reason, disruption_message, disruption_at,
            final_resource_version, ready_transition_restarts, first_start_unknown, scheduling_failure_at,
            scheduling_failure_message, non_stateless_volume, ready_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
            ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40,
            \(firstReady(at: "?14", restarts: "?36", uid: "?2", cluster: "?1")))
        ON CONFLICT (uid, cluster) DO UPDATE SET
            namespace = excluded.namespace, name = excluded.name,
            \(latestKnown("node")),
            \(owner("workload_kind")), \(owner("workload")), \(owner("owner_kind")), \(owner("owner_name")),
            workload_inferred = min(pods.workload_inferred, excluded.workload_inferred),
            \(earliest("created_at")), \(earliest("scheduled_at")), \(earliest("started_at")),
            \(earliest("ready_transition_at")), \(earliest("deletion_requested_at")), \(earliest("deleted_at")),
            \(latestKnown("grace_period_s")),
            \(latest("final_phase")), \(latest("final_status")), \(latest("final_reason")), \(latest("final_message")),
            restarts = max(pods.restarts, excluded.restarts),
            \(latestKnown("qos_class")), \(latestKnown("restart_policy")),
            \(latestKnown("memory_request_bytes")), \(latestKnown("memory_limit_bytes")),
            \(latestKnown("cpu_request_millicores")), \(latestKnown("cpu_limit_millicores")),
            \(earliest("first_observed_at")),
            last_observed_at = CASE WHEN \(newer) THEN excluded.last_observed_at ELSE pods.last_observed_at END,
            \(latest("final_resource_version")),
            snapshots = pods.snapshots + excluded.snapshots,
            ready_transition_restarts = \(readyTransitionRestarts),
            ready_at = \(firstReady(at: earliestValue("ready_transition_at"), restarts: readyTransitionRestarts,
                uid: "excluded.uid", cluster: "excluded.cluster")),
            first_start_unknown = max(pods.first_start_unknown, excluded.first_start_unknown),
            \(latestKnown("non_stateless_volume")),
            \(schedulingFailure("scheduling_failure_message")), \(schedulingFailure("scheduling_failure_at")),
            \(disruption("disruption_reason")), \(disruption("disruption_message")), \(disruption("disruption_at"))
        """

    /// A pod known from an Event about it (`involvedObject.uid`): a row with no snapshot
    /// (`snapshots` 0) that the pod's first snapshot, if one ever comes, merges into.
    static let insertEventPod = """
        INSERT INTO pods (cluster, uid, namespace, name, node, workload_kind, workload, workload_inferred, snapshots)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)
        ON CONFLICT (uid, cluster) DO NOTHING
        """

    /// Adds a flush's counts to an hour of `coverage_hours`.
    static let upsertCoverage = """
        INSERT INTO coverage_hours (cluster, hour, pod_snapshots, events) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (cluster, hour) DO UPDATE SET
            pod_snapshots = coverage_hours.pod_snapshots + excluded.pod_snapshots,
            events = coverage_hours.events + excluded.events
        """

    static let upsertContainer = """
        INSERT INTO containers (cluster, pod_uid, name, init, sidecar, image, memory_request_bytes, memory_limit_bytes,
            cpu_request_millicores, cpu_limit_millicores, restarts, first_started_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        ON CONFLICT (pod_uid, name, cluster) DO UPDATE SET
            image = coalesce(excluded.image, containers.image),
            sidecar = max(containers.sidecar, excluded.sidecar),
            memory_request_bytes = coalesce(excluded.memory_request_bytes, containers.memory_request_bytes),
            memory_limit_bytes = coalesce(excluded.memory_limit_bytes, containers.memory_limit_bytes),
            cpu_request_millicores = coalesce(excluded.cpu_request_millicores, containers.cpu_request_millicores),
            cpu_limit_millicores = coalesce(excluded.cpu_limit_millicores, containers.cpu_limit_millicores),
            restarts = max(containers.restarts, excluded.restarts),
            \(earliest("first_started_at", in: "containers"))
        """

    static let insertContainerSnapshot = """
        INSERT OR IGNORE INTO container_snapshots (cluster, pod_uid, resource_version, observed_at, container, init,
            state, reason, message, ready, started, restarts, started_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        """

    static let insertTermination = """
        INSERT OR IGNORE INTO container_terminations (cluster, pod_uid, container, init, started_at, finished_at,
            exit_code, signal, reason, message, container_id, first_observed_at, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        """

    static let insertReject = """
        INSERT INTO rejects (cluster, source_id, line, offset, reason, excerpt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """
}
