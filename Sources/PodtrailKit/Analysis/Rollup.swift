/// What a report keeps of the pods `podtrail prune` deletes: each pod's figures at its creation
/// (`rollup_pods`) and per cluster, UTC day, namespace and workload the counts of what happened
/// (`rollup_days`), written in the transaction that deletes the pod's rows (see `Retention`).
///
/// Every figure is read from the analysis a report reads (`phase_durations`, `startup_sli`,
/// `crash_loops`, `evictions`, `container_runs` from their caches; the rules of `oom_kills` and
/// `node_oom_events` repeated, to be read by key), so the rollups count what the report counted
/// before the rows went (`RetentionTests` compares the reports).
enum Rollup {
    /// The figures of `rollup_days`, each counted on the UTC day of the instant the report counts
    /// it at: crash-loop episodes at their start (with their restarts, the episodes whose restarts
    /// are unknown and their back-off events), evictions at `evicted_at` (in all and per cause,
    /// `evictions:<cause>`), OOM kills at `killed_at`, container starts and running hours at each
    /// run's start, node OOM events (`node_oom_events.occurrences`) at `first_seen`.
    static let figures = [
        "crash_loop_episodes", "crash_loop_restarts", "crash_loop_episodes_without_restarts", "crash_loop_backoff_events", "evictions",
        "evictions:<cause>", "oom_kills", "container_starts", "running_hours", "node_oom_events",
    ]

    /// The SQL that rolls up the pods of `temp.prune_batch` (cluster, uid): none of them is stale
    /// (`Retention` leaves stale pods out), so the cached analyses are read from their caches,
    /// by each pod's key.
    static let rollUpBatch = """
        INSERT INTO rollup_pods (cluster, pod_uid, namespace, workload, created_at, schedule_s, image_pull_s, start_s, startup_s,
            startup_no_pull_s, pending_s, running_s, terminating_s, lifetime_s, sli_in_population, sli_s)
        SELECT p.cluster, p.pod_uid, p.namespace, p.workload, p.created_at, p.schedule_s, p.image_pull_s, p.start_s, p.startup_s,
            p.startup_no_pull_s, p.pending_s, p.running_s, p.terminating_s, p.lifetime_s, s.in_population, s.sli_s
        FROM temp.prune_batch b
        CROSS JOIN phase_durations_cache p ON p.pod_uid = b.uid AND p.cluster = b.cluster
        LEFT JOIN startup_sli_cache s ON s.pod_uid = b.uid AND s.cluster = b.cluster
        WHERE true
        ON CONFLICT (pod_uid, cluster) DO NOTHING;

        INSERT INTO rollup_days (cluster, day, namespace, workload, figure, value)
        SELECT cluster, day, namespace, workload, figure, sum(value) FROM (
            SELECT c.cluster, ifnull(substr(c.started_at, 1, 10), '') AS day, ifnull(c.namespace, '') AS namespace,
                ifnull(c.workload, '') AS workload, 'crash_loop_episodes' AS figure, 1 AS value
            FROM temp.prune_batch b CROSS JOIN crash_loops_cache c ON c.pod_uid = b.uid AND c.cluster = b.cluster
            UNION ALL
            SELECT c.cluster, ifnull(substr(c.started_at, 1, 10), ''), ifnull(c.namespace, ''), ifnull(c.workload, ''),
                CASE WHEN c.restarts IS NULL THEN 'crash_loop_episodes_without_restarts' ELSE 'crash_loop_restarts' END,
                ifnull(c.restarts, 1)
            FROM temp.prune_batch b CROSS JOIN crash_loops_cache c ON c.pod_uid = b.uid AND c.cluster = b.cluster
            UNION ALL
            SELECT c.cluster, ifnull(substr(c.started_at, 1, 10), ''), ifnull(c.namespace, ''), ifnull(c.workload, ''),
                'crash_loop_backoff_events', ifnull(c.backoff_events, 0)
            FROM temp.prune_batch b CROSS JOIN crash_loops_cache c ON c.pod_uid = b.uid AND c.cluster = b.cluster
            UNION ALL
            SELECT e.cluster, ifnull(substr(e.evicted_at, 1, 10), ''), ifnull(e.namespace, ''), ifnull(e.workload, ''), 'evictions', 1
            FROM temp.prune_batch b CROSS JOIN evictions_cache e ON e.pod_uid = b.uid AND e.cluster = b.cluster
            UNION ALL
            SELECT e.cluster, ifnull(substr(e.evicted_at, 1, 10), ''), ifnull(e.namespace, ''), ifnull(e.workload, ''),
                'evictions:' || ifnull(e.cause, 'other'), 1
            FROM temp.prune_batch b CROSS JOIN evictions_cache e ON e.pod_uid = b.uid AND e.cluster = b.cluster
            UNION ALL
            -- The rule of Queries/oom_kills.sql (a termination with reason OOMKilled, at
            -- coalesce(finished_at, first_observed_at)), read by the pod's key: through the view,
            -- SQLite reads every OOM kill of the database by reason for each pod.
            SELECT t.cluster, ifnull(substr(coalesce(t.finished_at, t.first_observed_at), 1, 10), ''), ifnull(p.namespace, ''),
                ifnull(p.workload, ''), 'oom_kills', 1
            FROM temp.prune_batch b CROSS JOIN container_terminations t ON t.pod_uid = b.uid AND t.cluster = b.cluster
            LEFT JOIN pods p ON p.uid = t.pod_uid AND p.cluster = t.cluster
            WHERE +t.reason = 'OOMKilled'
            UNION ALL
            SELECT r.cluster, ifnull(substr(r.started_at, 1, 10), ''), ifnull(p.namespace, ''), ifnull(p.workload, ''), 'container_starts', 1
            FROM temp.prune_batch b CROSS JOIN container_runs_cache r ON r.pod_uid = b.uid AND r.cluster = b.cluster
            LEFT JOIN pods p ON p.uid = r.pod_uid AND p.cluster = r.cluster
            UNION ALL
            SELECT r.cluster, ifnull(substr(r.started_at, 1, 10), ''), ifnull(p.namespace, ''), ifnull(p.workload, ''), 'running_hours',
                ifnull(r.running_s, 0) / 3600.0
            FROM temp.prune_batch b CROSS JOIN container_runs_cache r ON r.pod_uid = b.uid AND r.cluster = b.cluster
            LEFT JOIN pods p ON p.uid = r.pod_uid AND p.cluster = r.cluster
        ) WHERE true
        GROUP BY cluster, day, namespace, workload, figure
        ON CONFLICT (cluster, day, namespace, workload, figure) DO UPDATE SET value = value + excluded.value;
        """

    /// The SQL that rolls up the node OOM events among the events of `temp.prune_events` (ids):
    /// the rule of `Queries/node_oom_events.sql` (an Event on a Node with reason `SystemOOM` or
    /// `OOMKilling`, its `count` occurrences at `first_seen`), whose rows carry no event id to
    /// join on.
    static let rollUpNodeEvents = """
        INSERT INTO rollup_days (cluster, day, namespace, workload, figure, value)
        SELECT e.cluster, ifnull(substr(e.first_seen, 1, 10), ''), '', '', 'node_oom_events', sum(e.count)
        FROM temp.prune_events x CROSS JOIN events e ON e.id = x.id
        WHERE e.object_kind = 'Node' AND e.reason IN ('SystemOOM', 'OOMKilling')
        GROUP BY 1, 2
        ON CONFLICT (cluster, day, namespace, workload, figure) DO UPDATE SET value = value + excluded.value;
        """
}
