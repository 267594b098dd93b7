import Foundation
import Testing

@testable import PodtrailKit

/// The plumbing of the cached analyses is generated from each rule, never written twice: the
/// views `<name>` from the directive of `Queries/<name>.sql`, the caches' columns from the
/// `<name>_stale` views, the triggers from `pod_events`' placement rule.
@Suite struct CachedAnalysisTests {
    static let shipped = DerivedDefinitions.shipped

    /// The text of `Queries/<name>.sql` as written.
    static func file(_ name: String) throws -> String {
        try #require(EmbeddedSQL.queries.first { $0.name == name }).sql
    }

    @Test func theCachedAnalysesAreDeclaredByTheirFilesAndRefreshedAfterTheCachesTheyRead() {
        let names = Self.shipped.cachedAnalyses.map(\.name)
        #expect(Set(names) == ["pod_status_segments", "container_runs", "status_durations", "phase_durations", "crash_loops", "evictions", "startup_sli", "pod_spans", "image_pull_failures"])
        #expect(Self.shipped.cachedAnalyses.prefix(2).allSatisfy { !$0.afterSegments })
        #expect(Self.shipped.cachedAnalyses.dropFirst(2).allSatisfy { $0.afterSegments })
        #expect(names.firstIndex(of: "phase_durations")! < names.firstIndex(of: "startup_sli")!)
    }

    /// Each file holds its rule and the directive, nothing else: the view `<name>` is generated.
    @Test(arguments: DerivedDefinitions.shipped.cachedAnalyses)
    func eachFileHoldsItsRuleAndTheViewIsGenerated(analysis: CachedAnalysis) throws {
        let written = try Self.file(analysis.name)
        #expect(!written.contains("CREATE VIEW \(analysis.name) AS"))
        #expect(!written.contains("FROM \(analysis.cache) c\nWHERE NOT EXISTS"))
        let expanded = try #require(Self.shipped.views.first { $0.name == analysis.name }).sql
        #expect(expanded.contains(analysis.view))
        #expect(expanded.replacingOccurrences(of: "\n-- Generated from the directive above (CachedAnalysis.view).\n" + analysis.view + "\n", with: "") == written)
    }

    @Test(arguments: DerivedDefinitions.shipped.cachedAnalyses)
    func eachCacheAndViewHaveTheStaleViewsColumnsInItsOrder(analysis: CachedAnalysis) throws {
        let db = try Database(path: ":memory:")
        func columns(_ table: String) throws -> [String] {
            try TestSupport.rows(db, "SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        }
        let stale = try columns(analysis.stale)
        #expect(stale.starts(with: ["cluster", "pod_uid"]))
        #expect(try columns(analysis.cache) == stale)
        #expect(try columns(analysis.name) == stale)
    }

    @Test func aViewFileWithoutTheDirectiveIsLeftAsWritten() throws {
        let written = try Self.file("oom_kills")
        #expect(try CachedAnalysis.expanding(written, name: "oom_kills") == written)
    }

    @Test func aDirectiveWithoutItsStaleViewIsRefused() {
        let sql = CachedAnalysis.directive + "stale_pods\nDROP VIEW IF EXISTS x;\nCREATE VIEW x AS SELECT 1;\n"
        #expect(throws: PlumbingError.self) { try CachedAnalysis.expanding(sql, name: "x") }
    }

    /// The triggers hold pod_events' rule, asked about the event or pod they fire for; the rule
    /// is written once in Queries/.
    @Test func theTriggersAskPodEventsRule() throws {
        let db = try Database(path: ":memory:")
        let rule = try EventPlacement.rule(in: Self.file("pod_events"))
        #expect(rule.hasPrefix("SELECT p.uid FROM pods p\n"))
        let triggers = try TestSupport.rows(db, "SELECT name || ':' || sql FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'pods_stale_%' ORDER BY name")
        #expect(triggers.count == 4)
        for (row, table) in [("new", "events"), ("old", "events"), ("new", "pods"), ("old", "pods")] {
            let asked = try EventPlacement.rule(rule, for: row, on: table)
            #expect(triggers.contains { $0.contains(asked) }, "\(row) \(table)")
        }
        let amongOthers = try EventPlacement.rule(rule, for: "old", on: "pods")
        #expect(amongOthers.contains("p.name = old.name") && amongOthers.contains("julianday(old.created_at)\n            AND p.uid <> old.uid\n"))
        let copies = EmbeddedSQL.queries.map { $0.sql.components(separatedBy: "ORDER BY julianday(p.created_at) DESC LIMIT 1").count - 1 }
        #expect(copies.reduce(0, +) == 1)
    }

    /// A new cached analysis is one file: its cache is made when the views are installed, and the
    /// refresh fills it; no migration, no Swift list.
    @Test func aNewCachedAnalysisNeedsOnlyItsFile() throws {
        let scratch = """
            -- scratch_restarts: each pod's restarts.
            \(CachedAnalysis.directive)stale_pods
            DROP VIEW IF EXISTS scratch_restarts_stale;
            CREATE VIEW scratch_restarts_stale AS
            SELECT p.cluster, p.uid AS pod_uid, p.name, p.restarts
            FROM stale_pods x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster;
            """
        let definitions = try DerivedDefinitions(queries: EmbeddedSQL.queries + [("scratch_restarts", scratch)])
        let analysis = try #require(definitions.cachedAnalyses.first { $0.name == "scratch_restarts" })
        #expect(!analysis.afterSegments)

        let db = try Database(path: ":memory:")
        let pods = AnalysisCacheTests.sampleLogs.appendingPathComponent("pods")
        let file = try #require(FileManager.default.contentsOfDirectory(atPath: pods.path).sorted().first)
        _ = try Ingestor(database: db).ingest(paths: [pods.appendingPathComponent(file).path])
        try db.connection.transaction {
            try db.connection.execute(try #require(definitions.views.first { $0.name == "scratch_restarts" }).sql)
            try analysis.shapeCache(db.connection)
            try AnalysisCache.refresh(db.connection, analyses: definitions.cachedAnalyses)
        }
        let expected = try TestSupport.rows(db, "SELECT cluster, uid, name, restarts FROM pods ORDER BY uid")
        #expect(expected.count > 1)
        #expect(try TestSupport.rows(db, "SELECT * FROM scratch_restarts_cache ORDER BY pod_uid") == expected)
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM stale_pods") == ["0"])
        // A pod written since: the view computes it on the spot.
        try db.connection.execute("UPDATE pods SET restarts = restarts + 100 WHERE uid = (SELECT min(uid) FROM pods)")
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM stale_pods") == ["1"])
        #expect(try TestSupport.rows(db, "SELECT * FROM scratch_restarts ORDER BY pod_uid")
            == TestSupport.rows(db, "SELECT cluster, uid, name, restarts FROM pods ORDER BY uid"))
        #expect(try TestSupport.rows(db, "SELECT * FROM scratch_restarts ORDER BY pod_uid") != expected)
    }

    /// A database of the previous release: its container_runs_cache and crash_loops_cache lead
    /// with an `id` column. Opened by this build, each is made anew with its view's columns
    /// (keeping its indexes) and the views answer as a fresh ingest.
    @Test func aCacheWithOtherColumnsIsMadeAnewOnOpen() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("ids.sqlite").path
        var expected: [String: [String]] = [:]
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(paths: [AnalysisCacheTests.sampleLogs.path])
            expected = try AnalysisCacheTests.contents(db)
            for cache in ["container_runs_cache", "crash_loops_cache"] {
                let columns = try TestSupport.rows(db, "SELECT name || ' ' || type FROM pragma_table_info('\(cache)') ORDER BY cid")
                try db.connection.execute("""
                    CREATE TABLE old_rows AS SELECT * FROM \(cache);
                    DROP TABLE \(cache);
                    CREATE TABLE \(cache) (id INTEGER PRIMARY KEY, \(columns.joined(separator: ", ")));
                    INSERT INTO \(cache) SELECT NULL, * FROM old_rows;
                    DROP TABLE old_rows;
                    CREATE INDEX \(cache)_pod ON \(cache) (pod_uid, cluster);
                    CREATE INDEX \(cache)_started ON \(cache) (julianday(started_at));
                    """)
            }
            try db.connection.execute("DELETE FROM podtrail_meta WHERE key IN ('views_hash', 'derived_hash')")
        }
        let reopened = try Database(path: path)
        for analysis in Self.shipped.cachedAnalyses {
            #expect(try TestSupport.rows(reopened, "SELECT name FROM pragma_table_info('\(analysis.cache)') ORDER BY cid")
                == TestSupport.rows(reopened, "SELECT name FROM pragma_table_info('\(analysis.stale)') ORDER BY cid"))
        }
        #expect(try TestSupport.rows(reopened, "SELECT name FROM sqlite_master WHERE tbl_name = 'crash_loops_cache' ORDER BY name")
            == ["crash_loops_cache", "crash_loops_cache_pod", "crash_loops_cache_started"])
        #expect(try TestSupport.rows(reopened, "SELECT count(*) FROM stale_pods") == ["0"])
        #expect(try AnalysisCacheTests.contents(reopened) == expected)
    }
}
