import Foundation
import Testing

@testable import PodtrailKit

/// The analysis caches (schemas v4 and v5) never change an answer: the views give the same rows
/// whether a pod is read from its cache or computed on the spot, whatever order and batches the
/// pods were cached in, whichever run brings a pod's events, and a database migrated from v3 or
/// v4 gets them filled.
@Suite struct AnalysisCacheTests {
    static let sampleLogs = TestSupport.packageRoot.appendingPathComponent("SampleLogs")

    /// The cached views and the views built on them; `snapshot_id` left out, as it follows the
    /// order the files were read in.
    static let views: [(name: String, columns: String)] = [
        ("pod_status_segments", "cluster, pod_uid, n, phase, status, deleted, started_at, ended_at, seconds"),
        ("status_durations", "*"),
        ("container_runs", "*"),
        ("phase_durations", "*"),
        ("crash_loops", "*"),
        ("evictions", "*"),
        ("oom_rates", "*"),
        ("startup_sli", "*"),
        ("image_pull_failures", "*"),
    ]

    /// Every row of every view in `views`, sorted.
    static func contents(_ db: Database) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (name, columns) in views {
            result[name] = try TestSupport.rows(db, "SELECT \(columns) FROM \(name)").sorted()
        }
        return result
    }

    static func sampleFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).filter { !$0.hasPrefix(".") }.sorted()
            .map { sampleLogs.appendingPathComponent($0).path }
    }

    static func count(_ db: Database, _ table: String) throws -> Int64 {
        try db.connection.scalar("SELECT count(*) FROM \(table)").int ?? -1
    }

    /// `contents` with every pod (every pod uid an event names, every uid with a cached
    /// eviction) computed on the spot, from the base tables; the caches are refreshed again
    /// afterwards.
    static func computedOnTheSpot(_ db: Database) throws -> [String: [String]] {
        try db.connection.execute("""
            INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE true ON CONFLICT DO NOTHING;
            INSERT INTO stale_pods (cluster, uid) SELECT DISTINCT cluster, object_uid FROM events
            WHERE object_kind = 'Pod' AND object_uid <> '' ON CONFLICT DO NOTHING;
            INSERT INTO stale_pods (cluster, uid) SELECT cluster, pod_uid FROM evictions_cache WHERE true
            ON CONFLICT DO NOTHING;
            """)
        let computed = try contents(db)
        try AnalysisCache.refreshInTransaction(db.connection)
        return computed
    }

    /// The v5 objects dropped and the v6 index put back as it was: a database back in schema v4.
    static let version5Objects = """
        DROP INDEX status_durations_cache_created;
        CREATE INDEX status_durations_cache_created ON status_durations_cache (julianday(created_at));
        DROP VIEW phase_durations_stale; DROP VIEW crash_loops_stale; DROP VIEW evictions_stale;
        DROP VIEW stale_pod_events; DROP VIEW stale_analysis_pods;
        DROP TRIGGER events_stale_after_insert; DROP TRIGGER events_stale_after_update;
        DROP TRIGGER pods_neighbours_after_insert; DROP TRIGGER pods_neighbours_after_update;
        DROP TABLE refreshing_pods; DROP TABLE phase_durations_cache; DROP TABLE crash_loops_cache;
        DROP TABLE evictions_cache;
        """

    /// Takes a database back to schema v6's columns (and without v8's startup_sli_cache): every view goes first (SQLite checks them when
    /// a column is dropped; opening the database installs them again).
    static func dropVersion7Columns(_ db: Database) throws {
        for view in try TestSupport.rows(db, "SELECT name FROM sqlite_master WHERE type = 'view'") {
            try db.connection.execute("DROP VIEW \"\(view)\"")
        }
        try db.connection.execute("""
            ALTER TABLE pods DROP COLUMN ready_transition_at; ALTER TABLE pods DROP COLUMN ready_transition_restarts;
            ALTER TABLE pods DROP COLUMN first_start_unknown; ALTER TABLE pods DROP COLUMN scheduling_failure_at;
            ALTER TABLE pods DROP COLUMN scheduling_failure_message; DROP TABLE coverage_hours;
            ALTER TABLE pods DROP COLUMN non_stateless_volume; ALTER TABLE pod_snapshots DROP COLUMN observed_by;
            DROP TABLE startup_sli_cache; ALTER TABLE sources DROP COLUMN future_records;
            ALTER TABLE pod_snapshots DROP COLUMN observed_key;
            """)
    }

    @Test func cachedRowsEqualRowsComputedOnTheSpot() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.sampleLogs.path])
        #expect(try Self.count(db, "stale_pods") == 0)
        let pods = try Self.count(db, "pods")
        #expect(try db.connection.scalar("SELECT count(DISTINCT pod_uid) FROM pod_status_segments_cache").int == pods)
        #expect(try Self.count(db, "status_durations_cache") > 0)
        #expect(try Self.count(db, "container_runs_cache") > 0)
        let cached = try Self.contents(db)
        #expect(cached["pod_status_segments"]!.count == Int(try Self.count(db, "pod_snapshots")))

        // One pod in twenty stale: the *_stale views go from each stale pod to its rows.
        try db.connection.execute("INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE id % 20 = 0")
        #expect(try db.connection.scalar("SELECT few FROM stale_analysis_size").int == 1)
        #expect(try Self.contents(db) == cached)
        try AnalysisCache.refreshInTransaction(db.connection)
        #expect(try Self.contents(db) == cached)

        // Every pod stale: the views compute every row on the spot, from the base tables.
        try db.connection.execute("INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods")
        #expect(try db.connection.scalar("SELECT few FROM stale_analysis_size").int == 0)
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM pod_status_segments WHERE snapshot_id IN (SELECT snapshot_id FROM pod_status_segments_cache)")
            == ["\(cached["pod_status_segments"]!.count)"])
        let computed = try Self.contents(db)
        for (name, _) in Self.views {
            #expect(computed[name] == cached[name], "\(name)")
            #expect(!(computed[name] ?? []).isEmpty, "\(name) has rows in SampleLogs")
        }

        // Cached again in batches of 7 pods: the same rows, and nothing left stale.
        try db.connection.transaction { try AnalysisCache.refresh(db.connection, batchSize: 7) }
        #expect(try Self.count(db, "stale_pods") == 0)
        #expect(try Self.contents(db) == cached)
    }

    @Test func filesReadOneAtATimeInReverseCacheTheSameRows() throws {
        let whole = try Database(path: ":memory:")
        _ = try Ingestor(database: whole).ingest(paths: [Self.sampleLogs.path])
        let expected = try Self.contents(whole)

        // The pods' later snapshots arrive first and their earlier ones in later runs: each run
        // must recompute the pods it touched from everything stored so far.
        let parts = try Database(path: ":memory:")
        for file in try Self.sampleFiles().reversed() {
            _ = try Ingestor(database: parts).ingest(paths: [file])
            #expect(try Self.count(parts, "stale_pods") == 0)
        }
        #expect(try Self.contents(parts) == expected)
    }

    @Test func aVersion3DatabaseIsMigratedWithItsCachesFilled() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("v3.sqlite").path
        var expected: [String: [String]] = [:]
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(paths: [Self.sampleLogs.path])
            expected = try Self.contents(db)
            // Back to schema v3: no caches, no stale list, no triggers.
            try Self.dropVersion7Columns(db)
            try db.connection.execute(Self.version5Objects.replacingOccurrences(of: "DROP VIEW", with: "DROP VIEW IF EXISTS"))
            try db.connection.execute("""
                DROP VIEW IF EXISTS pod_status_segments_stale; DROP VIEW IF EXISTS container_runs_stale;
                DROP TRIGGER pods_stale_after_insert; DROP TRIGGER pods_stale_after_update;
                DROP TABLE stale_pods; DROP TABLE pod_status_segments_cache; DROP TABLE status_durations_cache;
                DROP TABLE container_runs_cache; DELETE FROM podtrail_meta; PRAGMA user_version = 3;
                """)
        }
        let migrated = try Database(path: path)
        #expect(try migrated.connection.userVersion == Database.schemaVersion)
        #expect(try Self.count(migrated, "stale_pods") == 0)
        #expect(try Self.count(migrated, "pod_status_segments_cache") == Self.count(migrated, "pod_snapshots"))
        #expect(try Self.count(migrated, "phase_durations_cache") == Self.count(migrated, "pods"))
        #expect(try Self.contents(migrated) == expected)
    }

    @Test func aVersion4DatabaseIsMigratedWithItsNewCachesFilled() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("v4.sqlite").path
        var expected: [String: [String]] = [:]
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(paths: [Self.sampleLogs.path])
            expected = try Self.contents(db)
            try Self.dropVersion7Columns(db)
            try db.connection.execute(Self.version5Objects.replacingOccurrences(of: "DROP VIEW", with: "DROP VIEW IF EXISTS") + "DELETE FROM podtrail_meta WHERE key = 'views_hash'; PRAGMA user_version = 4;")
        }
        let migrated = try Database(path: path)
        #expect(try migrated.connection.userVersion == Database.schemaVersion)
        #expect(try migrated.connection.scalar("SELECT sql FROM sqlite_master WHERE name = 'status_durations_cache_created'").string
            == "CREATE INDEX status_durations_cache_created ON status_durations_cache (\n    julianday(created_at), cluster, pod_uid, status, created_at, pod, namespace, workload, seconds)")
        #expect(try Self.count(migrated, "stale_pods") == 0)
        #expect(try Self.count(migrated, "refreshing_pods") == 0)
        #expect(try Self.count(migrated, "phase_durations_cache") == Self.count(migrated, "pods"))
        #expect(try Self.count(migrated, "crash_loops_cache") > 0)
        #expect(try Self.count(migrated, "evictions_cache") > 0)
        #expect(try Self.contents(migrated) == expected)
    }

    /// Derived data computed with other definitions (another podtrail's, or a view edited since)
    /// is recomputed on open: here every cached eviction gets a cause no definition gives and the
    /// recorded definitions another hash, as an older release would have left them.
    static func ageDerivedData(_ db: Database) throws {
        try db.connection.execute("""
            UPDATE evictions_cache SET cause = 'cause-of-another-definition';
            UPDATE phase_durations_cache SET startup_s = -1;
            UPDATE podtrail_meta SET value = 'older' WHERE key = 'derived_hash';
            """)
    }

    @Test func derivedDataOfOtherDefinitionsIsRecomputedOnOpen() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("aged.sqlite").path
        var expected: [String: [String]] = [:]
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(paths: [Self.sampleLogs.path])
            expected = try Self.contents(db)
            #expect(try db.connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'derived_hash'").string == Database.definitionsHash)
            try Self.ageDerivedData(db)
            #expect(try TestSupport.rows(db, "SELECT DISTINCT cause FROM evictions") == ["cause-of-another-definition"])
        }
        // Read-only (someone who cannot write the file): this build's definitions, on the spot,
        // and the file left as it was.
        do {
            let reader = try Database(path: path, readOnly: true)
            #expect(try Self.contents(reader) == expected)
            #expect(try TestSupport.rows(reader, "SELECT DISTINCT cause FROM main.evictions_cache") == ["cause-of-another-definition"])
        }
        var told: [String] = []
        let writer = try Database(path: path, progress: { told.append($0) })
        #expect(told.count == 2 && told[0].hasPrefix("recomputing the analyses of "), "\(told)")
        #expect(try Self.count(writer, "stale_pods") == 0)
        #expect(try writer.connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'derived_hash'").string == Database.definitionsHash)
        #expect(try Self.contents(writer) == expected)
        #expect(try !TestSupport.rows(writer, "SELECT DISTINCT cause FROM evictions_cache").contains("cause-of-another-definition"))
        // Current: the next open recomputes nothing; `rebuild` recomputes on demand, to the same rows.
        told = []
        _ = try Database(path: path, progress: { told.append($0) })
        #expect(told.isEmpty)
        try writer.rebuild(progress: { told.append($0) })
        #expect(told.count == 2)
        #expect(try Self.contents(writer) == expected)
    }

    /// A database an earlier release (schema v7: without v8's startup_sli_cache, v9's
    /// sources.future_records and v10's pod_snapshots.observed_key) wrote, its caches computed by its own
    /// definitions, answers exactly as a fresh ingest once this build opens it.
    @Test func aDatabaseOfThePreviousReleaseAnswersAsAFreshIngest() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("v7.sqlite").path
        let fresh = try Database(path: ":memory:")
        _ = try Ingestor(database: fresh).ingest(paths: [Self.sampleLogs.path])
        let expected = try Self.contents(fresh)
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(paths: [Self.sampleLogs.path])
            try Self.ageDerivedData(db)
            // Back to v7: every view goes first (SQLite checks them when a column is dropped).
            for view in try TestSupport.rows(db, "SELECT name FROM sqlite_master WHERE type = 'view'") {
                try db.connection.execute("DROP VIEW \"\(view)\"")
            }
            try db.connection.execute("""
                DROP TABLE startup_sli_cache; ALTER TABLE sources DROP COLUMN future_records;
                ALTER TABLE pod_snapshots DROP COLUMN observed_key;
                DELETE FROM podtrail_meta WHERE key IN ('derived_hash', 'views_hash'); PRAGMA user_version = 7;
                """)
        }
        let migrated = try Database(path: path)
        #expect(try migrated.connection.userVersion == Database.schemaVersion)
        #expect(try Self.count(migrated, "stale_pods") == 0)
        #expect(try Self.contents(migrated) == expected)
    }

    /// Runs that bring only events, or a new pod that takes over a name's events without a uid,
    /// or an event that changes its first_seen: every pod whose rows change is recomputed.
    @Test func eventsInLaterRunsAndPodsThatTakeOverANameRecomputeTheirPods() throws {
        typealias H = AnalysisHistory
        let db = try Database(path: ":memory:")
        var run = 0
        func ingest(_ records: [String]) throws {
            run += 1
            let summary = try Ingestor(database: db, options: IngestOptions(cluster: "default"))
                .ingest(bytes: Array(records.joined(separator: "\n").utf8), name: "run\(run).ndjson")
            #expect(summary.rejects == 0)
            #expect(try Self.count(db, "stale_pods") == 0)
            #expect(try Self.count(db, "refreshing_pods") == 0)
            #expect(try Self.contents(db) == Self.computedOnTheSpot(db), "run \(run)")
        }
        func eviction() throws -> [String] {
            try TestSupport.rows(db, "SELECT pod_uid, evicted_at, cause FROM evictions ORDER BY pod_uid")
        }
        let lowMemory = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. "
        // Run 1: pod a, db-0 (no PodScheduled condition: the Scheduled event gives its time),
        // and 30 others, so that each later run's stale pods are few (stale_analysis_size).
        let others = (0..<30).map { H.pod("f\($0)", name: "web-\($0)", rv: 1, containers: [H.container(running: 5)]) }
        try ingest([H.pod("a", name: "db-0", namespace: "data", rv: 1, created: 0, scheduled: nil, containers: [H.container(running: 5)])] + others)
        let scheduled = "SELECT pod_uid, scheduled_at FROM phase_durations WHERE namespace = 'data' ORDER BY pod_uid"
        #expect(try TestSupport.rows(db, scheduled) == ["a|"])
        // Run 2: events without the pod's uid, all db-0's: a's until another db-0 is created.
        try ingest([
            H.event("sched-a", podUID: nil, pod: "db-0", namespace: "data", reason: "Scheduled", message: "Successfully assigned data/db-0 to node-a", first: 1),
            H.event("sched-b", podUID: nil, pod: "db-0", namespace: "data", reason: "Scheduled", message: "Successfully assigned data/db-0 to node-b", first: 301),
            H.event("evict", podUID: nil, pod: "db-0", namespace: "data", reason: "Evicted", message: lowMemory, first: 400),
            H.event("evict-c", podUID: "c", pod: "db-1", namespace: "data", reason: "Evicted", message: lowMemory, first: 500),
        ])
        // c is known from its event alone (a pod row with no snapshot, nothing scheduled).
        #expect(try TestSupport.rows(db, scheduled) == ["a|\(H.t(1))", "c|"])
        #expect(try eviction() == ["a|\(H.t(400))|memory-pressure", "c|\(H.t(500))|memory-pressure"])
        // Run 3: pod b, db-0 again, created at 300: the events from then on are b's.
        try ingest([H.pod("b", name: "db-0", namespace: "data", rv: 9, created: 300, scheduled: nil, containers: [H.container(running: 305)])])
        #expect(try TestSupport.rows(db, scheduled) == ["a|\(H.t(1))", "b|\(H.t(301))", "c|"])
        #expect(try eviction() == ["b|\(H.t(400))|memory-pressure", "c|\(H.t(500))|memory-pressure"])
        // Run 4: the eviction event seen again, counted twice, first seen before b existed: a's.
        try ingest([H.event("evict", podUID: nil, pod: "db-0", namespace: "data", reason: "Evicted", message: lowMemory, count: 2, first: 250, last: 400)])
        #expect(try eviction() == ["a|\(H.t(250))|memory-pressure", "c|\(H.t(500))|memory-pressure"])
        // Run 5: c's only event seen again as a Node's: it is no pod's event any more.
        try ingest([H.event("evict-c", podUID: "c", pod: "db-1", namespace: "data", kind: "Node", reason: "Evicted", message: lowMemory, count: 2, first: 500)])
        #expect(try eviction() == ["a|\(H.t(250))|memory-pressure"])
    }

    @Test func aPodWrittenManyTimesBeforeARefreshIsListedOnce() throws {
        let db = try Database(path: ":memory:")
        // The writer's own statement, as it runs when one file holds a pod in several flushes
        // (each flush writes the row merged with the stored one).
        let upsert = try db.connection.prepare(StoreSQL.storePod)
        for (flush, node) in ["node-a", "node-b", "node-c"].enumerated() {
            var values = [SQLValue](repeating: .null, count: 40)
            values[0] = .text("prod")
            values[1] = .text("u1")
            values[2] = .text("shop")
            values[3] = .text("web-1")
            values[4] = .text(node)
            values[7] = .integer(0)  // workload_inferred
            values[21] = .integer(0)  // restarts
            values[30] = .integer(Int64(flush + 1))  // snapshots
            values[36] = .integer(0)  // first_start_unknown
            try upsert.bind(values)
            try upsert.run()
        }
        #expect(try TestSupport.rows(db, "SELECT cluster, uid FROM stale_pods") == ["prod|u1"])
        #expect(try TestSupport.rows(db, "SELECT node, snapshots FROM pods") == ["node-c|3"])
    }

    @Test func refreshFindsTheStalePodsByIndex() throws {
        let db = try Database(path: ":memory:")
        for table in ["pod_status_segments_cache", "status_durations_cache", "container_runs_cache"] {
            let plan = try TestSupport.rows(
                db, "EXPLAIN QUERY PLAN DELETE FROM \(table) WHERE (pod_uid, cluster) IN (SELECT uid, cluster FROM stale_pods)")
            #expect(plan.contains { $0.contains("SEARCH \(table) USING") }, "\(table): \(plan)")
        }
        // From the stale pods to their rows by index, never a scan of every snapshot.
        let searches = [
            "pod_status_segments_stale": ["SEARCH s USING INDEX sqlite_autoindex_pod_snapshots_1 (pod_uid=?)"],
            "container_runs_stale": [
                "SEARCH t USING INDEX container_terminations_identity", "SEARCH s USING COVERING INDEX sqlite_autoindex_pod_snapshots_1",
                "SEARCH c USING INDEX sqlite_autoindex_container_states_1 (snapshot_id=?)",
            ],
        ]
        for (view, expected) in searches {
            let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM \(view)")
            for search in expected { #expect(plan.contains { $0.contains(search) }, "\(view): \(plan)") }
        }
        // The v5 views, for few stale pods, go from each to its events (by uid, by name: only the
        // events without a uid, schema v12) and its snapshots (a nightly run must not read a long
        // history's every event of a reason, nor every event of every pod that had the name);
        // for many, they read the rows of each reason once.
        let byName = "events_pod_name_without_uid"
        let both = [
            "phase_durations_stale": ["events_object_uid", byName, "events_reason"],
            "crash_loops_stale": [
                "events_object_uid", byName, "events_reason", "sqlite_autoindex_pod_snapshots_1", "sqlite_autoindex_container_states_1",
                "container_states_reason",
            ],
            "evictions_stale": ["events_object_uid", byName, "events_reason", "sqlite_autoindex_pod_snapshots_1", "pod_snapshots_reason"],
            "startup_sli_stale": ["events_object_uid", byName],
        ]
        // The many-pods part of stale_pod_events starts from a row that exists only for many
        // pods: for few, the events of the reason are not read at all (a `NOT few` term was
        // tested per event, every event of the reason in the history on each refresh).
        let manyPart = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM stale_pod_events WHERE reason = 'Pulled'")
        let reasonRead = try #require(manyPart.firstIndex { $0.contains("INDEX events_reason (") }, "\(manyPart)")
        #expect(manyPart[..<reasonRead].last { !$0.contains("SCALAR SUBQUERY") && !$0.contains("stale_analysis_size") && !$0.contains("SCAN pods") && !$0.contains("stale_pods") && !$0.contains("refreshing_pods") && !$0.contains("CONSTANT ROW") }?.contains("SCAN many") == true, "\(manyPart)")
        for (view, indexes) in both {
            let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM \(view)")
            for index in indexes { #expect(plan.contains { $0.contains("INDEX \(index) (") }, "\(view) \(index): \(plan)") }
            #expect(!plan.contains { $0.contains("INDEX events_object (") }, "\(view) reads events by name through events_object: \(plan)")
        }
    }
}
