import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// Issue 28: a node's, namespace's or workload's timeline over a window reads the pods whose
/// span can touch the window (`pod_spans`, by index), not every pod the scope ever had, and
/// shows what reading every pod showed.
@Suite(.serialized) struct TimelineHistoryTests {
    /// Eight simulated hours (pods arriving late, an hour archived as events only, events without
    /// a pod uid from the simulator's router stream), ingested once into a file database.
    static let history: URL = {
        let folder = try! TestSupport.temporaryFolder()
        var options = SimulationOptions()
        options.hours = 8
        options.podsPerHour = 30
        options.nodes = 3
        options.latePodsPercent = 20
        options.eventsOnlyHours = 3..<4
        _ = try! Simulator.run(options, to: folder.appendingPathComponent("logs").path)
        let path = folder.appendingPathComponent("history.sqlite")
        let db = try! Database(path: path.path)
        _ = try! Ingestor(database: db).ingest(paths: [folder.appendingPathComponent("logs").path])
        return path
    }()

    /// A copy of the history without the view `pod_spans`: the timeline then reads every pod of
    /// its scope (as for a database of schema 10 read as it is), the answer to compare with.
    static let everyPod: URL = {
        let copy = history.deletingLastPathComponent().appendingPathComponent("every-pod.sqlite")
        try? FileManager.default.removeItem(at: copy)
        try! FileManager.default.copyItem(at: history, to: copy)
        let db = try! Database(path: copy.path)
        try! db.connection.execute("DROP VIEW pod_spans; PRAGMA wal_checkpoint(TRUNCATE)")
        return copy
    }()

    static func t(_ hour: Double) -> Timestamp {
        Timestamp(micros: SimTime.defaultStart * 1_000_000 + Int64(hour * 3_600_000_000))
    }

    /// What a timeline shows, as text: every column of every row.
    static func shown(_ timeline: Timeline) -> [String] {
        timeline.rows.map {
            "\($0.time) \($0.elapsed ?? -1) \($0.gap ?? -1) \($0.source) \($0.pod) \($0.podUID) \($0.object) \($0.reason) "
                + "\($0.message) \($0.count) \($0.firstSeen) \($0.lastSeen)"
        }
    }

    /// The scope's timeline over `window` read both ways; nil when neither finds anything.
    static func timelines(_ scope: TimelineScope, _ window: TimeWindow) throws -> (windowed: Timeline, every: Timeline)? {
        let options = TimelineOptions(scope: scope, window: window)
        func read(_ path: URL) throws -> Timeline? {
            do {
                return try Timeline(database: try Database(path: path.path, readOnly: true), options: options)
            } catch TimelineError.notFound {
                return nil
            }
        }
        let (windowed, every) = (try read(history), try read(everyPod))
        #expect((windowed == nil) == (every == nil), "\(scope) \(window)")
        guard let windowed, let every else { return nil }
        return (windowed, every)
    }

    /// The first lines where `a` and `b` differ (empty when equal).
    static func difference(_ a: [String], _ b: [String]) -> [String] {
        let first = Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count)
        if first == a.count && first == b.count { return [] }
        return ["\(a.count) rows against \(b.count); first difference at \(first):",
                first < a.count ? a[first] : "-", first < b.count ? b[first] : "-"]
    }

    static let windows: [TimeWindow] = [
        TimeWindow(since: t(1), until: t(2)),
        TimeWindow(since: t(3.25), until: t(3.5)),
        TimeWindow(since: t(6), until: t(6 + 1.0 / 6)),
        TimeWindow(since: t(7.5), until: nil),
        TimeWindow(since: nil, until: t(0.5)),
        TimeWindow(since: t(-1), until: t(20)),
    ]

    @Test func aNodeOverAWindowShowsWhatReadingEveryPodShows() throws {
        let db = try Database(path: Self.history.path, readOnly: true)
        let nodes = try TestSupport.rows(db, "SELECT DISTINCT node FROM pods WHERE node IS NOT NULL ORDER BY 1")
        #expect(nodes.count == 3)
        var compared = 0
        for window in Self.windows {
            for node in nodes {
                guard let (windowed, every) = try Self.timelines(.node(node), window) else { continue }
                #expect(Self.difference(Self.shown(windowed), Self.shown(every)) == [], "\(node) \(window)")
                #expect(windowed.pods.map(\.uid) == every.pods.map(\.uid), "\(node) \(window)")
                #expect(windowed.rowsRead <= every.rowsRead)
                compared += windowed.rows.count
            }
        }
        #expect(compared > 1_000)
    }

    /// A namespace or workload shows the same pod rows; beside them, the events of the nodes
    /// its pods ran on, from the first to the last instant of the pods that reach the window
    /// (before: of every pod the scope ever had on that node, so also between a pod that ended
    /// before the window and one that began inside it): a subset of what it showed.
    @Test func aNamespaceOrWorkloadOverAWindowShowsThePodRowsOfReadingEveryPod() throws {
        let db = try Database(path: Self.history.path, readOnly: true)
        let namespaces = try TestSupport.rows(db, "SELECT DISTINCT namespace FROM pods ORDER BY 1")
        let workloads = try TestSupport.rows(db, """
            SELECT namespace || '/' || workload FROM pods WHERE workload IS NOT NULL AND snapshots > 0
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 4
            """).map { TimelineScope.workload(namespace: String($0.split(separator: "/")[0]), name: String($0.split(separator: "/")[1])) }
        #expect(namespaces.count >= 3)
        var compared = 0
        for window in Self.windows {
            for scope in namespaces.map({ TimelineScope.namespace($0) }) + workloads {
                guard let (windowed, every) = try Self.timelines(scope, window) else { continue }
                // Gaps count from the previous row shown, node rows included: compared without them.
                let podRows = { (timeline: Timeline) in
                    timeline.rows.filter { $0.source != .node }.map { "\($0.time) \($0.elapsed ?? -1) \($0.pod) \($0.podUID) \($0.reason) \($0.message)" }
                }
                #expect(Self.difference(podRows(windowed), podRows(every)) == [], "\(scope) \(window)")
                let nodeRows = { (timeline: Timeline) in timeline.rows.filter { $0.source == .node }.map { "\($0.time) \($0.object) \($0.reason)" } }
                #expect(Set(nodeRows(windowed)).isSubset(of: Set(nodeRows(every))), "\(scope) \(window)")
                compared += windowed.rows.count
            }
        }
        #expect(compared > 1_000)
    }

    @Test func aLateHourReadsItsOwnPodsNotTheHistory() throws {
        let window = TimeWindow(since: Self.t(7), until: Self.t(8))
        let db = try Database(path: Self.history.path, readOnly: true)
        let node = try #require(try TestSupport.rows(db, "SELECT node FROM pods WHERE node IS NOT NULL GROUP BY node ORDER BY count(*) DESC LIMIT 1").first)
        let (windowed, every) = try #require(try Self.timelines(.node(node), window))
        #expect(!windowed.rows.isEmpty)
        // The pods of eight hours against those that reach the last one.
        #expect(windowed.rowsRead * 3 < every.rowsRead * 2, "\(windowed.rowsRead) rows read, reading every pod \(every.rowsRead)")
    }
}

/// The indexes that make a windowed timeline's cost follow its window (query plans on a new
/// database: SQLite without statistics, as every podtrail database is).
struct TimelinePlanTests {
    static func plan(_ sql: String) throws -> String {
        let db = try Database(path: ":memory:")
        return try TestSupport.rows(db, "EXPLAIN QUERY PLAN " + sql).joined(separator: "\n")
    }

    @Test(arguments: [
        (["node = :node"], "pod_spans_cache_node"),
        (["namespace = :namespace"], "pod_spans_cache_namespace"),
        (["namespace = :namespace", "workload = :workload"], "pod_spans_cache_namespace"),
    ])
    func theCandidatesOfAWindowAreReadByTheSpanIndexes(spanFilter: [String], index: String) throws {
        let sql = TimelinePodQuery.windowedSQL(
            spanFilter: spanFilter, podFilter: spanFilter.map { "p." + $0 }, eventFilter: [], namespace: spanFilter.count > 0,
            withoutUIDIndex: true)
        let plan = try Self.plan(sql)
        #expect(plan.contains("USING INDEX \(index) (") && plan.contains("AND <expr>>?)"), "\(plan)")
        #expect(plan.contains("USING INDEX events_pod_without_uid_time (<expr>>?)"), "\(plan)")
        #expect(!plan.contains("SCAN e\n") && !plan.contains("SCAN events") && !plan.contains("SCAN pods"), "\(plan)")
    }

    /// A pod's summary counts its OOM kills through the pod's own index, not the reason index
    /// (every OOM kill of the history).
    @Test func aPodsOOMKillsAreCountedByItsIndex() throws {
        let plan = try Self.plan(TimelineSummary.oomKillsSQL)
        #expect(plan.contains("container_terminations_identity"), "\(plan)")
        #expect(!plan.contains("container_terminations_reason"), "\(plan)")
    }

    @Test func nodeAndControllerEventsAreReadFromTheWindowsStart() throws {
        #expect(try Self.plan(TimelineContextRows.nodeEventsSQL).contains("USING INDEX events_node_time (object_name=? AND <expr>>?)"))
        #expect(try Self.plan(TimelineContextRows.objectEventsSQL).contains("USING INDEX events_controller_time (namespace=? AND <expr>>?)"))
    }

    /// A pod's own events stay on the uid and name indexes (not the partial time index); by
    /// name, on the index of the events without a uid only (schema v12), not on
    /// events_object, which holds the events of every pod that ever had the name.
    @Test func aPodsEventsAreReadByItsUIDAndName() throws {
        let plan = try Self.plan(TimelinePodRows.podEvents(where: TimelinePodRows.eventInWindow))
        #expect(plan.contains("USING INDEX events_object_uid (object_uid=?)"), "\(plan)")
        #expect(
            plan.contains("USING INDEX events_pod_name_without_uid (object_kind=? AND namespace=? AND object_name=? AND cluster=?)"),
            "\(plan)")
    }
}

extension TimelineHistoryTests {
    /// pod_spans' instants against the first and last row of each pod's whole timeline
    /// (`TimelinePodRows.boundsFromRows`, Swift over each kind of row), exactly: a timeline
    /// counts elapsed times from known_from.
    @Test func eachPodsSpanHoldsItsWholeTimeline() throws {
        for path in [Self.history.path, "SampleLogs"] {
            let db: Database
            if path == "SampleLogs" {
                db = try Database(path: ":memory:")
                _ = try Ingestor(database: db).ingest(paths: [TestSupport.packageRoot.appendingPathComponent("SampleLogs").path])
            } else {
                db = try Database(path: path, readOnly: true)
            }
            let store = TimelineStore(connection: db.connection)
            let rows = TimelinePodRows(store: store)
            var checked = 0
            for span in try store.rows("SELECT cluster, pod_uid, known_from, known_until FROM pod_spans") {
                let uid = try #require(span.text("pod_uid"))
                let (pods, _, _) = try TimelinePodQuery(store: store).pods(.uid(uid), cluster: span.text("cluster"), window: .unbounded)
                let pod = try #require(pods.first)
                let (begin, last) = try rows.boundsFromRows(of: pod)
                func close(_ a: Timestamp?, _ b: Timestamp?) -> Bool { a == b }
                #expect(close(span.stamp("known_from"), begin), "\(uid): \(String(describing: span.text("known_from"))) \(String(describing: begin))")
                #expect(close(span.stamp("known_until"), last), "\(uid): \(String(describing: span.text("known_until"))) \(String(describing: last))")
                checked += 1
            }
            #expect(checked > 20)
        }
    }
}
