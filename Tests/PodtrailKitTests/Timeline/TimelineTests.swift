import Foundation
import Testing

@testable import PodtrailKit

/// Timelines built from the crash-looping, OOM-killed StatefulSet pod of
/// `Fixtures/timeline-cart.ndjson` (ingested through `Ingestor`) and from small inline histories.
struct TimelineTests {
    static let newUID = "a41e7b90-new2"
    static let oldUID = "7f9c1d2e-old1"

    /// The fixture ingested into a fresh in-memory database.
    static func cart() throws -> Database {
        let url = try #require(Bundle.module.url(forResource: "timeline-cart", withExtension: "ndjson", subdirectory: "Fixtures"))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [url.path])
        #expect(summary.rejects == 0)
        return db
    }

    static func timeline(_ db: Database, _ scope: TimelineScope, window: TimeWindow = .unbounded, reasons: Set<String> = [],
                         warningsOnly: Bool = false) throws -> Timeline {
        try Timeline(database: db, options: TimelineOptions(scope: scope, window: window, reasons: reasons, warningsOnly: warningsOnly))
    }

    static func t(_ text: String) -> Timestamp { Timestamp.parse("2026-11-27T" + text + "Z")! }

    static func event(uid: String, reason: String, first: String, last: String? = nil, count: Int = 1, type: String = "Normal",
                      kind: String = "Pod", name: String = "api-0", objectUID: String = "pod-1") -> String {
        #"{"kind":"Event","apiVersion":"v1","metadata":{"uid":"\#(uid)","name":"e\#(uid)","namespace":"ns"},"involvedObject":{"kind":"\#(kind)","namespace":"ns","name":"\#(name)","uid":"\#(objectUID)"},"reason":"\#(reason)","message":"m \#(uid)","type":"\#(type)","count":\#(count),"firstTimestamp":"\#(first)","lastTimestamp":"\#(last ?? first)","source":{"component":"kubelet","host":"node-b"}}"#
    }

    @Test func showsTheMostRecentPodOfAReusedNameAndListsTheOthers() throws {
        let timeline = try Self.timeline(try Self.cart(), .pod("shop/cart-0"))
        #expect(timeline.pods.map(\.uid) == [Self.newUID])
        #expect(timeline.otherPods.map(\.uid) == [Self.oldUID])
        #expect(timeline.otherPods.first?.lifetime == "2026-11-27T01:00:00Z … 2026-11-27T01:59:58Z")
        #expect(Set(timeline.rows.map(\.podUID)).subtracting([""]) == [Self.newUID])
        #expect(!timeline.rows.contains { $0.time < Self.t("02:00:00") })
    }

    /// Events without a pod uid go where `pod_events` puts them (the newest pod of the name
    /// created at or before the event), not to every pod whose lifetime they overlap: a
    /// back-off from 01:59:00 to 02:00:30 belongs to the old pod only.
    @Test func placesEventsWithoutUIDAsPodEventsDoes() throws {
        let url = try #require(Bundle.module.url(forResource: "timeline-cart", withExtension: "ndjson", subdirectory: "Fixtures"))
        func event(_ uid: String, _ first: String, _ last: String) -> String {
            #"{"kind":"Event","apiVersion":"v1","metadata":{"uid":"\#(uid)","name":"e\#(uid)","namespace":"shop"},"involvedObject":{"kind":"Pod","namespace":"shop","name":"cart-0"},"reason":"BackOff","message":"m \#(uid)","type":"Warning","count":2,"firstTimestamp":"2026-11-27T\#(first)Z","lastTimestamp":"2026-11-27T\#(last)Z"}"#
        }
        let text = try String(contentsOf: url, encoding: .utf8) + "\n" + event("x1", "01:59:00", "02:00:30") + "\n" + event("x2", "02:00:10", "02:00:20")
        let (db, _) = try TestSupport.ingest(text)
        for uid in [Self.oldUID, Self.newUID] {
            let timeline = try Self.timeline(db, .pod("shop/cart-0", uid: uid))
            let shown = timeline.rows.filter { $0.message.hasPrefix("m x") }.map(\.message)
            #expect(shown == (uid == Self.oldUID ? ["m x1"] : ["m x2"]))
            let placed = try TestSupport.rows(db, "SELECT message FROM pod_events WHERE pod_uid = '\(uid)' AND message LIKE 'm x%'")
            #expect(shown == placed)
        }
    }

    @Test func uidPicksAnEarlierPodOfTheSameName() throws {
        let db = try Self.cart()
        let timeline = try Self.timeline(db, .pod("shop/cart-0", uid: Self.oldUID))
        #expect(timeline.pods.map(\.uid) == [Self.oldUID])
        #expect(timeline.otherPods.map(\.uid) == [Self.newUID])
        #expect(timeline.rows.map(\.reason) == [
            "Created", "Scheduled", "Started", "Ready", "Running", "DeletionRequested", "Killing", "Deleted", "Completed", "Terminating",
        ])
        #expect(throws: TimelineError.uidNotFound(uid: "nope", pod: "shop/cart-0", uids: [Self.newUID, Self.oldUID])) {
            try Self.timeline(db, .pod("shop/cart-0", uid: "nope"))
        }
    }

    @Test func ordersTheSourcesOfOneInstantAndCountsElapsedFromCreation() throws {
        let rows = try Self.timeline(try Self.cart(), .pod("shop/cart-0")).rows
        // The three OOM kills at 02:01:40, 02:02:30 and 02:03:20: 100 s, 150 s, 200 s after creation.
        let kills = rows.filter { $0.reason == "OOMKilled" }
        #expect(kills.map(\.elapsed) == [100, 150, 200])
        #expect(kills.map { TimelineDuration.elapsed($0.elapsed!) } == ["+00:01:40", "+00:02:30", "+00:03:20"])
        // At 02:02:30 the termination comes before the status change it caused.
        let at = rows.filter { $0.time == Self.t("02:02:30") }
        #expect(at.map(\.source) == [.termination, .status])
        #expect(at.map(\.gap) == [44, 0])  // 02:01:46 → 02:02:30
        // Within 02:00:00 the start-up order decides, not the instant: the whole-second
        // ContainerCreating status (some time in that second) follows the microsecond Scheduled
        // event that caused it, with no measurable gap; the next second comes after both.
        let early = rows.prefix(4).map { "\($0.source.rawValue) \($0.reason) \($0.time)" }
        #expect(early == [
            "pod Created 2026-11-27T02:00:00Z", "event Scheduled 2026-11-27T02:00:00.412345Z",
            "status ContainerCreating 2026-11-27T02:00:00Z", "pod Scheduled 2026-11-27T02:00:01Z",
        ])
        #expect(rows[1].elapsed == 0.412345)
        #expect(rows[2].gap == 0)
        #expect(rows[3].gap == 1)
        #expect(rows.count == 33)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { Timeline.second($0.time) <= Timeline.second($1.time) })
    }

    @Test func collapsesIdenticalSnapshotsAndShowsAggregatedEventsOnce() throws {
        let rows = try Self.timeline(try Self.cart(), .pod("shop/cart-0")).rows
        let loops = rows.filter { $0.source == .status && $0.reason == "CrashLoopBackOff" }
        #expect(loops.map(\.count) == [1, 2])
        #expect(loops.last?.lastSeen == Self.t("02:03:25"))
        let backOff = try #require(rows.first { $0.reason == "BackOff" })
        #expect(rows.filter { $0.reason == "BackOff" }.count == 1)
        #expect(backOff.count == 4 && backOff.firstSeen == Self.t("02:02:31") && backOff.lastSeen == Self.t("02:03:35"))
        #expect(backOff.repetition == "4 times to 2026-11-27T02:03:35Z")
        // 13 snapshots of this pod (resourceVersion 1000…1012), 12 status rows: only 1007 and 1008
        // are identical (1008 differs only in a ContainersReady condition).
        #expect(rows.filter { $0.source == .status }.count == 12)
    }

    @Test func showsNodeEventsOnlyWithinThePodsLifetime() throws {
        let db = try Self.cart()
        let pod = try Self.timeline(db, .pod("shop/cart-0")).rows.filter { $0.source == .node }
        #expect(pod.map(\.time) == [Self.t("02:01:40"), Self.t("02:03:20")])
        #expect(pod.allSatisfy { $0.reason == "OOMKilling" && $0.object == "node/node-a" && $0.isWarning })
        let node = try Self.timeline(db, .node("node-a")).rows.filter { $0.source == .node }
        #expect(node.map(\.reason) == ["OOMKilling", "OOMKilling", "NodeNotReady"])
        #expect(node.allSatisfy { $0.elapsed == nil })
    }

    @Test func filtersByWindowReasonsAndWarnings() throws {
        let db = try Self.cart()
        let window = TimeWindow(since: Self.t("02:03:30"), until: Self.t("02:03:45"))
        let rows = try Self.timeline(db, .pod("shop/cart-0"), window: window).rows
        // BackOff (02:02:31 … 02:03:35) overlaps; so do Created/Started/Pulled ending 02:03:41.
        #expect(rows.map(\.reason) == ["Created", "Started", "Pulled", "BackOff", "Running", "Unhealthy"])
        #expect(rows.first?.gap == nil)
        #expect(rows.first?.elapsed == 4)
        let phases = try Self.timeline(db, .pod("shop/cart-0"), window: window).phases
        #expect(phases.map { "\($0.label) \($0.start) \($0.end)" } == [
            "Running 2026-11-27T02:03:41Z 2026-11-27T02:03:45Z", "CrashLoopBackOff 2026-11-27T02:03:30Z 2026-11-27T02:03:41Z",
        ])
        let kills = try Self.timeline(db, .pod("shop/cart-0"), reasons: ["oomkilled"]).rows
        #expect(kills.count == 3)
        let warnings = try Self.timeline(db, .pod("shop/cart-0"), warningsOnly: true).rows.map(\.reason)
        #expect(warnings == ["OOMKilled", "OOMKilling", "OOMKilled", "CrashLoopBackOff", "BackOff", "OOMKilled", "CrashLoopBackOff",
                             "OOMKilling", "Unhealthy", "Error"])
    }

    @Test func namespaceScopePrefixesRowsByPodAndAddsControllerEvents() throws {
        let db = try Self.cart()
        let window = TimeWindow(since: Self.t("01:59:50"), until: Self.t("02:00:00"))
        let timeline = try Self.timeline(db, .namespace("shop"), window: window)
        #expect(timeline.pods.map(\.uid) == [Self.newUID, Self.oldUID])
        #expect(timeline.rows.map { "\($0.pod)|\($0.object)|\($0.reason)|\($0.elapsed.map(TimelineDuration.elapsed) ?? "")" } == [
            "shop/cart-0|pod|Deleted|+00:59:58", "shop/cart-0|container/app|Completed|+00:59:58", "shop/cart-0|pod|Terminating|+00:59:58",
            "shop/cart-0|pod|Created|+00:00:00", "shop/cart-0|pod|ContainerCreating|+00:00:00", "|StatefulSet/cart|SuccessfulCreate|",
        ])
        let workload = try Self.timeline(db, .workload(namespace: "shop", name: "cart"))
        #expect(workload.pods.count == 2)
        #expect(workload.rows.contains { $0.reason == "SuccessfulCreate" })
    }

    @Test func summarisesThePodFromThePodsRow() throws {
        let db = try Self.cart()
        // The analysis view would supply the durations; without it they come from `pods`.
        try db.connection.execute("DROP VIEW phase_durations")
        let summary = try #require(try Self.timeline(db, .pod("shop/cart-0")).summary)
        #expect(summary.milestones.map { "\($0.name) \(TimelineDuration.elapsed($0.elapsed))" } == [
            "created +00:00:00", "scheduled +00:00:01", "started +00:00:05", "ready +00:00:10",
            "deletion requested +00:08:00", "deleted +00:08:02",
        ])
        #expect(summary.durationsSource == "pods")
        #expect(summary.durations.map { "\($0.name)=\($0.seconds)" } == [
            "schedule_s=1.0", "start_s=4.0", "startup_s=10.0", "terminating_s=2.0", "lifetime_s=482.0",
        ])
        #expect(summary.restarts == 3 && summary.oomKills == 3 && summary.eviction == nil)
    }

    @Test func takesPhaseDurationsFromTheAnalysisViewWhenPresent() throws {
        let db = try Self.cart()
        try db.connection.execute("""
            CREATE TEMP VIEW phase_durations AS SELECT '\(Self.newUID)' AS pod_uid, 'shop' AS namespace,
                1.5 AS schedule_s, 2.9 AS image_pull_s, NULL AS start_s, 10.0 AS startup_s
            """)
        let summary = try #require(try Self.timeline(db, .pod("shop/cart-0")).summary)
        #expect(summary.durationsSource == "phase_durations")
        #expect(summary.durations.map { "\($0.name)=\($0.seconds)" } == ["schedule_s=1.5", "image_pull_s=2.9", "startup_s=10.0"])
    }

    @Test func chartsThePhasesOfThePod() throws {
        let phases = try Self.timeline(try Self.cart(), .pod("shop/cart-0")).phases
        #expect(phases.map { "\($0.kind.rawValue) \($0.label) \($0.start) \($0.end)" } == [
            "pending Pending 2026-11-27T02:00:00Z 2026-11-27T02:00:05Z",
            "pulling pull app 2026-11-27T02:00:01Z 2026-11-27T02:00:04Z",
            "running Running 2026-11-27T02:00:05Z 2026-11-27T02:02:30Z",
            "running Running 2026-11-27T02:02:41Z 2026-11-27T02:03:20Z",
            "running Running 2026-11-27T02:03:41Z 2026-11-27T02:08:00Z",
            "crash-loop back-off CrashLoopBackOff 2026-11-27T02:02:30Z 2026-11-27T02:02:41Z",
            "crash-loop back-off CrashLoopBackOff 2026-11-27T02:03:20Z 2026-11-27T02:03:41Z",
            "terminating Terminating 2026-11-27T02:08:00Z 2026-11-27T02:08:02Z",
        ])
    }

    @Test func ordersEventsOfMixedPrecisionByInstantNotText() throws {
        // As text "…00.9Z" < "…00Z" < "…01Z"; as instants 00 < 00.9 < 01.
        let text = [
            Self.event(uid: "c", reason: "Third", first: "2026-11-27T02:00:01Z"),
            Self.event(uid: "b", reason: "Second", first: "2026-11-27T02:00:00.9Z"),
            Self.event(uid: "a", reason: "First", first: "2026-11-27T02:00:00Z"),
        ].joined(separator: "\n")
        let (db, _) = try TestSupport.ingest(text)
        let rows = try Self.timeline(db, .pod("ns/api-0")).rows
        #expect(rows.map(\.reason) == ["First", "Second", "Third"])
        #expect(rows.map(\.gap) == [nil, 0.9, 0.1])
        #expect(rows.map { $0.elapsed.map(TimelineDuration.elapsed) } == ["+00:00:00", "+00:00:00.9", "+00:00:01"])
    }

    @Test func buildsATimelineForAPodKnownOnlyFromEvents() throws {
        let text = [
            Self.event(uid: "a", reason: "Scheduled", first: "2026-11-27T02:00:00Z"),
            Self.event(uid: "b", reason: "BackOff", first: "2026-11-27T02:01:00Z", last: "2026-11-27T02:03:13.5Z", count: 7, type: "Warning"),
            Self.event(uid: "c", reason: "NodeNotReady", first: "2026-11-27T02:02:00Z", type: "Warning", kind: "Node", name: "node-b", objectUID: ""),
            Self.event(uid: "d", reason: "NodeNotReady", first: "2026-11-27T02:09:00Z", type: "Warning", kind: "Node", name: "node-b", objectUID: ""),
        ].joined(separator: "\n")
        let (db, _) = try TestSupport.ingest(text)
        let timeline = try Self.timeline(db, .uid("pod-1"))
        #expect(timeline.pods.map { "\($0.reference) \($0.node ?? "-") \($0.hasStatus)" } == ["ns/api-0 node-b false"])
        #expect(timeline.rows.map { "\($0.reason) \($0.count) \($0.elapsed.map(TimelineDuration.elapsed) ?? "")" } == [
            "Scheduled 1 +00:00:00", "BackOff 7 +00:01:00", "NodeNotReady 1 +00:02:00",
        ])
        #expect(timeline.summary?.durations.isEmpty == true)
    }

    /// A pod object with containers `app` and `log` in the given states.
    static func pod(rv: String, app: String, log: String, phase: String = "Running", reason: String? = nil, message: String? = nil) -> String {
        let status = reason.map { #","reason":"\#($0)","message":"\#(message ?? "")""# } ?? ""
        return #"{"kind":"Pod","apiVersion":"v1","metadata":{"uid":"pod-9","name":"web-0","namespace":"ns","resourceVersion":"\#(rv)","creationTimestamp":"2026-11-27T02:00:00Z"},"spec":{"nodeName":"node-b","containers":[{"name":"app"},{"name":"log"}]},"status":{"phase":"\#(phase)"\#(status),"containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":\#(app)},{"name":"log","ready":true,"restartCount":0,"state":\#(log)}]}}"#
    }

    @Test func showsContainerChangesThePodStatusDoesNotSay() throws {
        let running = { (at: String) in #"{"running":{"startedAt":"2026-11-27T02:\#(at)Z"}}"# }
        let text = [
            Self.pod(rv: "1", app: #"{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 10s"}}"#, log: running("00:05")),
            Self.pod(rv: "2", app: running("01:00"), log: running("00:05")),
        ].joined(separator: "\n")
        let (db, _) = try TestSupport.ingest(text)
        let rows = try Self.timeline(db, .pod("ns/web-0")).rows.filter { $0.source == .status }
        // The pod shows CrashLoopBackOff (app, suppressed as a container row), then Running (app
        // running, suppressed); only log's running state, which the pod status hides, has a row.
        #expect(rows.map { "\($0.object) \($0.reason) \($0.time)" } == [
            "pod CrashLoopBackOff 2026-11-27T02:00:05Z", "container/log running 2026-11-27T02:00:05Z", "pod Running 2026-11-27T02:01:00Z",
        ])
    }

    @Test func namesTheEvictionInTheSummary() throws {
        let message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 86Mi. "
        let terminated = #"{"terminated":{"exitCode":137,"reason":"ContainerStatusUnknown","finishedAt":"2026-11-27T02:04:00Z"}}"#
        let text = Self.pod(rv: "7", app: terminated, log: terminated, phase: "Failed", reason: "Evicted", message: message)
        let (db, _) = try TestSupport.ingest(text)
        let summary = try #require(try Self.timeline(db, .pod("ns/web-0")).summary)
        #expect(summary.eviction == "memory-pressure: " + message)
        #expect(summary.oomKills == 0)
    }

    @Test func namesWhatToDoWhenNothingMatches() throws {
        let db = try Self.cart()
        #expect(throws: TimelineError.podNotFound("pod shop/nope", closest: [])) { try Self.timeline(db, .pod("shop/nope")) }
        // The fixture's only pod name is shop/cart-0 (two uids). A typo, a missing namespace, a
        // wrong namespace: the closest names, with their namespace; nothing near "nope".
        #expect(throws: TimelineError.podNotFound("pod shop/cart-O", closest: ["shop/cart-0"])) {
            try Self.timeline(db, .pod("shop/cart-O"))
        }
        #expect(throws: TimelineError.podNotFound("pod cart-2", closest: ["shop/cart-0"])) {
            try Self.timeline(db, .pod("cart-2"))
        }
        #expect(throws: TimelineError.podNotFound("pod web/cart-0", closest: ["shop/cart-0"])) {
            try Self.timeline(db, .pod("web/cart-0"))
        }
        #expect("\(TimelineError.podNotFound("pod shop/cart-O", closest: ["shop/cart-0"]))"
            == "no pod shop/cart-O in the database; the closest: shop/cart-0 (or check the name with `podtrail stats`).")
        #expect(throws: TimelineError.notFound("namespace nope")) { try Self.timeline(db, .namespace("nope")) }
        #expect("\(TimelineError.ambiguous(name: "web-0", namespaces: ["a", "b"]))"
            == "pod web-0 is in several namespaces (a, b): write NAMESPACE/NAME.")
        let (other, _) = try TestSupport.ingest(Self.event(uid: "x", reason: "Pulled", first: "2026-11-27T02:00:00Z"))
        try other.connection.execute("UPDATE events SET namespace = 'ns2', uid = 'y', object_uid = 'pod-2'")
        try other.connection.execute("INSERT INTO events SELECT NULL, cluster, 'x', 'ns', name, object_kind, object_name, 'pod-1', field_path, container, reason, message, type, count, first_seen, last_seen, source_component, source_host, api_version, resource_version, source_id FROM events")
        #expect(throws: TimelineError.ambiguous(name: "api-0", namespaces: ["ns", "ns2"])) { try Self.timeline(other, .pod("api-0")) }
    }
}
