/// The analysis caches: each `<name>_cache` of a cached analysis (`CachedAnalysis`, declared by
/// its `Queries/` file) holds the rows of the view `<name>` for every pod not listed in `stale_pods`. The views compute the stale pods on the spot, so they
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
    ///
    /// - Parameter analyses: the cached analyses, in refresh order (this build's unless a test
    ///   adds one).
    static func refresh(
        _ connection: Connection, batchSize: Int = batchSize, analyses: [CachedAnalysis] = DerivedDefinitions.shipped.cachedAnalyses
    ) throws {
        let stale = try connection.scalar("SELECT count(*) FROM stale_pods").int ?? 0
        guard stale > 0 else { return }
        let first = analyses.filter { !$0.afterSegments }
        if stale <= batchSize {
            try refreshStalePods(connection, first)
        } else {
            try refreshInBatches(connection, stale: Int(stale), batchSize: batchSize, first)
        }
        try refreshPodAnalyses(connection, analyses.filter(\.afterSegments))
    }

    /// `refreshStalePods` a batch of pods at a time: the pods are set aside and put back
    /// `batchSize` at a time. Other connections never see the empty list: this all happens in
    /// the caller's transaction.
    private static func refreshInBatches(_ connection: Connection, stale: Int, batchSize: Int, _ analyses: [CachedAnalysis]) throws {
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
            try refreshStalePods(connection, analyses)
        }
        try connection.execute("DROP TABLE temp.refresh_waiting")
    }

    /// Replaces the cached rows of the pods in `stale_pods` of the first pass's analyses (those
    /// computed for `stale_pods` only: pod_status_segments, container_runs) with the rows their
    /// `*_stale` views compute, then moves the pods to `refreshing_pods` (the second pass's rows
    /// come next, in `refreshPodAnalyses`, from the segments and runs just cached).
    private static func refreshStalePods(_ connection: Connection, _ analyses: [CachedAnalysis]) throws {
        try connection.execute(
            replacing(analyses, of: "stale_pods") + """
                -- The second pass reads the segments and runs just cached: the pods move from
                -- stale_pods to refreshing_pods, which its *_stale views still count as stale.
                INSERT INTO refreshing_pods (cluster, uid) SELECT cluster, uid FROM stale_pods;
                DELETE FROM stale_pods;
                """)
    }

    /// Replaces the cached rows of the second pass's analyses (phase_durations, status_durations,
    /// crash_loops, evictions, startup_sli: those computed for `refreshing_pods` too) of the pods in
    /// `refreshing_pods` (every pod of this refresh, in one pass: their views read each reason's
    /// rows once when the pods are many, see `stale_analysis_size`), then empties it. With a
    /// 2 MB page cache: the views' window sorts each hold up to a cache's worth of rows before
    /// they spill, and a day's pass peaked at 60 MB with 8 MB (30 MB with 2 MB, as fast).
    private static func refreshPodAnalyses(_ connection: Connection, _ analyses: [CachedAnalysis]) throws {
        let cacheSize = try connection.scalar("PRAGMA cache_size").int ?? -2000
        try connection.execute("PRAGMA cache_size = -2048")
        defer { try? connection.execute("PRAGMA cache_size = \(cacheSize)") }
        try connection.execute(
            replacing(analyses, of: "refreshing_pods")
                + "DELETE FROM refreshing_pods;")
    }

    /// The SQL that replaces the cached rows of `analyses` (in their order) of the pods in `pods`:
    /// each cache holds its `*_stale` view's columns in the view's order (`CachedAnalysis.shapeCache`).
    private static func replacing(_ analyses: [CachedAnalysis], of pods: String) -> String {
        analyses.map { analysis in
            """
            DELETE FROM \(analysis.cache) WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM \(pods));
            INSERT INTO \(analysis.cache) SELECT * FROM \(analysis.stale);

            """
        }.joined()
    }
}
