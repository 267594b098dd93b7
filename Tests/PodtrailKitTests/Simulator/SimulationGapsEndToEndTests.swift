import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// simulate with the opt-in archive gaps (late pods, an events-only hour, same-second events)
/// → ingest → every analysis view against `truth.json`, and the gaps' situations really occur.
struct SimulationGapsEndToEndTests {
    typealias E2E = SimulationEndToEndTests

    /// Seed 7, 5 hours, 90 pods an hour, 4 nodes; 35 % late pods, hour 2 events only, same-second events.
    static var options: SimulationOptions {
        var options = SimulationOptions()
        (options.seed, options.hours, options.podsPerHour, options.nodes) = (7, 5, 90, 4)
        options.latePodsPercent = 35
        options.eventsOnlyHours = 2..<3
        options.sameSecondEvents = true
        return options
    }

    @Test func analysisViewsMatchTheTruthWithArchiveGaps() throws {
        let run = try E2E.simulateAndIngest(Self.options)
        #expect(run.summary.rejects == 0)
        try E2E.checkViews(run)
        try Self.checkPods(run)
        try Self.checkNotes(run)
        try Self.checkSituations(run)
    }

    /// The `pods` rows: every column for pods with snapshots; identity, no snapshot and no
    /// observed times for the pods known only from events.
    static func checkPods(_ run: E2E.Ingested) throws {
        let db = run.db
        let pods = run.truth["pods"] as! [[String: Any]]
        let columns = ["uid", "namespace", "name", "node", "workload_kind", "workload", "created_at", "scheduled_at", "started_at",
                       "ready_at", "deletion_requested_at", "grace_period_s", "deleted_at", "first_observed_at", "last_observed_at",
                       "final_phase", "final_status", "final_reason", "restarts", "qos_class", "snapshots", "memory_limit_bytes"]
        try E2E.load(pods, into: "truth_gap_pods", columns: columns, db)
        #expect(try db.connection.scalar("SELECT count(*) FROM pods") == .integer(Int64(pods.count)))
        for column in columns.dropFirst() {
            let differ = column.hasSuffix("_at") ? E2E.timesDiffer("t.\(column)", "p.\(column)") : "t.\(column) IS NOT p.\(column)"
            let bad = try E2E.examples(db, """
                SELECT t.uid, t.\(column), p.\(column) FROM truth_gap_pods t LEFT JOIN pods p ON p.uid = t.uid
                WHERE t.snapshots > 0 AND \(differ)
                """)
            #expect(bad.isEmpty, "pods.\(column) differs: \(bad)")
        }
        let eventPods = try E2E.examples(db, """
            SELECT t.uid FROM truth_gap_pods t LEFT JOIN pods p ON p.uid = t.uid
            WHERE t.snapshots = 0 AND (p.uid IS NULL OR p.snapshots != 0 OR p.namespace != t.namespace OR p.name != t.name
                OR p.created_at IS NOT NULL OR p.first_observed_at IS NOT NULL OR p.ready_at IS NOT NULL)
            """)
        #expect(eventPods.isEmpty, "pods known from events differ: \(eventPods)")
    }

    /// `phase_durations.notes` carries exactly the truth's phrases, pod by pod.
    static func checkNotes(_ run: E2E.Ingested) throws {
        let db = run.db
        let rows = (run.truth["pods"] as! [[String: Any]]).map { pod -> [String: Any] in
            ["uid": pod["uid"]!, "notes": (pod["notes"] as! [String]).joined(separator: "; ")]
        }
        try E2E.load(rows, into: "truth_notes", columns: ["uid", "notes"], db)
        for phrase in ["known from events only", "first Ready unknown", "first start unknown"] {
            let bad = try E2E.examples(db, """
                SELECT t.uid, t.notes, d.notes FROM truth_notes t LEFT JOIN phase_durations d ON d.pod_uid = t.uid
                WHERE (instr(t.notes, '\(phrase)') > 0) != (ifnull(instr(d.notes, '\(phrase)'), 0) > 0)
                """)
            #expect(bad.isEmpty, "notes '\(phrase)' differ: \(bad)")
        }
    }

    /// The gaps produced what they are for, in the numbers the truth counted, and crash-loop
    /// episodes match on the columns that may be NULL too.
    static func checkSituations(_ run: E2E.Ingested) throws {
        let db = run.db
        let totals = run.truth["totals"] as! [String: Int]
        func count(_ sql: String) throws -> Int {
            guard case .integer(let n) = try db.connection.scalar(sql) else { return -1 }
            return Int(n)
        }
        #expect(totals["pods_first_seen_after_restarts"]! >= 5)
        let firstSeenAfterRestarts = try count("""
            SELECT count(*) FROM pods p WHERE (SELECT s.restarts FROM pod_snapshots s WHERE s.pod_uid = p.uid
                ORDER BY julianday(s.observed_at), CAST(s.resource_version AS INTEGER) LIMIT 1) > 0
            """)
        #expect(firstSeenAfterRestarts == totals["pods_first_seen_after_restarts"]!)
        #expect(totals["pods_first_ready_unknown"]! >= 3)
        #expect(try count("SELECT count(*) FROM phase_durations WHERE notes LIKE '%first Ready unknown%'")
            == totals["pods_first_ready_unknown"]!)
        #expect(try count("SELECT count(*) FROM phase_durations WHERE ready_at IS NULL AND notes LIKE '%first Ready unknown%' AND startup_s IS NULL")
            == totals["pods_first_ready_unknown"]!)
        #expect(totals["pods_first_start_unknown"]! >= 1)
        #expect(try count("SELECT count(*) FROM pods WHERE started_at IS NULL AND first_start_unknown = 1")
            == totals["pods_first_start_unknown"]!)
        #expect(totals["pods_known_from_events"]! >= 3)
        #expect(try count("SELECT count(*) FROM pods WHERE snapshots = 0") == totals["pods_known_from_events"]!)
        #expect(totals["crash_loops_unknown_restarts"]! >= 1)
        #expect(try count("SELECT count(*) FROM crash_loops WHERE restarts IS NULL") == totals["crash_loops_unknown_restarts"]!)
        let loops = try E2E.examples(db, """
            SELECT t.pod_uid, t.restarts, c.restarts, t.last_exit_code, c.last_exit_code, t.last_reason, c.last_reason
            FROM truth_loops t JOIN crash_loops c
                ON c.pod_uid = t.pod_uid AND c.container = t.container AND julianday(c.started_at) = julianday(t.started_at)
            WHERE t.restarts IS NOT c.restarts OR t.last_exit_code IS NOT c.last_exit_code OR t.last_reason IS NOT c.last_reason
            """)
        #expect(loops.isEmpty, "crash_loops differ: \(loops)")
        // µs Scheduled (events.k8s.io eventTime) and whole-second kubelet events of one pod in one second.
        #expect(totals["pods_same_second_events"]! >= 20)
        #expect(try count("""
            SELECT count(DISTINCT s.object_uid) FROM events s JOIN events k ON k.object_uid = s.object_uid
            WHERE s.object_kind = 'Pod' AND s.reason = 'Scheduled' AND s.first_seen LIKE '%.%' AND k.source_component = 'kubelet'
                AND k.first_seen NOT LIKE '%.%' AND substr(k.first_seen, 1, 19) = substr(s.first_seen, 1, 19)
            """) == totals["pods_same_second_events"]!)
    }
}
