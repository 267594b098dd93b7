import Testing

@testable import PodtrailKit

/// OOM kills, OOM rates, node-level OOM, a StatefulSet name reused by a new uid, and an
/// ImagePullBackOff pod, over hand-built histories.
struct AnalysisOOMTests {
    typealias H = AnalysisHistory
    static let sts = (kind: "StatefulSet", name: "db")

    /// StatefulSet pod data/db-0 (uid oom-1, node-b, limit 512Mi): container `db` runs 3–63 s
    /// (OOMKilled), 73–133 s (OOMKilled, seen in state then lastState), 143 s until the pod is
    /// deleted (requested 200 s, grace 10 s; exit 143 at 205 s). Then db-0 again with uid
    /// db-new, created 300 s, running from 310 s, Ready 312 s. Node events: SystemOOM (count 2)
    /// and OOMKilling on node-b. Events without a uid: Killing at 200 s, Scheduled at 301 s.
    static func oomTwiceThenReplaced() -> [String] {
        func old(_ rv: Int, ready: (Bool, Int), deletion: (Int, Int)? = nil, _ container: String) -> String {
            H.pod("oom-1", name: "db-0", namespace: "data", rv: rv, owner: sts, node: "node-b", ready: ready, deletion: deletion,
                  containers: [container], memoryLimit: "512Mi")
        }
        func new(_ rv: Int, phase: String = "Running", ready: (Bool, Int), _ container: String) -> String {
            H.pod("db-new", name: "db-0", namespace: "data", rv: rv, created: 300, owner: sts, node: "node-c", phase: phase,
                  scheduled: 301, ready: ready, containers: [container], memoryLimit: "512Mi")
        }
        let oom0 = H.terminated(exit: 137, reason: "OOMKilled", started: 3, finished: 63)
        let oom1 = H.terminated(exit: 137, reason: "OOMKilled", started: 73, finished: 133)
        let stop = H.terminated(exit: 143, reason: "Error", started: 143, finished: 205)
        return [
            old(1, ready: (true, 4), H.container("db", ready: true, running: 3)),
            old(2, ready: (false, 63), H.container("db", restarts: 1, waiting: "CrashLoopBackOff", last: oom0)),
            old(3, ready: (false, 63), H.container("db", restarts: 1, running: 73, last: oom0)),
            old(4, ready: (false, 63), H.container("db", restarts: 1, terminated: oom1, last: oom0)),
            old(5, ready: (true, 150), H.container("db", restarts: 2, ready: true, running: 143, last: oom1)),
            old(6, ready: (true, 150), deletion: (200, 10), H.container("db", restarts: 2, ready: true, running: 143, last: oom1)),
            H.deleted(old(7, ready: (false, 205), deletion: (200, 10), H.container("db", restarts: 2, terminated: stop, last: oom1))),
            new(20, phase: "Pending", ready: (false, 301), H.container("db")),
            new(21, ready: (true, 312), H.container("db", ready: true, running: 310)),
            H.event("kill", podUID: nil, pod: "db-0", namespace: "data", reason: "Killing", message: "Stopping container db", first: 200),
            H.event("sched", podUID: nil, pod: "db-0", namespace: "data", reason: "Scheduled",
                    message: "Successfully assigned data/db-0 to node-c", first: 301, component: "default-scheduler"),
            H.event("sysoom", podUID: "node-b-uid", pod: "node-b", namespace: "default", kind: "Node", reason: "SystemOOM",
                    message: "System OOM encountered, victim process: java, pid: 4242", count: 2, first: 60, last: 130,
                    host: "node-b", type: "Warning"),
            H.event("npd", podUID: "node-b-uid", pod: "node-b", namespace: "default", kind: "Node", reason: "OOMKilling",
                    message: "Memory cgroup out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:500kB, file-rss:0kB, shmem-rss:0kB",
                    first: 63, component: "kernel-monitor", host: "node-b", type: "Warning"),
        ]
    }

    @Test func eachContainerOOMKillIsOneRow() throws {
        let db = try H.ingest(Self.oomTwiceThenReplaced())
        #expect(try H.rows(db, "SELECT pod_uid, namespace, pod, workload, node, container, killed_at, exit_code, memory_limit FROM oom_kills ORDER BY killed_at") == [
            "oom-1|data|db-0|db|node-b|db|2026-11-27T02:01:03Z|137|536870912",
            "oom-1|data|db-0|db|node-b|db|2026-11-27T02:02:13Z|137|536870912",
        ])
    }

    @Test func oomRatesCountStartsAndRunningTimeOverBothUIDs() throws {
        let db = try H.ingest(Self.oomTwiceThenReplaced())
        // Runs 3–63, 73–133, 143–205 (oom-1) and 310–312 (db-new, last seen): 4 starts, 184 s.
        // 100 * 2 / 4 = 50; 2 / (184 / 3600) = 39.130435.
        #expect(try H.rows(db, "SELECT namespace, workload, container, oom_kills, container_starts, running_hours, oom_per_100_starts, oom_per_container_hour FROM oom_rates") == [
            "data|db|db|2|4|0.051111|50.0|39.130435"
        ])
    }

    @Test func nodeOOMEventsStayApartFromContainerKills() throws {
        let db = try H.ingest(Self.oomTwiceThenReplaced())
        #expect(try H.rows(db, "SELECT node, reason, occurrences, first_seen, victim FROM node_oom_events ORDER BY reason") == [
            "node-b|OOMKilling|1|2026-11-27T02:01:03Z|java",
            "node-b|SystemOOM|2|2026-11-27T02:01:00Z|java",
        ])
        #expect(try db.connection.scalar("SELECT count(*) FROM oom_kills").int == 2)
    }

    @Test func aReusedStatefulSetNameKeepsEachUIDApart() throws {
        let db = try H.ingest(Self.oomTwiceThenReplaced())
        // Events without a uid go to the newest db-0 created at or before them.
        #expect(try H.rows(db, "SELECT reason, pod_uid FROM pod_events ORDER BY reason") == [
            "Killing|oom-1", "Scheduled|db-new",
        ])
        // oom-1: first seen Running (pending unknown), ready at 4 s, deleted 205 s.
        // db-new: created 300, scheduled 301 (the Scheduled event, same second), running 310, Ready 312.
        #expect(try H.rows(db, """
            SELECT pod_uid, schedule_s, start_s, startup_s, pending_s, running_s, terminating_s, lifetime_s
            FROM phase_durations ORDER BY created_at
            """) == [
            "oom-1|1.0|2.0|4.0||201.0|5.0|205.0",
            "db-new|1.0|9.0|12.0|12.0|0.0||12.0",
        ])
        // The crash loop belongs to oom-1 only: CrashLoopBackOff at 63 s until deletion at
        // 205 s; kills at 63 and 133 s (the exit at 205 s follows the deletion request).
        #expect(try H.rows(db, "SELECT pod_uid, started_at, ended_at, duration_s, restarts, last_reason, ended_by FROM crash_loops") == [
            "oom-1|2026-11-27T02:01:03Z|2026-11-27T02:03:25Z|142.0|2|OOMKilled|deleted"
        ])
    }

    /// A pod whose image cannot be pulled: ErrImagePull, then ImagePullBackOff with image
    /// back-off Events (reason BackOff, count 6); it never runs and is deleted at 120 s.
    static func imagePullBackOff() -> [String] {
        func pod(_ rv: Int, deletion: (Int, Int)? = nil, _ waiting: String, ready: Int) -> String {
            H.pod("pull-1", name: "web-7d4b9c6f5d-zzzzz", rv: rv, phase: "Pending", ready: (false, ready), deletion: deletion,
                  containers: [H.container(waiting: waiting)])
        }
        return [
            pod(1, "ContainerCreating", ready: 1),
            pod(2, "ErrImagePull", ready: 10),
            pod(3, "ImagePullBackOff", ready: 20),
            pod(4, deletion: (120, 0), "ImagePullBackOff", ready: 20),
            H.deleted(pod(5, deletion: (120, 0), "ImagePullBackOff", ready: 20)),
            H.event("ipb", podUID: "pull-1", pod: "web-7d4b9c6f5d-zzzzz", reason: "BackOff", message: #"Back-off pulling image "app:404""#,
                    count: 6, first: 20, last: 110, container: "app"),
            H.event("fail", podUID: "pull-1", pod: "web-7d4b9c6f5d-zzzzz", reason: "Failed", message: "Error: ImagePullBackOff",
                    count: 6, first: 20, last: 110, container: "app", type: "Warning"),
        ]
    }

    @Test func imagePullBackOffIsNoCrashLoop() throws {
        let db = try H.ingest(Self.imagePullBackOff())
        #expect(try db.connection.scalar("SELECT count(*) FROM crash_loops").int == 0)
        #expect(try db.connection.scalar("SELECT count(*) FROM container_runs").int == 0)
        // ContainerCreating 0–10, ErrImagePull 10–20, ImagePullBackOff 20–120; the snapshot
        // with the deletion request (grace 0) is observed at 120 s, as is the DELETED record,
        // so Terminating lasts 0 s.
        #expect(try H.rows(db, "SELECT status, seconds FROM status_durations ORDER BY first_seen_at, status") == [
            "ContainerCreating|10.0", "ErrImagePull|10.0", "ImagePullBackOff|100.0", "Terminating|0.0",
        ])
        #expect(try H.rows(db, "SELECT image_pull_s, start_s, startup_s, pending_s, running_s, terminating_s, lifetime_s FROM phase_durations") == [
            "|||120.0||0.0|120.0"
        ])
    }
}
