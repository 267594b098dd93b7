import Foundation
import Testing

@testable import PodtrailKit

/// Issue 25: a timeline reads what its window needs, not the pod's whole history, and shows at
/// most `--limit` rows, saying how many more there were and from when.
struct TimelineWindowTests {
    /// Pod shop/web-0: created 02:00:00, running from 02:00:05, crash-looping from 03:00:00,
    /// running again from 05:00:00; 200,000 BackOff events about it, one every 100 ms from
    /// 02:00:00.0 to 07:33:19.9 (inserted by SQL: ingesting them would take most of the test).
    static func busyPod() throws -> Database {
        func pod(_ rv: Int, observed: String, state: String, ready: Bool, restarts: Int) -> String {
            let last = restarts == 0 ? "" : #","lastState":{"terminated":{"exitCode":1,"reason":"Error","startedAt":"2026-11-27T02:00:05Z","finishedAt":"2026-11-27T03:00:00Z"}}"#
            return #"{"kind":"Pod","metadata":{"uid":"w0","namespace":"shop","name":"web-0","resourceVersion":"\#(rv)","#
                + #""creationTimestamp":"2026-11-27T02:00:00Z"},"spec":{"nodeName":"node-a","containers":[{"name":"web"}]},"#
                + #""status":{"phase":"Running","startTime":"2026-11-27T02:00:00Z","conditions":[{"type":"Ready","status":"\#(ready ? "True" : "False")","lastTransitionTime":"\#(observed)"}],"#
                + #""containerStatuses":[{"name":"web","ready":\#(ready),"restartCount":\#(restarts),"state":\#(state)\#(last)}]}}"#
        }
        let lines = [
            pod(1, observed: "2026-11-27T02:00:05Z", state: #"{"running":{"startedAt":"2026-11-27T02:00:05Z"}}"#, ready: true, restarts: 0),
            pod(2, observed: "2026-11-27T03:00:00Z", state: #"{"waiting":{"reason":"CrashLoopBackOff"}}"#, ready: false, restarts: 1),
            pod(3, observed: "2026-11-27T05:00:00Z", state: #"{"running":{"startedAt":"2026-11-27T05:00:00Z"}}"#, ready: true, restarts: 1),
        ]
        let (db, summary) = try TestSupport.ingest(lines.joined(separator: "\n") + "\n")
        #expect(summary.rejects == 0)
        try db.connection.execute("""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999),
            t(i, at) AS (SELECT i, printf('2026-11-27T%02d:%02d:%02d.%dZ', 2 + i / 36000, i / 600 % 60, i / 10 % 60, i % 10) FROM n)
            INSERT INTO events (cluster, uid, namespace, name, object_kind, object_name, object_uid, reason, message, type,
                count, first_seen, last_seen, api_version)
            SELECT 'default', 'e' || i, 'shop', 'web-0.' || i, 'Pod', 'web-0', 'w0', 'BackOff',
                'Back-off restarting failed container web', 'Warning', 1, at, at, 'v1' FROM t
            """)
        return db
    }

    static func t(_ text: String) -> Timestamp { Timestamp.parse("2026-11-27T" + text + "Z")! }

    static func timeline(_ db: Database, since: String, until: String, limit: Int = 10_000) throws -> Timeline {
        try Timeline(database: db, options: TimelineOptions(
            scope: .pod("shop/web-0"), window: TimeWindow(since: t(since), until: t(until)), limit: limit))
    }

    @Test func aTenSecondWindowReadsItsOwnRowsAndKnowsTheStateBeforeIt() throws {
        let db = try Self.busyPod()
        let timeline = try Self.timeline(db, since: "04:00:00.05", until: "04:00:10.05")
        #expect(timeline.rows.count == 100)
        #expect(timeline.rows.allSatisfy { $0.reason == "BackOff" })
        #expect(timeline.rows.first?.time == Self.t("04:00:00.1") && timeline.rows.last?.time.description == "2026-11-27T04:00:10.0Z")
        #expect(timeline.rows.first?.elapsed == 7200.1)
        #expect(timeline.phases.map(\.kind) == [.crashLoopBackOff])
        #expect(timeline.phases.first?.start == Self.t("04:00:00.05") && timeline.phases.first?.end == Self.t("04:00:10.05"))
        #expect(timeline.summary?.pod.finalStatus == "Running")
        #expect(timeline.truncation == nil)
        // What was read from the database: the window's rows and a few rows of context, not 200,000.
        #expect(timeline.rowsRead < 500)
    }

    @Test func aStatusChangeInTheWindowIsDescribedFromTheStateBeforeIt() throws {
        let timeline = try Self.timeline(try Self.busyPod(), since: "04:59:59.95", until: "05:00:00.05")
        let statuses = timeline.rows.filter { $0.source == .status && $0.object == "pod" }
        #expect(statuses.map(\.reason) == ["Running"])
        #expect(statuses.first?.message == "status CrashLoopBackOff → Running; ready no → yes")
        #expect(timeline.phases.map(\.kind) == [.running, .crashLoopBackOff])
        #expect(timeline.rowsRead < 100)
    }

    @Test func rowsPastTheLimitAreCountedAndTheCutIsNamed() throws {
        let timeline = try Self.timeline(try Self.busyPod(), since: "04:00:00.05", until: "04:00:10.05", limit: 50)
        #expect(timeline.rows.count == 50)
        #expect(timeline.rows.last?.time.description == "2026-11-27T04:00:05.0Z")
        #expect(timeline.truncation == TimelineTruncation(from: Self.t("04:00:05.1"), leftOut: 50, limit: 50))
        #expect(timeline.rowsRead < 200)
        let text = TimelineFormat.text.render(timeline)
        #expect(text.contains("50 more rows from 2026-11-27T04:00:05.1Z on were left out (--limit 50): run again with --since 2026-11-27T04:00:05.1Z or a higher --limit"))
        let rest = try Self.timeline(try Self.busyPod(), since: "04:00:05.1", until: "04:00:10.05", limit: 50)
        #expect(rest.rows.count == 50 && rest.truncation == nil)
    }

    @Test func theWholeHistoryIsBoundedByTheLimitToo() throws {
        let timeline = try Timeline(database: try Self.busyPod(), options: TimelineOptions(scope: .pod("shop/web-0")))
        #expect(timeline.rows.count <= 10_000)
        #expect(timeline.truncation != nil)
        #expect(timeline.rowsRead < 50_000)
    }

    @Test func aNodeWindowLongAfterItsPodsBeganShowsItsOwnRowsUpToTheLimit() throws {
        // SampleLogs' node-01 between 05:00 and 05:10 with --limit 3: its pods began hours
        // earlier (created from 00:00 on). Their milestones before the window once made the
        // cut: the timeline showed no row and said rows "from 00:00:33 on" were left out.
        // Now the rows shown are rows of the window's timeline and the cut lies inside the window.
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [TestSupport.packageRoot.appendingPathComponent("SampleLogs").path])
        let window = TimeWindow(since: Self.t("05:00:00"), until: Self.t("05:10:00"))
        let all = try Timeline(database: db, options: TimelineOptions(scope: .node("node-01"), window: window))
        let limited = try Timeline(database: db, options: TimelineOptions(scope: .node("node-01"), window: window, limit: 3))
        #expect(all.rows.count > 3)
        #expect((1...3).contains(limited.rows.count))
        let shown = Set(all.rows.map { "\($0.time) \($0.pod) \($0.reason)" })
        #expect(limited.rows.allSatisfy { shown.contains("\($0.time) \($0.pod) \($0.reason)") })
        let cut = try #require(limited.truncation?.from)
        #expect(cut >= Self.t("05:00:00") && cut < Self.t("05:10:00"))
        #expect((limited.truncation?.leftOut ?? 0) > 0)
    }
}
