import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// simulate → ingest → tables and analysis views, compared with the simulator's `truth.json`.
///
/// The truth is loaded into `truth_*` tables of the same database and compared in SQL, times
/// with `julianday` (the sources mix second and microsecond precision).
struct SimulationEndToEndTests {
    /// A simulated run ingested into a fresh in-memory database.
    struct Ingested {
        var db: Database
        var truth: [String: Any]
        var summary: IngestSummary
    }

    /// Simulates with `options` (default: seed 5, 4 hours, 60 pods an hour, 4 nodes) and ingests the folder.
    static func simulateAndIngest(_ custom: SimulationOptions? = nil) throws -> Ingested {
        var options = SimulationOptions()
        (options.seed, options.hours, options.podsPerHour, options.nodes) = (5, 4, 60, 4)
        if let custom { options = custom }
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Simulator.run(options, to: folder.path)
        let db = try Database(path: ":memory:")
        // The whole folder, in the order a user's `podtrail ingest DIR` reads it (the final pods
        // List, which repeats the last watch records, comes before the watch files).
        let paths = [folder.path]
        let summary = try Ingestor(database: db, options: IngestOptions(cluster: "default")).ingest(paths: paths)
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("truth.json"))) as! [String: Any]
        return Ingested(db: db, truth: truth, summary: summary)
    }

    /// Creates `name` with the given columns and inserts the truth rows.
    static func load(_ rows: [[String: Any]], into name: String, columns: [String], _ db: Database) throws {
        try db.connection.execute("CREATE TEMP TABLE \(name) (\(columns.joined(separator: ", ")))")
        let statement = try db.connection.prepare(
            "INSERT INTO \(name) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        for row in rows {
            let values: [SQLValue] = columns.map { column in
                switch row[column] {
                case let text as String: .text(text)
                case let number as NSNumber:
                    Double(number.int64Value) == number.doubleValue ? .integer(number.int64Value) : .real(number.doubleValue)
                default: .null
                }
            }
            try statement.bind(values)
            try statement.run()
        }
    }

    /// Rows of `sql` rendered as text, for failure messages (at most five).
    static func examples(_ db: Database, _ sql: String) throws -> [String] {
        try db.connection.rows(sql + " LIMIT 5").map { $0.map(\.description).joined(separator: " | ") }
    }

    static func hasView(_ db: Database, _ name: String) throws -> Bool {
        try db.connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = ?", [.text(name)]) != .integer(0)
    }

    /// `a` and `b` (ISO times or NULL) differ by more than a microsecond.
    static func timesDiffer(_ a: String, _ b: String) -> String {
        "((\(a) IS NULL) != (\(b) IS NULL) OR abs(julianday(\(a)) - julianday(\(b))) > 1e-11)"
    }

    @Test func ingestedTablesMatchTheTruth() throws {
        let run = try Self.simulateAndIngest()
        let db = run.db
        #expect(run.summary.rejects == 0)
        let totals = run.truth["totals"] as! [String: Int]
        #expect(run.summary.duplicates >= totals["duplicate_lines"]!)
        #expect(try db.connection.scalar("SELECT count(*) FROM pod_snapshots") == .integer(Int64(totals["pod_snapshots"]!)))
        let pods = run.truth["pods"] as! [[String: Any]]
        let columns = ["uid", "namespace", "name", "node", "workload_kind", "workload", "created_at", "scheduled_at", "started_at",
                       "ready_at", "deletion_requested_at", "grace_period_s", "deleted_at", "first_observed_at", "last_observed_at",
                       "final_phase", "final_status", "final_reason", "restarts", "qos_class", "snapshots", "memory_limit_bytes"]
        try Self.load(pods, into: "truth_pods", columns: columns, db)
        #expect(try db.connection.scalar("SELECT count(*) FROM pods") == .integer(Int64(pods.count)))
        for column in columns.dropFirst() {
            let differ = column.hasSuffix("_at")
                ? Self.timesDiffer("t.\(column)", "p.\(column)") : "t.\(column) IS NOT p.\(column)"
            let bad = try Self.examples(db, "SELECT t.uid, t.\(column), p.\(column) FROM truth_pods t LEFT JOIN pods p ON p.uid = t.uid WHERE \(differ)")
            #expect(bad.isEmpty, "pods.\(column) differs: \(bad)")
        }
        let reasons = (run.truth["events"] as! [String: Any])["occurrences_by_reason"] as! [String: Int]
        let stored = try db.connection.rows("SELECT reason, sum(count) FROM events GROUP BY reason")
        var counted: [String: Int] = [:]
        for row in stored { counted[row[0].description] = Int(row[1].description) }
        #expect(counted == reasons)
        let statuses = Set(try db.connection.rows("SELECT DISTINCT status FROM pod_snapshots").map { $0[0].description })
        #expect(statuses == Set(run.truth["statuses"] as! [String]))
        let kills = run.truth["oom_kills"] as! [[String: Any]]
        try Self.load(kills, into: "truth_oom", columns: ["pod_uid", "container", "killed_at"], db)
        let missing = try Self.examples(db, """
            SELECT t.pod_uid, t.container, t.killed_at FROM truth_oom t WHERE NOT EXISTS (SELECT 1 FROM container_terminations c
                WHERE c.pod_uid = t.pod_uid AND c.container = t.container AND julianday(c.finished_at) = julianday(t.killed_at))
            """)
        #expect(missing.isEmpty, "OOM kills not stored: \(missing)")
        #expect(try db.connection.scalar("SELECT count(*) FROM container_terminations WHERE reason = 'OOMKilled'") == .integer(Int64(kills.count)))
    }

    @Test func analysisViewsMatchTheTruth() throws {
        try Self.checkViews(try Self.simulateAndIngest())
    }

    /// Every analysis view checked against the truth.
    static func checkViews(_ run: Ingested) throws {
        let db = run.db
        let checks: [(view: String, check: () throws -> Void)] = [
            ("phase_durations", { try checkPhaseDurations(run) }),
            ("crash_loops", { try checkCrashLoops(run) }),
            ("evictions", { try checkEvictions(run) }),
            ("oom_kills", { try checkOOMKills(run) }),
            ("node_oom_events", { try checkNodeOOM(run) }),
            ("status_durations", { try checkStatusDurations(run) }),
            ("oom_rates", { try checkOOMRates(run) }),
            ("startup_sli", { try checkStartupSLI(run) }),
        ]
        for (view, check) in checks {
            #expect(try hasView(db, view), "no view \(view)")
            try check()
        }
    }

    static func checkPhaseDurations(_ run: Ingested) throws {
        let db = run.db
        let rows = (run.truth["pods"] as! [[String: Any]]).map { pod -> [String: Any] in
            var row = pod["durations"] as! [String: Any]
            row["uid"] = pod["uid"]
            row["image_pull_s"] = pod["image_pull_s"]
            return row
        }
        let columns = ["schedule_s", "image_pull_s", "start_s", "startup_s", "startup_no_pull_s", "pending_s", "running_s",
                       "terminating_s", "lifetime_s"]
        try load(rows, into: "truth_durations", columns: ["uid"] + columns, db)
        for column in columns {
            let bad = try examples(db, """
                SELECT t.uid, t.\(column), d.\(column) FROM truth_durations t LEFT JOIN phase_durations d ON d.pod_uid = t.uid
                WHERE (t.\(column) IS NULL) != (d.\(column) IS NULL) OR abs(t.\(column) - d.\(column)) > 0.001
                """)
            #expect(bad.isEmpty, "phase_durations.\(column) differs: \(bad)")
        }
    }

    static func checkCrashLoops(_ run: Ingested) throws {
        let db = run.db
        let episodes = run.truth["crash_loops"] as! [[String: Any]]
        try load(episodes, into: "truth_loops",
                 columns: ["pod_uid", "container", "started_at", "ended_at", "restarts", "backoff_events", "last_exit_code", "last_reason"], db)
        #expect(try db.connection.scalar("SELECT count(*) FROM crash_loops") == .integer(Int64(episodes.count)))
        let bad = try examples(db, """
            SELECT t.pod_uid, t.container, t.started_at, c.started_at, t.ended_at, c.ended_at, t.restarts, c.restarts,
                t.backoff_events, c.backoff_events
            FROM truth_loops t LEFT JOIN crash_loops c
                ON c.pod_uid = t.pod_uid AND c.container = t.container AND julianday(c.started_at) = julianday(t.started_at)
            WHERE c.pod_uid IS NULL OR \(timesDiffer("t.ended_at", "c.ended_at")) OR t.restarts != c.restarts
                OR t.backoff_events != c.backoff_events OR t.last_exit_code != c.last_exit_code OR t.last_reason != c.last_reason
            """)
        #expect(bad.isEmpty, "crash_loops differ: \(bad)")
    }

    static func checkEvictions(_ run: Ingested) throws {
        let db = run.db
        let evictions = run.truth["evictions"] as! [[String: Any]]
        try load(evictions, into: "truth_evictions", columns: ["pod_uid", "evicted_at", "cause", "resource"], db)
        let slack = 1e-11
        // Drains leave only the DisruptionTarget condition (EvictionByEvictionAPI): the run must have some.
        #expect(try db.connection.scalar("SELECT count(*) FROM truth_evictions WHERE cause = 'api-eviction'") != .integer(0))
        let expected = try db.connection.scalar("SELECT count(*) FROM truth_evictions")
        #expect(try db.connection.scalar("SELECT count(*) FROM evictions") == expected)
        let bad = try examples(db, """
            SELECT t.pod_uid, t.cause, e.cause, t.resource, e.resource, t.evicted_at, e.evicted_at
            FROM truth_evictions t LEFT JOIN evictions e ON e.pod_uid = t.pod_uid
            WHERE e.pod_uid IS NULL OR t.cause IS NOT e.cause OR t.resource IS NOT e.resource
                OR abs(julianday(t.evicted_at) - julianday(e.evicted_at)) > \(slack)
            """)
        #expect(bad.isEmpty, "evictions differ: \(bad)")
    }

    static func checkOOMKills(_ run: Ingested) throws {
        let db = run.db
        let kills = run.truth["oom_kills"] as! [[String: Any]]
        try load(kills, into: "truth_kills", columns: ["pod_uid", "container", "killed_at", "memory_limit"], db)
        #expect(try db.connection.scalar("SELECT count(*) FROM oom_kills") == .integer(Int64(kills.count)))
        let bad = try examples(db, """
            SELECT t.pod_uid, t.container, t.killed_at, t.memory_limit, o.memory_limit FROM truth_kills t LEFT JOIN oom_kills o
                ON o.pod_uid = t.pod_uid AND o.container = t.container AND julianday(o.killed_at) = julianday(t.killed_at)
            WHERE o.pod_uid IS NULL OR t.memory_limit IS NOT o.memory_limit
            """)
        #expect(bad.isEmpty, "oom_kills differ: \(bad)")
    }

    static func checkStatusDurations(_ run: Ingested) throws {
        let db = run.db
        var rows: [[String: Any]] = []
        for pod in run.truth["pods"] as! [[String: Any]] {
            for (status, seconds) in pod["status_seconds"] as! [String: Any] {
                rows.append(["uid": pod["uid"]!, "status": status, "seconds": seconds])
            }
        }
        try load(rows, into: "truth_status", columns: ["uid", "status", "seconds"], db)
        #expect(try db.connection.scalar("SELECT count(*) FROM status_durations") == .integer(Int64(rows.count)))
        let bad = try examples(db, """
            SELECT t.uid, t.status, t.seconds, s.seconds FROM truth_status t
            LEFT JOIN status_durations s ON s.pod_uid = t.uid AND s.status = t.status
            WHERE s.pod_uid IS NULL OR abs(t.seconds - s.seconds) > 0.001
            """)
        #expect(bad.isEmpty, "status_durations differ: \(bad)")
    }

    static func checkOOMRates(_ run: Ingested) throws {
        let db = run.db
        let rates = run.truth["oom_rates"] as! [[String: Any]]
        try load(rates, into: "truth_rates", columns: ["namespace", "workload", "container", "oom_kills", "container_starts", "running_s"], db)
        #expect(try db.connection.scalar("SELECT count(*) FROM oom_rates") == .integer(Int64(rates.count)))
        let bad = try examples(db, """
            SELECT t.namespace, t.workload, t.container, t.oom_kills, r.oom_kills, t.container_starts, r.container_starts,
                t.running_s, r.running_hours * 3600
            FROM truth_rates t LEFT JOIN oom_rates r
                ON r.namespace = t.namespace AND r.workload = t.workload AND r.container = t.container
            WHERE r.container IS NULL OR t.oom_kills != r.oom_kills OR t.container_starts != r.container_starts
                OR abs(t.running_s - r.running_hours * 3600) > 0.5
            """)
        #expect(bad.isEmpty, "oom_rates differ: \(bad)")
    }

    static func checkNodeOOM(_ run: Ingested) throws {
        let expected = ((run.truth["events"] as! [String: Any])["node_oom"] as! [String: Int])["total"]!
        #expect(try run.db.connection.scalar("SELECT sum(occurrences) FROM node_oom_events") == .integer(Int64(expected)))
    }

    @Test func sampleLogsShowEveryStatusOfTheSeedList() throws {
        let sample = TestSupport.packageRoot.appendingPathComponent("SampleLogs")
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [sample.path])
        #expect(summary.rejects == 0)
        let statuses = Set(try db.connection.rows("SELECT DISTINCT status FROM pod_snapshots").map { $0[0].description })
        #expect(statuses.isSuperset(of: SimulatorTests.seedStatuses), "missing: \(SimulatorTests.seedStatuses.subtracting(statuses))")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: sample.appendingPathComponent("truth.json"))) as! [String: Any]
        #expect(statuses == Set(truth["statuses"] as! [String]))
    }
}
