import Testing

@testable import PodtrailKit

/// Crash-loop episodes, phase and status durations over hand-built histories.
struct AnalysisCrashLoopTests {
    typealias H = AnalysisHistory
    static let name = "web-7d4b9c6f5d-abcde"

    /// A Deployment pod whose container `app` crashes three times (runs 5–10, 20–25, 45–50 s,
    /// exit 1), is seen in CrashLoopBackOff at 10, 25 and 50 s, then runs from 90 s until
    /// the pod is deleted (requested at 1000 s, grace 30 s, gone at 1002 s). Ready at 95 s,
    /// scheduled at 1 s (Scheduled event at 1.25 s), image pulled at 4 s in 1.5 s
    /// (2 s including waiting). One restart back-off Event (count 3) and one image-pull
    /// back-off Event (count 4, same reason BackOff) inside the episode.
    static func crashThreeTimesThenRecover() -> [String] {
        let uid = "crash-1"
        func pod(_ rv: Int, phase: String = "Running", ready: (Bool, Int) = (false, 1), deletion: (Int, Int)? = nil, _ container: String) -> String {
            H.pod(uid, name: name, rv: rv, phase: phase, ready: ready, deletion: deletion, containers: [container])
        }
        let fail0 = H.terminated(exit: 1, reason: "Error", started: 5, finished: 10)
        let fail1 = H.terminated(exit: 1, reason: "Error", started: 20, finished: 25)
        let fail2 = H.terminated(exit: 1, reason: "Error", started: 45, finished: 50)
        let end = H.terminated(exit: 0, reason: "Completed", started: 90, finished: 1002)
        return [
            pod(1, phase: "Pending", H.container()),
            pod(2, H.container(running: 5)),
            pod(4, H.container(restarts: 1, waiting: "CrashLoopBackOff", last: fail0)),
            pod(5, H.container(restarts: 1, running: 20, last: fail0)),
            pod(6, H.container(restarts: 2, waiting: "CrashLoopBackOff", last: fail1)),
            pod(7, H.container(restarts: 2, running: 45, last: fail1)),
            pod(8, H.container(restarts: 3, waiting: "CrashLoopBackOff", last: fail2)),
            pod(9, ready: (true, 95), H.container(restarts: 3, ready: true, running: 90, last: fail2)),
            pod(10, ready: (true, 95), deletion: (1000, 30), H.container(restarts: 3, ready: true, running: 90, last: fail2)),
            H.deleted(pod(11, phase: "Succeeded", ready: (false, 1002), deletion: (1000, 30), H.container(restarts: 3, terminated: end, last: fail2))),
            H.newEvent("sched-1", podUID: uid, pod: name, reason: "Scheduled", note: "Successfully assigned shop/\(name) to node-a", at: 1, fraction: "250000"),
            H.event("pull-1", podUID: uid, pod: name, reason: "Pulled",
                    message: #"Successfully pulled image "app:1" in 1.5s (2s including waiting). Image size: 1234 bytes."#, first: 4, container: "app"),
            H.event("pull-2", podUID: uid, pod: name, reason: "Pulled",
                    message: #"Container image "app:1" already present on machine"#, count: 3, first: 20, last: 90, container: "app"),
            H.event("backoff-1", podUID: uid, pod: name, reason: "BackOff",
                    message: "Back-off restarting failed container app in pod \(name)_shop(\(uid))", count: 3, first: 11, last: 51,
                    container: "app", type: "Warning"),
            H.event("backoff-image", podUID: uid, pod: name, reason: "BackOff", message: #"Back-off pulling image "app:1""#,
                    count: 4, first: 12, last: 40, container: "app"),
        ]
    }

    @Test func crashLoopThreeTimesThenRecoveryIsOneEpisode() throws {
        let db = try H.ingest(Self.crashThreeTimesThenRecover())
        // Starts at the first CrashLoopBackOff snapshot (10 s); run 90 s lasted 912 s, so the
        // episode ends at 90 + 600 = 690 s (02:11:30); terminations at 10, 25, 50 s; only the
        // restart back-off Event counts (3), not the image-pull one (4).
        #expect(try H.rows(db, """
            SELECT namespace, workload, container, started_at, ended_at, duration_s, restarts, backoff_events,
                last_exit_code, last_reason, first_failure_at, ended_by FROM crash_loops
            """) == [
            "shop|web|app|2026-11-27T02:00:10Z|2026-11-27T02:11:30Z|680.0|3|3|1|Error|2026-11-27T02:00:10Z|recovered"
        ])
    }

    @Test func phaseDurationsOfTheCrashLoopingPod() throws {
        let db = try H.ingest(Self.crashThreeTimesThenRecover())
        // schedule 1.25 (event 02:00:01.25 refines the condition's 02:00:01); pull 2 s (the
        // "including waiting" figure; "already present" adds 0); start 5 - 1.25; startup 95;
        // pending 0–5; running 5–1002; terminating 1000–1002; lifetime 0–1002.
        #expect(try H.rows(db, """
            SELECT scheduled_at, schedule_s, image_pull_s, start_s, startup_s, startup_no_pull_s, pending_s, running_s,
                terminating_s, lifetime_s FROM phase_durations
            """) == ["2026-11-27T02:00:01.250000Z|1.25|2.0|3.75|95.0|93.0|5.0|997.0|2.0|1002.0"])
    }

    @Test func statusDurationsOfTheCrashLoopingPod() throws {
        let db = try H.ingest(Self.crashThreeTimesThenRecover())
        // Snapshots are placed at their observed_at (the latest time inside): the one running
        // since 90 s also says Ready at 95 s, so it is observed at 95 s.
        // ContainerCreating 0–5; Running 5–10, 20–25, 45–50, 95–1000; CrashLoopBackOff 10–20,
        // 25–45, 50–95; Terminating 1000–1002 (the DELETED record itself adds nothing).
        #expect(try H.rows(db, "SELECT status, seconds, segments FROM status_durations ORDER BY status") == [
            "ContainerCreating|5.0|1", "CrashLoopBackOff|75.0|3", "Running|920.0|4", "Terminating|2.0|1",
        ])
    }

    @Test func crashLoopWorkloadAggregates() throws {
        let db = try H.ingest(Self.crashThreeTimesThenRecover())
        // 680 s = 0.188889 h; pod lifetime 1002 s = 0.278333 h; RESTARTS 3 / 0.278333 h.
        #expect(try H.rows(db, """
            SELECT workload, episodes, pods, restarts, backoff_events, crash_looping_hours, pod_hours, pod_restarts,
                restarts_per_pod_hour FROM crash_loop_workloads
            """) == ["web|1|1|3|3|0.188889|0.278333|3|10.778443"])
    }

    /// A container that loops (fails at 10 s, CrashLoopBackOff at 10 s), recovers (runs
    /// 20–720 s), loops again (fails at 720 s, CrashLoopBackOff at 720 s) and is running again
    /// from 740 s when last seen at 800 s. Event A (count 5) spans 11–730 s, across both
    /// episodes; Event B (count 2) spans 12–15 s.
    static func twoEpisodes() -> [String] {
        let uid = "twice-1"
        func pod(_ rv: Int, ready: (Bool, Int) = (false, 1), _ container: String) -> String {
            H.pod(uid, name: name, rv: rv, ready: ready, containers: [container])
        }
        let fail0 = H.terminated(exit: 2, reason: "Error", started: 5, finished: 10)
        let fail1 = H.terminated(exit: 137, reason: "OOMKilled", started: 20, finished: 720)
        return [
            pod(1, H.container(running: 5)),
            pod(2, H.container(restarts: 1, waiting: "CrashLoopBackOff", last: fail0)),
            pod(3, H.container(restarts: 1, running: 20, last: fail0)),
            pod(4, H.container(restarts: 2, waiting: "CrashLoopBackOff", last: fail1)),
            pod(5, ready: (true, 800), H.container(restarts: 2, ready: true, running: 740, last: fail1)),
            H.event("a", podUID: uid, pod: name, reason: "BackOff",
                    message: "(combined from similar events): Back-off restarting failed container app in pod \(name)_shop(\(uid))",
                    count: 5, first: 11, last: 730, container: "app"),
            H.event("b", podUID: uid, pod: name, reason: "BackOff",
                    message: "Back-off restarting failed container app in pod \(name)_shop(\(uid))", count: 2, first: 12, last: 15),
        ]
    }

    @Test func anEventSpanningTwoEpisodesGoesToTheLaterOne() throws {
        let db = try H.ingest(Self.twoEpisodes())
        // Episode 1: 10 s → 20 + 600 = 620 s, one termination (10 s), Event B (its container
        // read from the message). Episode 2: 720 s → last seen 800 s (open), one termination
        // (720 s), Event A (last_seen 730 s falls in it).
        #expect(try H.rows(db, """
            SELECT started_at, ended_at, duration_s, restarts, backoff_events, last_exit_code, last_reason, ended_by
            FROM crash_loops ORDER BY started_at
            """) == [
            "2026-11-27T02:00:10Z|2026-11-27T02:10:20Z|610.0|1|2|2|Error|recovered",
            "2026-11-27T02:12:00Z|2026-11-27T02:13:20Z|80.0|1|5|137|OOMKilled|open",
        ])
    }
}
