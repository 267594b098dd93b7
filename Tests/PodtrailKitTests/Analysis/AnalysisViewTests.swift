import Testing

@testable import PodtrailKit

/// The analysis view files themselves: shape, installation and independence from each other's order.
struct AnalysisViewTests {
    static let views = [
        "phase_durations", "status_durations", "crash_loops", "evictions", "oom_kills", "oom_rates", "node_oom_events",
        "crash_loop_workloads", "eviction_causes", "eviction_nodes", "eviction_days", "phase_duration_percentiles",
        "pod_events", "image_pulls", "pod_status_segments", "container_runs", "pod_disruptions",
    ]

    @Test(arguments: views)
    func eachViewFileDropsThenCreatesTheViewItIsNamedAfter(view: String) throws {
        let definition = try #require(Database.viewDefinitions.first { $0.name == view })
        #expect(definition.sql.hasPrefix("-- \(view): "))
        #expect(definition.sql.contains("DROP VIEW IF EXISTS \(view);\nCREATE VIEW \(view) AS"))
    }

    @Test func everyViewAnswersOnAnEmptyDatabaseAndAfterReinstallingInReverseOrder() throws {
        let db = try Database(path: ":memory:")
        for definition in Database.viewDefinitions.reversed() { try db.connection.execute(definition.sql) }
        for view in Self.views {
            #expect(try db.connection.rows("SELECT * FROM \(view)").isEmpty, "\(view)")
        }
    }

    /// A LEFT JOIN whose inner side is scanned runs once per outer row: quadratic. SQLite does
    /// that to CTEs it believes small (image_pulls joined its parsed figures that way: 10 s on a
    /// simulated week, and worse the more pulls carry figures), so no view may plan one.
    @Test(arguments: views)
    func noViewScansTheInnerSideOfALeftJoin(view: String) throws {
        let db = try Database(path: ":memory:")
        let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM \(view)")
        let scans = plan.filter { $0.contains("SCAN") && $0.contains("LEFT-JOIN") }
        #expect(scans.isEmpty, "\(view): \(scans)")
    }

    /// `coverage` asks each of its hours for the cluster's latest ingest: by index (schema v15),
    /// not a scan of every file of the history per hour (0.8 s of a report on a month).
    @Test func coverageFindsTheLatestIngestByIndex() throws {
        let db = try Database(path: ":memory:")
        let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM coverage")
        #expect(plan.contains { $0.contains("SEARCH s USING COVERING INDEX sources_cluster_ingested (cluster=?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasSuffix("SCAN s") }, "\(plan)")
    }

    /// A container's states are found from its pod's snapshots by the snapshot id (schema
    /// v15), never by a scan of every snapshot or state.
    @Test func containerSnapshotsOfAPodAreReadByIndex() throws {
        let db = try Database(path: ":memory:")
        let plan = try TestSupport.rows(db, "EXPLAIN QUERY PLAN SELECT * FROM container_snapshots WHERE pod_uid = 'u' AND cluster = 'c'")
        #expect(plan.contains { $0.contains("SEARCH s USING INDEX") && $0.contains("(pod_uid=?") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH c USING INDEX sqlite_autoindex_container_states_1 (snapshot_id=?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("SCAN") }, "\(plan)")
    }

    /// A report's Warning events are read by their window (schema v15's events_warning_first),
    /// not every Warning of the history.
    @Test func warningEventsOfAWindowAreReadByIndex() throws {
        let db = try Database(path: ":memory:")
        let plan = try TestSupport.rows(db, """
            EXPLAIN QUERY PLAN SELECT * FROM warning_events s
            WHERE julianday(s.first_seen) >= julianday('2026-10-31') AND julianday(s.first_seen) < julianday('2026-11-01')
            """)
        #expect(plan.contains { $0.contains("SEARCH e USING INDEX events_warning_first (type=? AND <expr>>? AND <expr><?)") }, "\(plan)")
    }
}
