import Foundation
import Testing

@testable import PodtrailKit

/// The analysis caches (schema v4) never change an answer: the views give the same rows whether
/// a pod is read from its cache or computed on the spot, whatever order and batches the pods
/// were cached in, and a database migrated from v3 gets them filled.
@Suite struct AnalysisCacheTests {
    static let sampleLogs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleLogs")

    /// The cached views and the views built on them; `snapshot_id` left out, as it follows the
    /// order the files were read in.
    static let views: [(name: String, columns: String)] = [
        ("pod_status_segments", "cluster, pod_uid, n, phase, status, deleted, started_at, ended_at, seconds"),
        ("status_durations", "*"),
        ("container_runs", "*"),
        ("phase_durations", "*"),
        ("crash_loops", "*"),
        ("oom_rates", "*"),
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

        // Every pod stale: the views compute every row on the spot, from the base tables.
        try db.connection.execute("INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods")
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
            try db.connection.execute("""
                DROP VIEW pod_status_segments_stale; DROP VIEW container_runs_stale;
                DROP TRIGGER pods_stale_after_insert; DROP TRIGGER pods_stale_after_update;
                DROP TABLE stale_pods; DROP TABLE pod_status_segments_cache; DROP TABLE status_durations_cache;
                DROP TABLE container_runs_cache; DELETE FROM podtrail_meta; PRAGMA user_version = 3;
                """)
        }
        let migrated = try Database(path: path)
        #expect(try migrated.connection.userVersion == 4)
        #expect(try Self.count(migrated, "stale_pods") == 0)
        #expect(try Self.count(migrated, "pod_status_segments_cache") == Self.count(migrated, "pod_snapshots"))
        #expect(try Self.contents(migrated) == expected)
    }

    @Test func aPodWrittenManyTimesBeforeARefreshIsListedOnce() throws {
        let db = try Database(path: ":memory:")
        // The writer's own upsert, as it runs when one file holds a pod in several flushes.
        let upsert = try db.connection.prepare(StoreSQL.upsertPod)
        for node in ["node-a", "node-b", "node-c"] {
            var values = [SQLValue](repeating: .null, count: 35)
            values[0] = .text("prod")
            values[1] = .text("u1")
            values[2] = .text("shop")
            values[3] = .text("web-1")
            values[4] = .text(node)
            values[7] = .integer(0)  // workload_inferred
            values[21] = .integer(0)  // restarts
            values[30] = .integer(1)  // snapshots
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
            "pod_status_segments_stale": ["SEARCH s USING INDEX pod_snapshots_observed"],
            "container_runs_stale": [
                "SEARCH t USING INDEX container_terminations_identity", "SEARCH s USING INDEX container_snapshots_observed",
            ],
        ]
        for (view, expected) in searches {
            let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM \(view)")
            for search in expected { #expect(plan.contains { $0.contains(search) }, "\(view): \(plan)") }
        }
    }
}
