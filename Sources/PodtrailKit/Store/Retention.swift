import Foundation

/// `podtrail prune`: deletes what the database holds from before a cut, keeping the rollups the
/// reports need for the long view (`Rollup`), then gives the freed pages back to the file system.
///
/// - A **pod** goes only when every instant known of it (`pod_spans.known_until`: its lifecycle
///   times, snapshots, events and terminations) lies before the cut; a pod that straddles it
///   stays whole, so per-pod analyses never see half a pod. Its rows in every table and cache go
///   in the transaction that writes its rollups: a pod is whole or rolled up, never both.
/// - **Other Events** (Node, controller, pod events that name no pod uid and belong to no pod
///   kept) go when their last occurrence lies before the cut; node OOM events are rolled up first.
/// - **Rejects** go with their file's records: a file whose every record lies before the cut
///   (`sources.last_record_at`) loses its rejects and is listed in `pruned_sources`. Its ledger
///   row stays, so the file is never read again.
///
/// Each step is a batch of `batchSize` pods (or events, or files) per transaction: a run killed
/// at any point loses nothing newer than the cut, and a run again finishes the job.
public struct Retention {
    /// The database, opened for writing.
    public let database: Database
    /// Pods (or events, files) per transaction.
    public var batchSize = 1000
    /// Pages given back per `incremental_vacuum` step (64 MB), each followed by a checkpoint:
    /// the WAL, and so the free disk the prune needs, stays under that whatever the database's size.
    public var vacuumStep = 16_384
    /// Told of each step.
    public var progress: ((String) -> Void)?

    /// Creates a retention run on `database`.
    public init(database: Database) {
        self.database = database
    }

    /// The cut `--before TEXT` names: an RFC 3339 time, a date, or a duration back from `now`.
    ///
    /// - Throws: `TimeWindowError` for text that is none of those.
    public static func cut(before text: String, now: Date = Date()) throws -> Timestamp {
        try TimeWindow.bound(text, flag: "--before", now: Timestamp(micros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down))))
    }

    /// The seconds of history `--keep TEXT` keeps (`90d`, `2w`).
    ///
    /// - Throws: `TimeWindowError` for text that is no positive duration up to `TimeWindow.longestDuration`.
    public static func keepSeconds(_ text: String) throws -> Double {
        guard let seconds = TimeWindow.duration(text), seconds > 0 else { throw TimeWindowError.unreadable(flag: "--keep", text: text) }
        guard seconds <= TimeWindow.longestDuration else { throw TimeWindowError.tooLong(flag: "--keep", text: text) }
        return seconds
    }

    /// The cut that keeps `seconds` of history before the newest data (as `nightly` ends its
    /// window: data dated more than an hour after the latest ingest is not the newest); nil when
    /// the database holds no data.
    public func cut(keeping seconds: Double) throws -> Timestamp? {
        guard let newest = try FutureRecords.newestData(database.connection, cluster: nil) else { return nil }
        return Timestamp(micros: newest.micros - Int64((seconds * 1_000_000).rounded()))
    }

    /// What a prune did.
    public struct Summary: Sendable, Equatable {
        /// The cut: everything older went.
        public var cut: Timestamp
        /// Pods rolled up and deleted.
        public var pods = 0
        /// Pods older than the cut kept whole: one of their instants lies at or after it.
        public var straddling = 0
        /// Events deleted (those of the pods above included).
        public var events = 0
        /// Files whose rows and rejects were pruned (`pruned_sources`).
        public var sources = 0
        /// The database file's size before and after, in bytes (nil for an in-memory database).
        public var bytesBefore: Int64?
        public var bytesAfter: Int64?
        /// Whether the file can shrink (`auto_vacuum = INCREMENTAL`, databases made by schema v13 on).
        public var shrinks = true
        /// Seconds the whole run took.
        public var seconds = 0.0

        /// The one-line summary.
        public var line: String {
            var text = "prune: \(pods) pods before \(cut) rolled up and deleted (\(straddling) older pods kept whole: they reach past the cut), "
            text += "\(events) events, the rejects of \(sources) files"
            if let bytesBefore, let bytesAfter {
                text += String(format: "; %.1f MB -> %.1f MB", Double(bytesBefore) / 1e6, Double(bytesAfter) / 1e6)
                if !shrinks {
                    text += " (this database predates schema v13: freed pages are reused by later ingests, the file does not shrink;"
                    text += " see Docs/REPORTS.md#retention)"
                }
            }
            return text + String(format: " in %.1f s", seconds)
        }
    }

    /// Deletes what lies before `cut` (see the type), then vacuums.
    public func prune(before cut: Timestamp) throws -> Summary {
        let started = Date()
        let connection = database.connection
        var summary = Summary(cut: cut)
        summary.bytesBefore = fileBytes()
        // Indexes a stopped backfill set aside, and caches a stopped ingest left stale: the
        // batches read the caches and delete by index.
        try DeferredIndexes.build(connection)
        try AnalysisCache.refreshInTransaction(connection)
        try recordCut(cut)
        let cutText = SQLValue.text(cut.description)
        try connection.execute("""
            DROP TABLE IF EXISTS temp.prune_pods;
            CREATE TEMP TABLE prune_pods (cluster TEXT NOT NULL, uid TEXT NOT NULL);
            DROP TABLE IF EXISTS temp.prune_batch;
            CREATE TEMP TABLE prune_batch (cluster TEXT NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (uid, cluster)) WITHOUT ROWID;
            DROP TABLE IF EXISTS temp.prune_placed;
            CREATE TEMP TABLE prune_placed (event_id INTEGER PRIMARY KEY, pod_uid TEXT);
            DROP TABLE IF EXISTS temp.prune_events;
            CREATE TEMP TABLE prune_events (id INTEGER PRIMARY KEY);
            """)
        defer {
            for table in ["prune_pods", "prune_batch", "prune_placed", "prune_events"] {
                try? connection.execute("DROP TABLE IF EXISTS temp.\(table)")
            }
        }
        try connection.readTransaction {
            _ = try connection.rows("""
                INSERT INTO temp.prune_pods (cluster, uid)
                SELECT cluster, pod_uid FROM pod_spans WHERE julianday(known_until) < julianday(?)
                ORDER BY julianday(known_until), pod_uid, cluster
                """, [cutText])
            summary.straddling = Int(try connection.scalar("""
                SELECT count(*) FROM pod_spans WHERE julianday(known_from) < julianday(?) AND NOT julianday(known_until) < julianday(?)
                """, [cutText, cutText]).int ?? 0)
            // Where each Event without a pod uid before the cut belongs (pod_events), read before
            // any pod goes: it goes with its pod, or after the pods when it belongs to none.
            _ = try connection.rows("""
                INSERT INTO temp.prune_placed (event_id, pod_uid)
                SELECT e.event_id, e.pod_uid FROM pod_events e
                WHERE e.event_id IN (SELECT id FROM events WHERE object_kind = 'Pod' AND ifnull(object_uid, '') = ''
                    AND julianday(coalesce(last_seen, first_seen)) < julianday(?))
                """, [cutText])
        }
        let candidates = Int(try connection.scalar("SELECT count(*) FROM temp.prune_pods").int ?? 0)
        progress?("pruning \(candidates) pods whose every instant lies before \(cut)…")
        for first in stride(from: 0, to: candidates, by: batchSize) {
            let (pods, events) = try pruneBatch(rows: first, cut: cutText)
            summary.pods += pods
            summary.events += events
        }
        summary.events += try pruneOtherEvents(cut: cutText)
        summary.sources = try pruneSources(cut: cutText)
        summary.shrinks = try vacuum()
        summary.bytesAfter = fileBytes()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Rolls up and deletes the pods of rows `first + 1 ... first + batchSize` of
    /// `temp.prune_pods`, in one transaction; returns the pods and events deleted.
    private func pruneBatch(rows first: Int, cut: SQLValue) throws -> (Int, Int) {
        let connection = database.connection
        return try connection.transaction {
            try connection.execute("DELETE FROM temp.prune_batch")
            // Checked again inside the transaction: a pod an ingest wrote since (stale, or its
            // span moved past the cut) stays, and one an earlier run pruned is gone already.
            _ = try connection.rows("""
                INSERT INTO temp.prune_batch (cluster, uid)
                SELECT c.cluster, c.uid FROM temp.prune_pods c
                CROSS JOIN pod_spans_cache s ON s.pod_uid = c.uid AND s.cluster = c.cluster
                WHERE c.rowid > ? AND c.rowid <= ? AND julianday(s.known_until) < julianday(?)
                    AND NOT EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = c.uid AND x.cluster = c.cluster)
                """, [.integer(Int64(first)), .integer(Int64(first + batchSize)), cut])
            let pods = Int(try connection.scalar("SELECT count(*) FROM temp.prune_batch").int ?? 0)
            guard pods > 0 else { return (0, 0) }
            try connection.execute(Rollup.rollUpBatch)
            try connection.execute("""
                DELETE FROM events WHERE id IN (SELECT p.event_id FROM temp.prune_placed p
                    CROSS JOIN temp.prune_batch b ON b.uid = p.pod_uid);
                """)
            var events = connection.changes
            try connection.execute("""
                DELETE FROM events WHERE id IN (SELECT v.id FROM temp.prune_batch b CROSS JOIN events v ON v.object_uid = b.uid
                    WHERE v.cluster = b.cluster AND v.object_kind = 'Pod');
                """)
            events += connection.changes
            // Container states go with their pod snapshots (by the snapshots' ids), before them.
            var sql = """
                DELETE FROM container_states WHERE snapshot_id IN (SELECT s.id FROM temp.prune_batch b
                    CROSS JOIN pod_snapshots s ON s.pod_uid = b.uid AND s.cluster = b.cluster);

                """
            for table in ["pod_snapshots", "container_terminations", "containers"]
                + DerivedDefinitions.shipped.cachedAnalyses.map(\.cache)
            {
                sql += "DELETE FROM \(table) WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM temp.prune_batch);\n"
            }
            sql += "DELETE FROM pods WHERE (uid, cluster) IN (SELECT uid, cluster FROM temp.prune_batch);\n"
            // Deleting rows fires no trigger; the deletions above of events placed by name make
            // no other pod stale (an event goes only with the pod it belongs to).
            sql += "DELETE FROM stale_pods WHERE (uid, cluster) IN (SELECT uid, cluster FROM temp.prune_batch);\n"
            try connection.execute(sql)
            return (pods, events)
        }
    }

    /// Deletes, `batchSize` per transaction, the Events before the cut that belong to no pod:
    /// on other objects than pods, and pod events without a uid that `pod_events` gave no pod
    /// (or a pod pruned). Node OOM events are rolled up in the same transaction. They are listed
    /// in one pass over the events, after the pods went. Returns how many.
    private func pruneOtherEvents(cut: SQLValue) throws -> Int {
        let connection = database.connection
        try connection.execute("DROP TABLE IF EXISTS temp.prune_other; CREATE TEMP TABLE prune_other (id INTEGER PRIMARY KEY)")
        defer { try? connection.execute("DROP TABLE IF EXISTS temp.prune_other") }
        _ = try connection.rows("""
            INSERT INTO temp.prune_other (id)
            SELECT id FROM events
            WHERE julianday(coalesce(last_seen, first_seen)) < julianday(?)
                AND (ifnull(object_kind, '') <> 'Pod'
                    OR (ifnull(object_uid, '') = '' AND NOT EXISTS (
                        SELECT 1 FROM temp.prune_placed p CROSS JOIN pods q ON q.uid = p.pod_uid
                        WHERE p.event_id = events.id AND q.cluster = events.cluster)))
            """, [cut])
        var deleted = 0
        var last: Int64 = 0
        while true {
            let batch = try connection.transaction { () -> Int in
                try connection.execute("DELETE FROM temp.prune_events")
                _ = try connection.rows(
                    "INSERT INTO temp.prune_events (id) SELECT id FROM temp.prune_other WHERE id > ? ORDER BY id LIMIT ?",
                    [.integer(last), .integer(Int64(batchSize))])
                guard let max = try connection.scalar("SELECT max(id) FROM temp.prune_events").int else { return 0 }
                last = max
                try connection.execute(Rollup.rollUpNodeEvents)
                try connection.execute("DELETE FROM events WHERE id IN (SELECT id FROM temp.prune_events)")
                return connection.changes
            }
            deleted += batch
            if try connection.scalar("SELECT EXISTS (SELECT 1 FROM temp.prune_other WHERE id > ?)", [.integer(last)]).int != 1 {
                return deleted
            }
        }
    }

    /// Marks the files whose every record lies before the cut as pruned and deletes their
    /// rejects, `batchSize` files per transaction; returns how many.
    private func pruneSources(cut: SQLValue) throws -> Int {
        let connection = database.connection
        let now = SQLValue.text(Timestamp(micros: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))).description)
        var marked = 0
        while true {
            let batch = try connection.transaction { () -> Int in
                let ids = try connection.rows("""
                    SELECT id FROM sources WHERE julianday(last_record_at) < julianday(?)
                        AND id NOT IN (SELECT source_id FROM pruned_sources) ORDER BY id LIMIT ?
                    """, [cut, .integer(Int64(batchSize))]).compactMap { $0.first?.int }
                guard !ids.isEmpty else { return 0 }
                let list = ids.map(String.init).joined(separator: ", ")
                try connection.execute("DELETE FROM rejects WHERE source_id IN (\(list))")
                _ = try connection.rows("INSERT INTO pruned_sources (source_id, pruned_at) SELECT id, ? FROM sources WHERE id IN (\(list))", [now])
                return ids.count
            }
            marked += batch
            if batch < batchSize { return marked }
        }
    }

    /// Records the cut in `podtrail_meta` before anything goes (`pruned_before`, the latest cut;
    /// `pruned_data_from`, the earliest data time the database held), so that a report over a
    /// window before it knows rollups may answer for it.
    private func recordCut(_ cut: Timestamp) throws {
        let connection = database.connection
        try connection.transaction {
            if try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'pruned_data_from'").string == nil {
                let earliest = try connection.scalar("""
                    SELECT t FROM (SELECT min(julianday(known_from)) AS j, known_from AS t FROM pod_spans
                        UNION ALL SELECT min(julianday(coalesce(first_seen, last_seen))), coalesce(first_seen, last_seen) FROM events)
                    WHERE j IS NOT NULL ORDER BY j LIMIT 1
                    """).string
                if let earliest {
                    _ = try connection.rows("INSERT INTO podtrail_meta (key, value) VALUES ('pruned_data_from', ?)", [.text(earliest)])
                }
            }
            let previous = try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'pruned_before'").string.flatMap(Timestamp.parse)
            if previous.map({ $0.micros < cut.micros }) ?? true {
                _ = try connection.rows(
                    "INSERT INTO podtrail_meta (key, value) VALUES ('pruned_before', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [.text(cut.description)])
            }
        }
    }

    /// Gives the free pages back to the file system, `vacuumStep` pages at a time, each step
    /// checkpointed so the WAL stays small; false when the database cannot shrink (made before
    /// schema v13 without `auto_vacuum`: its free pages are reused by the next ingests).
    private func vacuum() throws -> Bool {
        let connection = database.connection
        guard try connection.scalar("PRAGMA auto_vacuum").int == 2 else { return false }
        while try (connection.scalar("PRAGMA freelist_count").int ?? 0) > 0 {
            progress?("returning \(try connection.scalar("PRAGMA freelist_count").int ?? 0) free pages to the file system…")
            try connection.execute("PRAGMA incremental_vacuum(\(vacuumStep))")
            _ = try connection.rows("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return true
    }

    /// The database file's size in bytes (nil in memory).
    private func fileBytes() -> Int64? {
        guard let path = Database.fileSystemPath(database.path),
            let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        else { return nil }
        return size.int64Value
    }
}

@available(*, unavailable)
extension Retention: Sendable {}
