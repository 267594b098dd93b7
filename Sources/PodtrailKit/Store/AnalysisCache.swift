/// The analysis caches of schemas v4, v5 and v8: `pod_status_segments_cache`,
/// `status_durations_cache`, `container_runs_cache`, `phase_durations_cache`,
/// `crash_loops_cache`, `evictions_cache` and `startup_sli_cache` hold the rows of the views of the same names for
/// every pod not listed in `stale_pods`. The views compute the stale pods on the spot, so they
/// are exact whether or not the caches are current; `refresh` makes them current, so that a
/// report reads rows instead of sorting every snapshot of the database.
enum AnalysisCache {
    /// Pods recomputed per batch: each batch's sorts stay small, so memory stays flat however
    /// many pods are stale (a migrated database has all of them stale).
    static let batchSize = 4096

    /// `refresh` in a transaction of its own, with little memory (`withLowMemorySorts`: its
    /// sorts and the list of pods set aside go to temporary files), so a backfill's refresh of
    /// every pod of a week stays within an ingest's flat memory. Does nothing (and takes no lock) when no pod is stale.
    static func refreshInTransaction(_ connection: Connection) throws {
        guard try connection.scalar("SELECT EXISTS (SELECT 1 FROM stale_pods)").int == 1 else { return }
        try connection.withLowMemorySorts {
            try connection.transaction { try refresh(connection) }
        }
    }

    /// Recomputes the cached rows of every pod in `stale_pods` and empties it. Runs inside the
    /// caller's transaction (an ingest calls it once, after its last file).
    static func refresh(_ connection: Connection, batchSize: Int = batchSize) throws {
        let stale = try connection.scalar("SELECT count(*) FROM stale_pods").int ?? 0
        guard stale > 0 else { return }
        if stale <= batchSize {
            try refreshStalePods(connection)
        } else {
            try refreshInBatches(connection, stale: Int(stale), batchSize: batchSize)
        }
        try refreshPodAnalyses(connection)
    }

    /// `refreshStalePods` a batch of pods at a time: the pods are set aside and put back
    /// `batchSize` at a time. Other connections never see the empty list: this all happens in
    /// the caller's transaction.
    private static func refreshInBatches(_ connection: Connection, stale: Int, batchSize: Int) throws {
        try connection.execute("""
            DROP TABLE IF EXISTS temp.refresh_waiting;
            CREATE TEMP TABLE refresh_waiting (cluster TEXT NOT NULL, uid TEXT NOT NULL);
            INSERT INTO temp.refresh_waiting (cluster, uid) SELECT cluster, uid FROM stale_pods ORDER BY uid, cluster;
            DELETE FROM stale_pods;
            """)
        for first in stride(from: 0, to: stale, by: batchSize) {
            _ = try connection.rows(
                "INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM temp.refresh_waiting WHERE rowid > ? AND rowid <= ?",
                [.integer(Int64(first)), .integer(Int64(first + batchSize))])
            try refreshStalePods(connection)
        }
        try connection.execute("DROP TABLE temp.refresh_waiting")
    }

    /// Replaces the v4 cached rows of the pods in `stale_pods` with the rows the `*_stale` views
    /// compute for them, then moves the pods to `refreshing_pods` (their v5 rows come next, in
    /// `refreshPodAnalyses`, from the segments and runs just cached).
    private static func refreshStalePods(_ connection: Connection) throws {
        try connection.execute("""
            DELETE FROM pod_status_segments_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM stale_pods);
            INSERT INTO pod_status_segments_cache
                (cluster, pod_uid, snapshot_id, n, phase, status, deleted, started_at, ended_at, seconds)
            SELECT cluster, pod_uid, snapshot_id, n, phase, status, deleted, started_at, ended_at, seconds
            FROM pod_status_segments_stale;

            DELETE FROM container_runs_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM stale_pods);
            INSERT INTO container_runs_cache
                (cluster, pod_uid, container, init, started_at, ended_at, terminated, exit_code, reason, running_s)
            SELECT cluster, pod_uid, container, init, started_at, ended_at, terminated, exit_code, reason, running_s
            FROM container_runs_stale;

            DELETE FROM status_durations_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM stale_pods);
            \(statusDurationsFromCache);

            -- The v5 caches read the segments and runs just cached: the pods move from
            -- stale_pods to refreshing_pods, which the *_stale views still count as stale.
            INSERT INTO refreshing_pods (cluster, uid) SELECT cluster, uid FROM stale_pods;
            DELETE FROM stale_pods;
            """)
    }

    /// Replaces the cached rows of phase_durations, crash_loops, evictions and startup_sli of the pods in
    /// `refreshing_pods` (every pod of this refresh, in one pass: their views read each reason's
    /// rows once when the pods are many, see `stale_analysis_size`), then empties it. With a
    /// 2 MB page cache: the views' window sorts each hold up to a cache's worth of rows before
    /// they spill, and a day's pass peaked at 60 MB with 8 MB (30 MB with 2 MB, as fast).
    private static func refreshPodAnalyses(_ connection: Connection) throws {
        let cacheSize = try connection.scalar("PRAGMA cache_size").int ?? -2000
        try connection.execute("PRAGMA cache_size = -2048")
        defer { try? connection.execute("PRAGMA cache_size = \(cacheSize)") }
        try connection.execute("""
            DELETE FROM phase_durations_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM refreshing_pods);
            INSERT INTO phase_durations_cache (\(phaseDurationsColumns)) SELECT \(phaseDurationsColumns) FROM phase_durations_stale;

            DELETE FROM crash_loops_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM refreshing_pods);
            INSERT INTO crash_loops_cache (\(crashLoopsColumns)) SELECT \(crashLoopsColumns) FROM crash_loops_stale;

            DELETE FROM evictions_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM refreshing_pods);
            INSERT INTO evictions_cache (\(evictionsColumns)) SELECT \(evictionsColumns) FROM evictions_stale;

            -- After phase_durations_cache: startup_sli_stale reads these pods' image_pull_s from it.
            DELETE FROM startup_sli_cache WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM refreshing_pods);
            INSERT INTO startup_sli_cache (\(startupSLIColumns)) SELECT \(startupSLIColumns) FROM startup_sli_stale;

            DELETE FROM refreshing_pods;
            """)
    }

    /// The columns of the views cached by schema v5, in the views' order.
    static let phaseDurationsColumns = """
        cluster, pod_uid, namespace, pod, workload_kind, workload, node, created_at, scheduled_at, started_at, \
        ready_at, deletion_requested_at, deleted_at, schedule_s, image_pull_s, start_s, startup_s, startup_no_pull_s, \
        pending_s, running_s, terminating_s, lifetime_s, notes
        """
    static let crashLoopsColumns = """
        cluster, pod_uid, namespace, workload, container, started_at, ended_at, duration_s, restarts, backoff_events, \
        last_exit_code, last_reason, first_failure_at, ended_by
        """
    static let evictionsColumns = """
        cluster, pod_uid, namespace, pod, workload, node, evicted_at, cause, resource, container, usage, request, \
        threshold, available, message, sources
        """

    static let startupSLIColumns = """
        cluster, pod_uid, namespace, pod, workload_kind, workload, created_at, in_population, excluded, watch_at, \
        observed_by, pull_s, init_s, sli_s
        """

    /// The status_durations rows of the stale pods, summed from their segments just cached: the
    /// select of `Queries/status_durations.sql` over `pod_status_segments_cache` instead of
    /// `pod_status_segments_stale` (reading the view would compute the segments a second time).
    /// `AnalysisCacheTests` checks that both give the same rows.
    static let statusDurationsFromCache = """
        INSERT INTO status_durations_cache
            (cluster, pod_uid, namespace, pod, workload, created_at, status, seconds, segments, first_segment, first_seen_at)
        SELECT
            g.cluster, g.pod_uid, p.namespace, p.name, p.workload, p.created_at, g.status,
            round(sum(g.seconds), 3), count(*),
            -- SQLite takes started_at from the row holding min(n) (a bare column of min()).
            min(g.n), g.started_at
        FROM stale_pods x
        CROSS JOIN pod_status_segments_cache g ON g.pod_uid = x.uid AND g.cluster = x.cluster
        LEFT JOIN pods p ON p.cluster = g.cluster AND p.uid = g.pod_uid
        WHERE g.deleted = 0 AND g.status IS NOT NULL
        GROUP BY g.cluster, g.pod_uid, g.status
        """
}
