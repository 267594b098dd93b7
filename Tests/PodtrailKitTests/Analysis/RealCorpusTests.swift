import Foundation
import Testing

@testable import PodtrailKit

/// Every data rule on objects captured from real clusters (`Fixtures/real/`: each file's origin
/// is in its README, each object's facts in FACTS.md). Each expectation is derived by hand
/// from those facts; the comment says how.
struct RealCorpusTests {
    /// Ingests the named files of `Fixtures/real/` (all of them, fragments aside, when none).
    static func ingest(_ names: String...) throws -> Database {
        let folder = try #require(Bundle.module.url(forResource: "real", withExtension: nil, subdirectory: "Fixtures"))
        let files = try names.isEmpty
            ? FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            : names
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db, options: IngestOptions(cluster: "real"))
            .ingest(paths: files.map { folder.appendingPathComponent($0).path })
        #expect(summary.rejects == 0, "rejects in \(files)")
        return db
    }

    static func rows(_ db: Database, _ sql: String) throws -> [String] { try TestSupport.rows(db, sql) }

    @Test func aPodFirstSeenAfterTwentyRestartsHasNoFirstReadyOrFirstStart() throws {
        // kairosdb: created 2018-01-30T10:03:37Z, restartCount 20, running since 2018-02-27T07:28:45Z
        // and Ready since that same second: the 21st run's Ready, four weeks after creation. The
        // first Ready and the first run are hidden by the restarts: startup_s and start_s are
        // NULL (this pod alone once made a report's p90 startup read 27.9 days).
        let db = try Self.ingest("fluentbit-pod-kairosdb-restarts.json")
        #expect(try Self.rows(db, "SELECT started_at, ready_at, ready_transition_at, ready_transition_restarts, first_start_unknown FROM pods") == [
            "||2018-02-27T07:28:45Z|20|1"
        ])
        #expect(try Self.rows(db, "SELECT startup_s, start_s, notes FROM phase_durations") == [
            "||first Ready unknown (first seen Ready after restarts); first start unknown (first seen after a container restart)"
        ])
    }

    @Test func readyWithoutRestartsIsTheFirstReady() throws {
        // t1 (kind cluster): created and scheduled 15:59:24, its one container running since
        // 15:59:31 with no restart, Ready at 15:59:32: start 7 s, startup 8 s.
        let db = try Self.ingest("kubectlneat-pod-list.json")
        #expect(try Self.rows(db, "SELECT start_s, startup_s, notes FROM phase_durations WHERE pod = 't1'") == ["7.0|8.0|"])
    }

    @Test func oneRestartBeforeReadyHidesTheFirstReadyButNotTheFirstStart() throws {
        // prometheus-k8s-0: containers started 16:15:21–23; `prometheus` exited 2 at 16:15:21
        // (a config race), restarted once and runs since 16:15:23; Ready at 16:15:28 with
        // RESTARTS 1 and no earlier observation: the first Ready is unknown. The first start is
        // known: every container shows its first run (thanos-sidecar and the terminated run of
        // prometheus, both 16:15:21).
        let db = try Self.ingest("insights-pod-statefulset-restart.json")
        #expect(try Self.rows(db, "SELECT started_at, startup_s, notes FROM phase_durations") == [
            "2021-07-07T16:15:21Z||first Ready unknown (first seen Ready after restarts)"
        ])
    }

    @Test func aContainerThatCouldNotRunIsNoRun() throws {
        // init-demo: `nginx` cannot exec "wge": lastState ContainerCannotRun, exit 127, startedAt
        // equal to finishedAt (03:33:15), restartCount 4, now waiting in CrashLoopBackOff. The
        // termination is kept (a restart) without a start; it is no run, and the pod never ran.
        let db = try Self.ingest("troubleshoot-pod-crashloop.json")
        #expect(try Self.rows(db, "SELECT started_at, finished_at, exit_code, reason FROM container_terminations") == [
            "|2023-07-11T03:33:15Z|127|ContainerCannotRun"
        ])
        #expect(try Self.rows(db, "SELECT count(*) FROM container_runs") == ["0"])
        #expect(try Self.rows(db, "SELECT started_at, final_status FROM pods") == ["|CrashLoopBackOff"])
    }

    @Test func anOOMKillInItsFirstSecondStillRan() throws {
        // oom-kill-job3: `memory-eater` OOMKilled, exit 137, startedAt == finishedAt 04:43:25. It
        // did run (the kernel killed it; only start failures are no run): one run of 0 s, one
        // OOM kill at 04:43:25.
        let db = try Self.ingest("troubleshoot-pod-oomkilled-job.json")
        #expect(try Self.rows(db, "SELECT container, started_at, running_s, terminated FROM container_runs") == [
            "memory-eater|2023-07-11T04:43:25Z|0.0|1"
        ])
        #expect(try Self.rows(db, "SELECT container, killed_at FROM oom_kills") == ["memory-eater|2023-07-11T04:43:25Z"])
    }

    @Test func backOffEventsAloneProveACrashLoop() throws {
        // init-demo2 in the mixed EventList is known only from events: the kubelet's "Back-off
        // restarting failed container" for init container `install`, count 1464, first
        // 2023-07-09T23:56:01Z, last 2023-07-10T05:15:47Z. One episode over that span (19,186 s),
        // open (no later data), its restarts unknown (no pod status), 1464 back-offs.
        let db = try Self.ingest("troubleshoot-events-mixed.json")
        #expect(try Self.rows(db, """
            SELECT container, started_at, ended_at, duration_s, restarts, backoff_events, ended_by FROM crash_loops
            WHERE pod_uid = '47e732ac-7a2f-4a01-afbd-943309bbc91f'
            """) == ["install|2023-07-09T23:56:01Z|2023-07-10T05:15:47Z|19186.0||1464|open"])
        // The pod is known by its events: a row with no snapshot, node from the kubelet's host.
        #expect(try Self.rows(db, "SELECT namespace, name, node, snapshots FROM pods WHERE uid = '47e732ac-7a2f-4a01-afbd-943309bbc91f'") == [
            "message-container-creating-failed-mount|init-demo2|minikube|0"
        ])
    }

    @Test func snapshotsAndBackOffEventsMakeOneEpisode() throws {
        // init-demo: its snapshot (waiting CrashLoopBackOff, last failure 03:33:15) and its
        // BackOff event (count 111, 03:32:15 to 03:56:47) describe one loop: it started no later
        // than the first back-off, 03:32:15, and lasted at least until the last, 03:56:47.
        let db = try Self.ingest("troubleshoot-pod-crashloop.json", "troubleshoot-events-init-crashloop.json")
        #expect(try Self.rows(db, """
            SELECT container, started_at, ended_at, restarts, backoff_events, last_exit_code, last_reason, ended_by FROM crash_loops
            WHERE container = 'nginx'
            """) == ["nginx|2023-07-11T03:32:15Z|2023-07-11T03:56:47Z|1|111|127|ContainerCannotRun|open"])
    }

    @Test func anUnschedulablePodIsPendingUntilItsLastSchedulingFailure() throws {
        // pending-pod-resources-…-djjfc: created 04:20:29, PodScheduled=False Unschedulable
        // (Insufficient nvidia.com/gpu), one snapshot. FailedScheduling in the series form (count
        // 3, last 04:40:44.264058) and a last one at 04:43:08.570490 ("skip schedule deleting
        // pod"): pending at least 04:20:29 → 04:43:08.570490 = 1359.57 s. The scheduler's
        // reason is the series event's message.
        let db = try Self.ingest("troubleshoot-pod-pending-gpu.json", "troubleshoot-events-oom-job-image-pull.json")
        #expect(try Self.rows(db, "SELECT pending_s, notes FROM phase_durations WHERE pod LIKE 'pending-pod-resources-%-djjfc'") == [
            "1359.57|unschedulable until 2023-07-11T04:43:08.570490Z"
        ])
        let query = try #require(NamedQuery.named("stuck-pending"))
        let stuck = try QueryRunner(connection: db.connection).result(query.sql, parameters: ["minutes": .integer(5)])
        #expect(stuck.rows.map { $0.map(\.description).joined(separator: "|") } == [
            "message-pending-pod-resources|pending-pod-resources-5fddcf7688-djjfc||2023-07-11T04:20:29Z|2023-07-11T04:43:08.570490Z|1359.57|1|Pending|"
                + "0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.|"
                + "e4d4c4cc-2c41-4ab7-b41c-9c8b28ded451"
        ])
    }

    @Test func anUnschedulablePodWithoutEventsShowsTheConditionsMessage() throws {
        // kotsadm-…-zgzrn: Pending, PodScheduled=False Unschedulable, no event archived: the
        // condition's message is the scheduler's word.
        let db = try Self.ingest("troubleshoot-pod-pending-node-affinity.json")
        let message = try Self.rows(db, "SELECT scheduling_failure_message FROM pods")
        #expect(message.count == 1 && message[0].hasPrefix("0/1 nodes are available: 1 node(s) didn't match"))
    }

    @Test func staticPodsHaveNoDurationsFromTheirMirrorsCreation() throws {
        // etcd-datagen-1-35 (a mirror pod, owner Node): its containers started at 10:12:10, three
        // seconds before the mirror object was created (10:12:13): durations from creation would
        // be negative or wrong, so they are NULL.
        let db = try Self.ingest("nrik8s-pods-list.json")
        #expect(try Self.rows(db, "SELECT workload_kind, start_s, startup_s, lifetime_s, notes FROM phase_durations WHERE pod = 'etcd-datagen-1-35'") == [
            "StaticPod||||static pod: created_at is its mirror object's, made after the kubelet started it"
        ])
    }

    @Test func realEvictionsAreClassifiedWithTheirDetail() throws {
        // minikube 2019: "The node was low on resource: memory." (no trailing space: pre-1.11
        // wording, no container detail). Tanzu 2023: ephemeral-storage with the v1.11–v1.25
        // container clause "Container kube-prometheus-stack was using 19212Ki, which exceeds its
        // request of 0."; its containers are marked ContainerStatusUnknown (so kubectl shows that,
        // not Evicted), the eviction is still counted from status.reason.
        let db = try Self.ingest("nrik8s-pod-evicted-memory.json", "kubectlstatus-pod-evicted-ephemeral-storage.json")
        #expect(try Self.rows(db, "SELECT pod, cause, resource, container, usage, request, sources FROM evictions ORDER BY pod") == [
            "prometheus-operator-5c5784bc5f-4h65z|disk-pressure|ephemeral-storage|kube-prometheus-stack|19212Ki|0|status",
            "sh-7c95664875-4btqh|memory-pressure|memory||||status",
        ])
        #expect(try Self.rows(db, "SELECT final_status FROM pods ORDER BY name") == ["ContainerStatusUnknown", "Evicted"])
    }

    @Test func anInitContainerLoopShowsAsInitCrashLoop() throws {
        // vsystem-…-pqcns: init container vsystem-hana-init restartCount 7527, waiting
        // CrashLoopBackOff "back-off 5m0s": kubectl shows Init:CrashLoopBackOff, RESTARTS 7527.
        let db = try Self.ingest("insights-pod-init-crashloop-7527.json")
        #expect(try Self.rows(db, "SELECT final_status, restarts FROM pods") == ["Init:CrashLoopBackOff|7527"])
    }

    @Test func anEventsOnlyArchiveSaysWhatItCannotAnswer() throws {
        // The mixed EventList alone: no pod status at all. The report must not print 0 pods or 0
        // restarts: those are unknown; the back-off events still prove the crash loops.
        let db = try Self.ingest("troubleshoot-events-mixed.json")
        let back = try Self.rows(db, "SELECT sum(backoff_events), count(*), count(restarts) FROM crash_loops")
        let files = try ReportBuilder(database: db, scope: ReportScope(), top: 10).build()
        let report = try #require(files.first { $0.name == "report.md" }?.text)
        #expect(report.contains("| Pods created | unknown (no pod status data) |"))
        #expect(report.contains("| Container OOM kills | unknown (no pod status data) |"))
        let parts = back[0].split(separator: "|")
        #expect(parts.count == 3 && parts[2] == "0")
        #expect(report.contains("| Restarts in crash loops | unknown (no pod status data; \(parts[0]) back-offs from events) |"))
        #expect(report.contains("- No pod status data: pods created, startup, crash-loop restarts, OOM kills and time in status are unknown"))
        #expect(!report.contains("No container entered CrashLoopBackOff"))
        // `podtrail stats` says the same.
        let stats = try DatabaseStats(db.connection).render()
        #expect(stats.contains(" 0 with pod status, "))
        #expect(stats.contains("hours of events only: pods, restarts, OOM kills and time in status there are unknown"))
        let eventPods = try Self.rows(db, "SELECT count(*) FROM pods WHERE snapshots = 0")[0]
        #expect(stats.contains("pods known from events only:      \(eventPods)"))
    }

    @Test func theWholeCorpusReportsWhatWasCheckedByHand() throws {
        // Every file at once (rejects: none; the fragments folder is not read). Headline figures
        // checked against FACTS.md: 77 pods of which 14 known only from events (k8s-watcher's
        // v1beta1 events add fstest-jvfr2 and fstest-ltlx6, both without status), so 63 created;
        // 15 pods with a provable first Ready, startups 1, 1, 2, 3, 3, 4, 4, 6, 7, 8, 12, 15, 15,
        // 15, 76 s (static pods excluded; kubeshark's Ready came after its restart; the k3s 1.33
        // bundle's cpu-intensive-app 2 s and two memory-hungry-app pods 15 s): nearest-rank p90 =
        // 14th of 15 = 15 s; 7 crash-loop episodes (my-pod twice, vsystem, both init-demo,
        // init-demo2 from events, backend-api), 6 restarts seen (backend-api's one observed
        // termination of its 5) plus one episode known only from events; 3 evictions (sonobuoy's
        // myapp-9, nodefs); 2 OOM kills (oom-kill-job3, kubeshark-worker).
        let db = try Self.ingest()
        #expect(try Self.rows(db, "SELECT count(*), sum(snapshots = 0), sum(created_at IS NOT NULL) FROM pods") == ["77|14|63"])
        let files = try ReportBuilder(database: db, scope: ReportScope(), top: 10).build()
        let report = try #require(files.first { $0.name == "report.md" }?.text)
        for line in [
            "| Pods created | 63 |", "| p90 pod startup | 15.0 s |", "| Crash-loop episodes | 7 |",
            "| Restarts in crash loops | 6 (+ unknown in 1 episode known from events only) |", "| Pods evicted | 3 |",
            "| Container OOM kills | 2 |",
        ] {
            #expect(report.contains(line), "\(line)")
        }
    }

    @Test func theKubelet133PulledWordingAndAnOldNodefsEvictionAreRead() throws {
        // k3s v1.33.4 (troubleshoot's real support bundle): Pulled "in 954ms (954ms including
        // waiting). Image size: 3810510 bytes." → 0.954 s; "in 1.005s (1.005s including
        // waiting)" → 1.005 s; backend-api's five Pulled events (one with count 2) sum to
        // 0.284 + 0.308 + 0.385 + 2 × 0.325 + 0.848 = 2.475 s, all counted as it never became Ready.
        let db = try Self.ingest("troubleshoot-k3s133-pods-crashloop-unschedulable.json", "troubleshoot-k3s133-events-pulled-image-size.json")
        #expect(try Self.rows(db, """
            SELECT p.name, d.image_pull_s FROM phase_durations d JOIN pods p ON p.uid = d.pod_uid
            WHERE p.name LIKE 'memory-hungry%' OR p.name LIKE 'backend-api%' OR p.name LIKE 'cpu-intensive-app-7bcfc5d944-9479r' ORDER BY p.name
            """) == [
                "backend-api-75fb46b7bd-xtkrh|2.475", "cpu-intensive-app-7bcfc5d944-9479r|0.281",
                "memory-hungry-app-59c695fbfb-4vnq4|0.954", "memory-hungry-app-59c695fbfb-xsvn8|1.005",
            ])
        #expect(try Self.rows(db, "SELECT count(*), sum(pull_s IS NULL) FROM image_pulls") == ["8|0"])
        // Kubernetes 1.8 (sonobuoy's results of a real AWS cluster): Evicted "The node was low on
        // resource: nodefs." with no conditions or container statuses: disk pressure, nodefs,
        // at the pod's startTime (nothing later is known).
        let old = try Self.ingest("sonobuoy-pod-evicted-nodefs-k8s18.json")
        #expect(try Self.rows(old, "SELECT pod, cause, resource, evicted_at FROM evictions")
            == ["myapp-9|disk-pressure|nodefs|2017-12-18T15:44:12Z"])
    }

    @Test func aTimelineKeepsCauseBeforeEffectAcrossPrecisions() throws {
        // oom-kill-job3-gbb89: Scheduled at 04:43:19.191283 (scheduler, microseconds), Pulling at
        // 04:43:19 (kubelet, whole second), then Pulled, Created, Started all at 04:43:25 and the
        // container's OOM kill at 04:43:25. By instant Pulling would precede the binding; by
        // text order Started could precede Created. The start-up order puts them right.
        let db = try Self.ingest("troubleshoot-pod-oomkilled-job.json", "troubleshoot-events-oom-job-image-pull.json")
        let timeline = try Timeline(database: db, options: TimelineOptions(scope: .pod(namespace: nil, name: "oom-kill-job3-gbb89", uid: nil)))
        let events = timeline.rows.filter { $0.source == .event }.map(\.reason)
        #expect(Array(events.prefix(5)) == ["Scheduled", "Pulling", "Pulled", "Created", "Started"])
        let start = try #require(timeline.rows.firstIndex { $0.source == .event && $0.reason == "Started" })
        let kill = try #require(timeline.rows.firstIndex { $0.source == .termination && $0.reason == "OOMKilled" })
        #expect(start < kill)
    }

    @Test func anOOMKillInLastStateIsCountedOnceAndTheFirstRunKept() throws {
        // kubeshark-worker (DaemonSet pod, 2023): restartCount 1, running again since 21:03:58;
        // lastState OOMKilled, exit 137, ran 16:54:42 → 21:03:57. One OOM kill at 21:03:57; the
        // first run (lastState, while the second runs) started 16:54:42; Ready at 21:03:59 came
        // after the restart and nothing earlier was observed: the first Ready is unknown.
        let db = try Self.ingest("kubeshark-pod-oomkilled-restarted.json")
        #expect(try Self.rows(db, "SELECT container, killed_at FROM oom_kills") == ["kubeshark-worker|2023-05-06T21:03:57Z"])
        #expect(try Self.rows(db, "SELECT started_at, ready_at FROM pods") == ["2023-05-06T16:54:42Z|"])
    }

    @Test func eventsK8sIOObjectsAreReadByShape() throws {
        // k8s-openapi's kind capture declares events.k8s.io/v1 and carries only the deprecated*
        // times and source (eventTime null); the Docker Desktop one, as an informer delivers it,
        // declares nothing: events.k8s.io by its shape (regarding, note, reportingController).
        let db = try Self.ingest("k8sopenapi-eventsv1-scheduled.json", "stradvision-eventsv1-scheduled.json")
        #expect(try Self.rows(db, "SELECT reason, api_version, first_seen, count, source_component, object_name FROM events ORDER BY first_seen") == [
            "Scheduled|events.k8s.io/v1|2023-02-16T18:25:07Z|1|default-scheduler|some-pod",
            "Scheduled|events.k8s.io|2025-03-06T07:08:10Z|1|default-scheduler|recovery-6f86dc46dc-288hv",
        ])
    }

    @Test func anOldFormSchedulingFailureMakesAPendingPodKnownFromEvents() throws {
        // AKS, 2023: FailedScheduling with count 1 and first/last timestamps 23:11:02 from
        // default-scheduler ("exceed max volume count"); no pod status archived. The pod is known
        // by its event: stuck-pending lists it from its first to its last failure (0 s here,
        // so with minutes=0), creation and "still pending" unknown.
        let db = try Self.ingest("aksmaxvol-event-failedscheduling.json")
        let query = try #require(NamedQuery.named("stuck-pending"))
        let stuck = try QueryRunner(connection: db.connection).result(query.sql, parameters: ["minutes": .integer(0)])
        #expect(stuck.rows.map { $0.map(\.description).joined(separator: "|") } == [
            "default|azure-disk-deployment-7-6df87c6d74-jw7dw|||2023-10-25T23:11:02Z|0.0|||"
                + "0/1 nodes are available: 1 node(s) exceed max volume count. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..|"
                + "1f016116-89a2-4930-b574-123b036787a1"
        ])
    }

    @Test func theStartupSLIOfRealPods() throws {
        let db = try Self.ingest(
            "troubleshoot-pod-oomkilled-job.json", "troubleshoot-events-oom-job-image-pull.json", "k9s-pod-init-completed.json",
            "insights-pod-init-waiting.json", "khi-pod-daemonset-running.json", "fluentbit-pod-kairosdb-restarts.json",
            "nrik8s-pods-list.json")
        func sli(_ pod: String) throws -> String {
            try Self.rows(db, "SELECT in_population, excluded, watch_at, observed_by, pull_s, init_s, sli_s FROM startup_sli WHERE pod = '\(pod)'")
                .joined(separator: ";")
        }
        // oom-kill-job3: created 04:43:19; its one container started 04:43:25 (its startedAt: the
        // archive has no watch time); one Pulled "in 5.638046961s" (an older kubelet: no
        // "including waiting" figure); no init container; only a projected token volume
        // (stateless); scheduled at once. 6 - 5.638047 = 0.362 s (to the second: startedAt and
        // creationTimestamp are whole seconds).
        #expect(try sli("oom-kill-job3-gbb89") == "1||2023-07-11T04:43:25Z|startedAt|5.638047|0.0|0.362")
        // hurry-up-and-wait: init container init-sleep ran 06:31:32 → 06:31:42 (10 s), `busy`
        // started 06:31:43; no Pulled event archived: the pull time is unknown, so no figure.
        #expect(try sli("hurry-up-and-wait") == "0|image pull time unknown|2020-01-18T06:31:43Z|startedAt||10.0|")
        // A SAP Data Hub pod mounting a PersistentVolumeClaim; a DaemonSet pod with hostPath.
        #expect(try sli("data-hub-flow-agent-1a3a7e88888b7fe0630189-qcwhm-547b57cc5fvmg8").hasPrefix("0|not stateless: persistentVolumeClaim volume|"))
        #expect(try sli("container-watcher-s667m").hasPrefix("0|not stateless: hostPath volume|"))
        // Pending with PodScheduled=False Unschedulable (node affinity).
        #expect(try sli("e2e-container-pending").hasPrefix("0|not schedulable at first attempt|"))
        // 20 restarts hide kairosdb's first run.
        #expect(try sli("kairosdb-914055854-b63vq").hasPrefix("0|first start unknown|"))
        // The static pods: creation is their mirror's.
        #expect(try sli("etcd-datagen-1-35").hasPrefix("0|static pod|"))
    }
}
