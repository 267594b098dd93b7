import Foundation
import Testing

@testable import PodtrailKit

/// Every named query run on `QueryFixture`, its rows checked against hand-computed answers.
struct QueryNamedTests {
    /// The rows of named query `name` with `parameters`, each as `a|b|c` (NULL empty).
    private func rows(_ name: String, _ parameters: [String: SQLValue] = [:]) throws -> [String] {
        let db = try QueryFixture.database()
        let query = try #require(NamedQuery.named(name))
        let result = try QueryRunner(connection: db.connection).result(query.sql, parameters: parameters)
        return result.rows.map { $0.map(\.description).joined(separator: "|") }
    }

    @Test func everyNamedQueryHasATestHere() {
        let tested: Set = [
            "crashloop-containers", "event-reasons", "evictions-per-node-hour", "image-pull-failures",
            "image-pull-times", "ingest-rejects", "never-ready", "oom-kills-vs-limit", "pod-events", "pod-history",
            "slow-terminations", "slowest-schedulings", "stuck-pending", "terminations-by-exit-code",
            "top-restarting-containers", "warning-namespaces",
        ]
        #expect(Set(NamedQuery.all.map(\.name)) == tested)
    }

    /// A window given with an offset is the same instant as in UTC: every named query that takes
    /// one answers alike (the text ranges that pick rows by index read times converted to UTC;
    /// they read `substr(:since, 1, 19)` before, so `09:30:00+01:00` started at 09:30 UTC).
    @Test func aWindowWithAnOffsetIsTheSameInstantInUTC() throws {
        let windows: [(utc: (String, String), offset: (String, String))] = [
            (("2026-11-27T09:30:00Z", "2026-11-27T10:05:00Z"), ("2026-11-27T10:30:00+01:00", "2026-11-27T04:35:00-05:30")),
            (("2026-11-27T08:00:00Z", "2026-11-27T09:10:00Z"), ("2026-11-27T09:00:00+01:00", "2026-11-27T11:10:00+02:00")),
            (("2026-11-27T10:00:00Z", "2026-11-28T00:00:00Z"), ("2026-11-27T05:00:00-05:00", "2026-11-28T01:00:00+01:00")),
        ]
        var answered = 0
        for query in NamedQuery.all where query.sql.contains(":since") {
            var differ = false
            for window in windows {
                let utc = try rows(query.name, ["since": .text(window.utc.0), "until": .text(window.utc.1)])
                let offset = try rows(query.name, ["since": .text(window.offset.0), "until": .text(window.offset.1)])
                #expect(utc == offset, "\(query.name) \(window.utc)")
                answered += utc.count
                let whole = try rows(query.name)
                differ = differ || utc != whole
            }
            #expect(differ, "\(query.name): no window changes its answer")
        }
        #expect(answered > 20)
    }

    @Test func topRestartingContainersRanksByRestartsWithTheLastTermination() throws {
        #expect(try rows("top-restarting-containers") == [
            "shop|web-1|app|web|web:1.0|5|Error|1|u-web1",
            "shop|web-2|app|web|web:1.1|2|Error|2|u-web2",
        ])
        #expect(try rows("top-restarting-containers", ["min_restarts": .integer(3)]).count == 1)
        #expect(try rows("top-restarting-containers", ["limit": .integer(1)]).map { $0.prefix(10) } == ["shop|web-1"])
        #expect(try rows("top-restarting-containers", ["namespace": .text("data")]) == [])
    }

    @Test func stuckPendingMeasuresCreationToFirstStartOrLastSight() throws {
        #expect(try rows("stuck-pending") == [
            "data|db-0||2026-11-27T09:00:00Z|2026-11-27T09:20:00Z|1200.0|1|Pending|"
                + "0/3 nodes are available: 1 node(s) had untolerated taint.|u-db0",
            "shop|web-2|node-b|2026-11-27T10:00:00Z|2026-11-27T10:09:00Z|540.0|0|CrashLoopBackOff|"
                + "0/3 nodes are available: 3 Insufficient memory.|u-web2",
        ])
        #expect(try rows("stuck-pending", ["minutes": .integer(10)]).map { $0.prefix(9) } == ["data|db-0"])
        #expect(try rows("stuck-pending", ["namespace": .text("shop")]).map { $0.prefix(10) } == ["shop|web-2"])
        #expect(try rows("stuck-pending", ["since": .text("2026-11-27T09:30:00Z")]).map { $0.prefix(10) } == ["shop|web-2"])
        #expect(try rows("stuck-pending", ["until": .text("2026-11-27T09:30:00Z")]).map { $0.prefix(9) } == ["data|db-0"])
    }

    @Test func imagePullTimesParseEveryGoDurationForm() throws {
        // big:1 1h2m3s = 3723 s; web:1.0 on node-a 1m3.2s + 2.8s (ev7 has no host: the pod's node)
        // and one "already present"; job:1 2.5s (old message form); web:1.1 850ms twice (count 2).
        #expect(try rows("image-pull-times") == [
            "big:1|node-c|1|0|3723.0|3723.0|3723.0",
            "web:1.0|node-a|2|1|66.0|33.0|63.2",
            "job:1|node-b|1|0|2.5|2.5|2.5",
            "web:1.1|node-b|2|0|1.7|0.85|0.85",
        ])
        #expect(try rows("image-pull-times", ["node": .text("node-b")]).count == 2)
        #expect(try rows("image-pull-times", ["since": .text("2026-11-27T10:00:00Z")]) == [
            "web:1.0|node-a|2|1|66.0|33.0|63.2",
            "web:1.1|node-b|2|0|1.7|0.85|0.85",
        ])
        #expect(try rows("image-pull-times", ["image": .text("job:1"), "namespace": .text("shop")]) == [
            "job:1|node-b|1|0|2.5|2.5|2.5"
        ])
    }

    @Test func evictionsPerNodeHourCountEachPodOnceAtItsEarliestEvidence() throws {
        // web-3: event 10:44:59 before its Evicted snapshots; gone-0 only has an event.
        #expect(try rows("evictions-per-node-hour") == [
            "node-a|2026-11-27T10:00:00Z|1|1|memory-pressure",
            "node-b|2026-11-27T11:00:00Z|1|1|disk-pressure",
        ])
        #expect(try rows("evictions-per-node-hour", ["node": .text("node-b")]) == ["node-b|2026-11-27T11:00:00Z|1|1|disk-pressure"])
        #expect(try rows("evictions-per-node-hour", ["namespace": .text("shop")]) == ["node-a|2026-11-27T10:00:00Z|1|1|memory-pressure"])
        #expect(try rows("evictions-per-node-hour", ["cause": .text("disk-pressure")]).count == 1)
        #expect(try rows("evictions-per-node-hour", ["since": .text("2026-11-27T10:44:59.5Z")]) == [
            "node-b|2026-11-27T11:00:00Z|1|1|disk-pressure"
        ])
    }

    @Test func oomKillsAreGroupedByContainerAndMemoryLimit() throws {
        #expect(try rows("oom-kills-vs-limit") == [
            "shop|web|app|256.0|128.0|2|1|2026-11-27T10:20:00Z|2026-11-27T10:40:00Z",
            "shop|web|app|512.0||1|1|2026-11-27T10:15:00Z|2026-11-27T10:15:00Z",
        ])
        #expect(try rows("oom-kills-vs-limit", ["until": .text("2026-11-27T10:20:00Z")]) == [
            "shop|web|app|512.0||1|1|2026-11-27T10:15:00Z|2026-11-27T10:15:00Z"
        ])
        #expect(try rows("oom-kills-vs-limit", ["namespace": .text("data")]) == [])
    }

    @Test func neverReadyLeavesOutSucceededAndReadyPods() throws {
        #expect(try rows("never-ready") == [
            "data|db-0||2026-11-27T09:00:00Z|2026-11-27T09:20:00Z|1200.0|Pending|Pending|0|FailedScheduling|u-db0",
            "shop|web-2|node-b|2026-11-27T10:00:00Z|2026-11-27T10:30:00Z|1800.0|Running|CrashLoopBackOff|2|Unhealthy|u-web2",
        ])
        #expect(try rows("never-ready", ["since": .text("2026-11-27T10:00:00Z")]).count == 1)
    }

    @Test func eventReasonsSumCountsAcrossEventObjects() throws {
        #expect(try rows("event-reasons") == [
            "FailedScheduling|Warning|7|3|2|2026-11-27T09:00:00Z|2026-11-27T10:00:20Z",
            "Pulled|Normal|7|6|5|2026-11-27T07:00:00Z|2026-11-27T11:00:00Z",
            "BackOff|Warning|6|1|1|2026-11-27T10:16:00Z|2026-11-27T10:24:00Z",
            "Unhealthy|Warning|3|1|1|2026-11-27T10:09:10Z|2026-11-27T10:29:50Z",
            "Evicted|Warning|2|2|2|2026-11-27T10:44:59Z|2026-11-27T11:05:00Z",
            "SystemOOM|Warning|2|1|1|2026-11-27T10:19:59Z|2026-11-27T10:39:59Z",
        ])
        #expect(try rows("event-reasons", ["type": .text("Warning"), "since": .text("2026-11-27T10:00:00Z")]) == [
            "BackOff|Warning|6|1|1|2026-11-27T10:16:00Z|2026-11-27T10:24:00Z",
            "Unhealthy|Warning|3|1|1|2026-11-27T10:09:10Z|2026-11-27T10:29:50Z",
            "Evicted|Warning|2|2|2|2026-11-27T10:44:59Z|2026-11-27T11:05:00Z",
            "FailedScheduling|Warning|2|1|1|2026-11-27T10:00:01Z|2026-11-27T10:00:20Z",
            "SystemOOM|Warning|2|1|1|2026-11-27T10:19:59Z|2026-11-27T10:39:59Z",
        ])
        #expect(try rows("event-reasons", ["namespace": .text("data")]) == [
            "FailedScheduling|Warning|5|2|1|2026-11-27T09:00:00Z|2026-11-27T09:15:00Z"
        ])
    }

    @Test func slowestSchedulingsSortByCreationToScheduled() throws {
        #expect(try rows("slowest-schedulings") == [
            "shop|web-2|node-b|2026-11-27T10:00:00Z|2026-11-27T10:00:30.5Z|30.5|2|u-web2",
            "shop|web-1|node-a|2026-11-27T10:00:00Z|2026-11-27T10:00:02Z|2.0|0|u-web1",
            "shop|job-1|node-b|2026-11-27T08:00:00Z|2026-11-27T08:00:01Z|1.0|0|u-job",
            "shop|web-3|node-a|2026-11-27T10:30:00Z|2026-11-27T10:30:01Z|1.0|0|u-ev",
        ])
        #expect(try rows("slowest-schedulings", ["limit": .integer(2)]).count == 2)
        #expect(try rows("slowest-schedulings", ["namespace": .text("data")]) == [])
    }

    @Test func warningNamespacesRankByOccurrencesWithTheTopReason() throws {
        #expect(try rows("warning-namespaces") == [
            "shop|12|4|4|BackOff|6",
            "data|5|2|1|FailedScheduling|5",
            "|2|1|1|SystemOOM|2",
            "batch|1|1|1|Evicted|1",
        ])
        #expect(try rows("warning-namespaces", ["since": .text("2026-11-27T10:30:00Z")]) == [
            "|2|1|1|SystemOOM|2",
            "batch|1|1|1|Evicted|1",
            "shop|1|1|1|Evicted|1",
        ])
        #expect(try rows("warning-namespaces", ["limit": .integer(1)]) == ["shop|12|4|4|BackOff|6"])
    }

    @Test func podHistoryListsSnapshotsByNameOrUID() throws {
        let expected = [
            "2026-11-27T10:30:06Z|shop|web-3|Running|Running|1|0|node-a|||0|u-ev",
            "2026-11-27T10:45:00.250Z|shop|web-3|Failed|Evicted|0|0|node-a|Evicted|The node was low on resource: memory. |0|u-ev",
            "2026-11-27T10:50:20Z|shop|web-3|Failed|Evicted|0|0|node-a|Evicted|The node was low on resource: memory. |1|u-ev",
        ]
        #expect(try rows("pod-history", ["namespace": .text("shop"), "pod": .text("web-3")]) == expected)
        #expect(try rows("pod-history", ["uid": .text("u-ev"), "pod": .text("web-1")]) == expected)
        #expect(try rows("pod-history", ["pod": .text("web-3")]) == expected)
        // The fixture's 4 pod snapshots and the 9 that its container states belong to (schema v15).
        #expect(try rows("pod-history").count == 13)
    }

    @Test func podEventsListEveryEventOfThePodInTimeOrder() throws {
        #expect(try rows("pod-events", ["namespace": .text("shop"), "pod": .text("web-2")]) == [
            "2026-11-27T10:00:01Z|2026-11-27T10:00:20Z|shop|web-2|Warning|FailedScheduling|2||default-scheduler|"
                + "0/3 nodes are available: 3 Insufficient memory.|u-web2",
            "2026-11-27T10:08:59Z|2026-11-27T10:20:30Z|shop|web-2|Normal|Pulled|2|app|kubelet|"
                + "Successfully pulled image \"web:1.1\" in 850ms (850ms including waiting)|u-web2",
            "2026-11-27T10:09:10Z|2026-11-27T10:29:50Z|shop|web-2|Warning|Unhealthy|3||kubelet|"
                + "Readiness probe failed: HTTP probe failed with statuscode: 503|u-web2",
            "2026-11-27T10:16:00Z|2026-11-27T10:24:00Z|shop|web-2|Warning|BackOff|6|app|kubelet|"
                + "Back-off restarting failed container app in pod web-2_shop(u-web2)|u-web2",
        ])
        #expect(try rows("pod-events", ["uid": .text("u-db0")]).count == 2)
    }

    @Test func crashloopContainersShowBackoffSpanAndLastExit() throws {
        #expect(try rows("crashloop-containers") == [
            "shop|web-1|app|2026-11-27T10:41:00Z|2026-11-27T10:51:00Z|2|5|Error|1|u-web1",
            "shop|web-2|app|2026-11-27T10:16:00Z|2026-11-27T10:21:00Z|2|2|Error|2|u-web2",
        ])
        #expect(try rows("crashloop-containers", ["until": .text("2026-11-27T10:20:00Z")]) == [
            "shop|web-2|app|2026-11-27T10:16:00Z|2026-11-27T10:16:00Z|1|2|Error|2|u-web2"
        ])
        #expect(try rows("crashloop-containers", ["namespace": .text("data")]) == [])
    }

    @Test func imagePullFailuresGroupReasonsPerContainer() throws {
        #expect(try rows("image-pull-failures") == [
            "data|db-0|db|db:bad|ErrImagePull,ImagePullBackOff|2026-11-27T09:01:00Z|2026-11-27T09:05:00Z|3|0|u-db0",
            "shop|web-1|sidecar|proxy:2|ImagePullBackOff|2026-11-27T10:00:05Z|2026-11-27T10:00:05Z|1|1|u-web1",
        ])
        #expect(try rows("image-pull-failures", ["image": .text("proxy:2")]).count == 1)
        #expect(try rows("image-pull-failures", ["namespace": .text("data")]).count == 1)
    }

    @Test func terminationsByExitCodeCountDistinctRuns() throws {
        #expect(try rows("terminations-by-exit-code") == [
            "OOMKilled|137|3|2|2",
            "Completed|0|1|1|1",
            "Error|1|1|1|1",
            "Error|2|1|1|1",
        ])
        // From 10:20: web-1's kills at 10:20 and 10:40 and its Error at 10:50:00.5; web-2's Error at 10:20.
        #expect(try rows("terminations-by-exit-code", ["since": .text("2026-11-27T10:20:00Z")]) == [
            "OOMKilled|137|2|1|1",
            "Error|1|1|1|1",
            "Error|2|1|1|1",
        ])
    }

    @Test func slowTerminationsCompareWithTheGracePeriod() throws {
        #expect(try rows("slow-terminations") == [
            "shop|job-1|node-b|2026-11-27T08:10:00Z|2026-11-27T08:10:45Z|30|45.0|15.0|u-job"
        ])
        #expect(try rows("slow-terminations", ["seconds": .integer(10)]) == [
            "shop|job-1|node-b|2026-11-27T08:10:00Z|2026-11-27T08:10:45Z|30|45.0|15.0|u-job",
            "shop|web-3|node-a|2026-11-27T10:50:00Z|2026-11-27T10:50:20Z|30|20.0|-10.0|u-ev",
        ])
    }

    @Test func ingestRejectsGroupByFileAndReasonWithTheFirstExcerpt() throws {
        #expect(try rows("ingest-rejects") == [
            "a.ndjson|not JSON|2|3|garbage",
            "b.ndjson.gz|truncated gzip|1|1|",
        ])
        #expect(try rows("ingest-rejects", ["path": .text("b.ndjson.gz")]).count == 1)
    }
}
