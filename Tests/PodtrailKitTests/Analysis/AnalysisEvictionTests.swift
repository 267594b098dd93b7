import Foundation
import Testing

@testable import PodtrailKit

/// Evictions and their causes over hand-built histories: each kubelet wording, preemption by
/// the scheduler and the kubelet, node shutdown, taint deletion and a drain.
struct AnalysisEvictionTests {
    typealias H = AnalysisHistory

    /// A bare pod in namespace `batch` running `worker` from 5 s (Ready at 6 s), then failed
    /// with `reason`/`message` and the container terminated at `at` (its observed_at).
    static func evicted(_ uid: String, reason: String, message: String, at: Int, condition: String? = nil) -> [String] {
        [
            H.pod(uid, name: uid, namespace: "batch", rv: 1, owner: nil, ready: (true, 6), containers: [H.container("worker", ready: true, running: 5)]),
            H.pod(uid, name: uid, namespace: "batch", rv: 2, owner: nil, phase: "Failed", reason: reason, message: message, ready: (true, 6),
                  containers: [H.container("worker", terminated: H.terminated(exit: 137, reason: "Error", started: 5, finished: at))],
                  disruption: condition.map { ($0, message, at) }),
        ]
    }

    /// A running bare pod `uid` whose deletion was requested at `deletion` (grace 30 s).
    static func deleted(_ uid: String, deletion: Int?, condition: (String, String)? = nil) -> [String] {
        [
            H.pod(uid, name: uid, namespace: "batch", rv: 1, owner: nil, ready: (true, 6), containers: [H.container("worker", ready: true, running: 5)]),
            H.pod(uid, name: uid, namespace: "batch", rv: 2, owner: nil, ready: (true, 6), deletion: deletion.map { ($0, 30) },
                  containers: [H.container("worker", ready: true, running: 5)],
                  disruption: condition.flatMap { c in deletion.map { (c.0, c.1, $0) } }),
        ]
    }

    static let oldWording = "The node was low on resource: memory. Container worker was using 1843Mi, which exceeds its request of 512Mi. "
    static let newWording = "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9Gi. Container worker was using 2Gi, request is 0, has larger consumption of ephemeral-storage. "

    static func history() -> [String] {
        evicted("worker-old", reason: "Evicted", message: oldWording, at: 100)
            + [H.event("ev-old", podUID: "worker-old", pod: "worker-old", namespace: "batch", reason: "Evicted", message: oldWording,
                       first: 98, component: "kubelet", type: "Warning")]
            + evicted("worker-new", reason: "Evicted", message: newWording, at: 200, condition: "TerminationByKubelet")
            + [H.event("ev-pids", podUID: "worker-pids", pod: "worker-pids", namespace: "batch", reason: "Evicted",
                       message: "(combined from similar events): The node was low on resource: pids. Threshold quantity: 100, available: 42. ",
                       first: 300, host: "node-c", type: "Warning")]
            + evicted("worker-limit", reason: "Evicted", message: #"Usage of EmptyDir volume "cache" exceeds the limit "1Gi". "#, at: 400)
            + evicted("worker-cond", reason: "Evicted", message: "The node had condition: [MemoryPressure]. ", at: 900)
            + deleted("low-prio", deletion: 500)
            + [H.event("pre", podUID: "low-prio", pod: "low-prio", namespace: "batch", reason: "Preempted",
                       message: "Preempted by pod 9f3c-uid on node node-a", first: 499, component: "default-scheduler")]
            + evicted("pre-kubelet", reason: "Preempting", message: "Preempted in order to admit critical pod", at: 600)
            + evicted("sd-1", reason: "Terminated", message: "Pod was terminated in response to imminent node shutdown.", at: 700)
            + deleted("tn-1", deletion: 800)
            + [H.event("tm-1", podUID: "tn-1", pod: "tn-1", namespace: "batch", reason: "TaintManagerEviction",
                       message: "Marking for deletion Pod batch/tn-1", first: 800, component: "taint-eviction-controller")]
            + deleted("tn-2", deletion: nil)
            + [H.event("tm-2", podUID: "tn-2", pod: "tn-2", namespace: "batch", reason: "TaintManagerEviction",
                       message: "Marking for deletion Pod batch/tn-2", first: 810, component: "taint-eviction-controller"),
               H.event("tm-3", podUID: "tn-2", pod: "tn-2", namespace: "batch", reason: "TaintManagerEviction",
                       message: "Cancelling deletion of Pod batch/tn-2", first: 815, component: "taint-eviction-controller")]
            + deleted("drained", deletion: 1000, condition: ("EvictionByEvictionAPI", "Eviction API: evicting"))
            + [H.event("kill-d", podUID: "drained", pod: "drained", namespace: "batch", reason: "Killing",
                       message: "Stopping container worker", first: 1000, container: "worker")]
    }

    @Test func classifiesEveryCauseOncePerPod() throws {
        let db = try H.ingest(Self.history())
        // worker-old: status (100 s) and event (98 s) count once, at the earlier 98 s.
        // tn-2's deletion was cancelled; the drained pod shows only its DisruptionTarget condition;
        // worker-new's TerminationByKubelet condition adds a source, the kubelet message decides.
        // worker-cond's "The node had condition: [MemoryPressure]" is the eviction manager's
        // admission refusal (eviction_manager.go Admit), not an eviction of a running pod.
        #expect(try H.rows(db, """
            SELECT pod, namespace, node, evicted_at, cause, resource, container, usage, request, threshold, available, sources
            FROM evictions ORDER BY pod
            """) == [
            "drained|batch|node-a|2026-11-27T02:16:40Z|api-eviction|||||||condition",
            "low-prio|batch|node-a|2026-11-27T02:08:19Z|preemption|||||||event",
            "pre-kubelet|batch|node-a|2026-11-27T02:10:00Z|preemption|||||||status",
            "sd-1|batch|node-a|2026-11-27T02:11:40Z|node-shutdown|||||||status",
            "tn-1|batch|node-a|2026-11-27T02:13:20Z|taint|||||||event",
            "worker-cond|batch|node-a|2026-11-27T02:15:00Z|admission-rejected|memory||||||status",
            "worker-limit|batch|node-a|2026-11-27T02:06:40Z|ephemeral-storage-limit|ephemeral-storage||||||status",
            "worker-new|batch|node-a|2026-11-27T02:03:20Z|disk-pressure|ephemeral-storage|worker|2Gi|0|10Gi|9Gi|status,condition",
            "worker-old|batch|node-a|2026-11-27T02:01:38Z|memory-pressure|memory|worker|1843Mi|512Mi|||status,event",
            "worker-pids|batch|node-c|2026-11-27T02:05:00Z|pid-pressure|pids||||100|42|event",
        ])
        #expect(try H.rows(db, "SELECT message FROM evictions WHERE pod IN ('worker-old', 'worker-pids', 'low-prio') ORDER BY pod") == [
            "Preempted by pod 9f3c-uid on node node-a", Self.oldWording,
            "The node was low on resource: pids. Threshold quantity: 100, available: 42. ",
        ])
    }

    @Test func aggregatesEvictionsByCauseNodeAndDay() throws {
        let db = try H.ingest(Self.history())
        #expect(try H.rows(db, "SELECT namespace, cause, evictions FROM eviction_causes ORDER BY cause") == [
            "batch|admission-rejected|1", "batch|api-eviction|1", "batch|disk-pressure|1", "batch|ephemeral-storage-limit|1",
            "batch|memory-pressure|1", "batch|node-shutdown|1",
            "batch|pid-pressure|1", "batch|preemption|2", "batch|taint|1",
        ])
        #expect(try H.rows(db, "SELECT node, sum(evictions) FROM eviction_nodes GROUP BY node ORDER BY node") == [
            "node-a|9", "node-c|1",
        ])
        #expect(try H.rows(db, "SELECT day, sum(evictions) FROM eviction_days GROUP BY day") == ["2026-11-27|10"])
    }
}

/// Adding an eviction cause is a change to `Queries/evictions.sql` (its doc line and its tests)
/// and nothing else: no migration, no Swift. Shown with a scratch cause: the shipped rule with
/// `node-lost` renamed, installed into a database of SampleLogs, then `rebuild`; and so is a
/// column added to the view (its cache takes the column, no migration and no column list).
@Suite struct AddingAnEvictionCauseTests {
    @Test func aCauseChangedInEvictionsSQLReachesTheViewsTheCachesAndTheReport() throws {
        let root = TestSupport.packageRoot
        let db = try Database(path: TestSupport.temporaryFolder().appendingPathComponent("scratch.sqlite").path)
        _ = try Ingestor(database: db).ingest(paths: [root.appendingPathComponent("SampleLogs").path])
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM evictions WHERE cause = 'node-lost'") == ["14"])

        let shipped = try #require(Database.viewDefinitions.first { $0.name == "evictions" }).sql
        let line = "WHEN p.node_lost THEN 'node-lost'"
        #expect(shipped.components(separatedBy: line).count == 2)
        try db.connection.execute(shipped.replacingOccurrences(of: line, with: "WHEN p.node_lost THEN 'scratch-node-unreachable'"))
        try db.rebuild()

        #expect(try TestSupport.rows(db, "SELECT count(*) FROM evictions_cache WHERE cause = 'scratch-node-unreachable'") == ["14"])
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM evictions WHERE cause = 'node-lost'") == ["0"])
        #expect(try TestSupport.rows(db, "SELECT sum(evictions) FROM eviction_causes WHERE cause = 'scratch-node-unreachable'") == ["14"])
        let files = try ReportBuilder(database: db, scope: ReportScope()).build()
        let report = try #require(files.first { $0.name == "report.md" }).text
        let csv = try #require(files.first { $0.name == "evictions.csv" }).text
        #expect(report.contains("scratch-node-unreachable"))
        #expect(csv.components(separatedBy: "scratch-node-unreachable").count - 1 == 14)
    }

    @Test func aColumnAddedToEvictionsSQLReachesTheViewAndItsCache() throws {
        let root = TestSupport.packageRoot
        let db = try Database(path: TestSupport.temporaryFolder().appendingPathComponent("scratch.sqlite").path)
        _ = try Ingestor(database: db).ingest(paths: [root.appendingPathComponent("SampleLogs").path])
        let evictions = try TestSupport.rows(db, "SELECT count(*) FROM evictions")

        let shipped = try #require(Database.viewDefinitions.first { $0.name == "evictions" }).sql
        let line = "    c.sources\nFROM classified c"
        #expect(shipped.components(separatedBy: line).count == 2)
        try db.connection.execute(shipped.replacingOccurrences(
            of: line, with: "    c.sources,\n    upper(c.cause) AS scratch_cause\nFROM classified c"))
        try db.rebuild()

        #expect(try TestSupport.rows(db, "SELECT count(*) FROM evictions_cache WHERE scratch_cause = upper(cause)") == evictions)
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM evictions WHERE scratch_cause = upper(cause)") == evictions)
        #expect(try TestSupport.rows(db, "SELECT name FROM pragma_table_info('evictions') ORDER BY cid").last == "scratch_cause")
        // The cache made anew keeps its time index.
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'evictions_cache_evicted'") == ["1"])
    }
}
