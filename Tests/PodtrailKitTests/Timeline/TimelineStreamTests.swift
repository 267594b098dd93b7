import Foundation
import Testing

@testable import PodtrailKit

/// Issue 28: `--format csv|json` write each row as soon as no row still to be read can come
/// before it, and give the same bytes as the timeline built whole.
@Suite(.serialized) struct TimelineStreamTests {
    /// The timeline of `options` written by `Timeline.stream` (with the most rows it held) and
    /// built whole then rendered, in `format`.
    static func both(_ path: URL, _ options: TimelineOptions, _ format: TimelineFormat) throws -> (streamed: String, whole: String, held: Int, rows: Int)? {
        let db = try Database(path: path.path, readOnly: true)
        var streamed = ""
        var writer = TimelineWriter(format: format) { streamed += $0 }
        let timeline: Timeline
        do {
            timeline = try Timeline.stream(database: db, options: options, header: { writer.header($0) }, row: { writer.row($0) })
        } catch TimelineError.notFound {
            return nil
        }
        writer.finish(timeline)
        let whole = try Timeline(database: db, options: options)
        return (streamed, format.render(whole), timeline.mostRowsHeld, whole.rows.count)
    }

    static func scopes(_ path: URL) throws -> [TimelineScope] {
        let db = try Database(path: path.path, readOnly: true)
        let nodes = try TestSupport.rows(db, "SELECT DISTINCT node FROM pods WHERE node IS NOT NULL ORDER BY 1").map { TimelineScope.node($0) }
        let namespaces = try TestSupport.rows(db, "SELECT DISTINCT namespace FROM pods ORDER BY 1").map { TimelineScope.namespace($0) }
        let workload = try TestSupport.rows(db, """
            SELECT namespace || '/' || workload FROM pods WHERE workload IS NOT NULL AND snapshots > 0
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """).map { TimelineScope.workload(namespace: String($0.split(separator: "/")[0]), name: String($0.split(separator: "/")[1])) }
        let pod = try TestSupport.rows(db, "SELECT namespace || '/' || name FROM pods WHERE restarts > 0 ORDER BY uid LIMIT 1")
            .map { TimelineScope.pod($0, uid: nil) }
        return nodes + namespaces + workload + pod
    }

    /// Every scope of the simulated history, over each window and at limits from 1 (the limit
    /// falls in the first second) to past the whole timeline: the same bytes both ways, in CSV
    /// and JSON, truncation included.
    @Test func streamedOutputIsTheWholeTimelinesOutput() throws {
        let path = TimelineHistoryTests.history
        var compared = 0
        var truncated = 0
        for scope in try Self.scopes(path) {
            for window in TimelineHistoryTests.windows {
                for limit in [1, 3, 40, 500, 100_000] {
                    for format in [TimelineFormat.csv, .json] {
                        let options = TimelineOptions(scope: scope, window: window, limit: limit)
                        guard let (streamed, whole, _, rows) = try Self.both(path, options, format) else { continue }
                        #expect(streamed == whole, "\(scope) \(window) --limit \(limit) \(format)")
                        compared += rows
                        if whole.contains("\"truncated\"") { truncated += 1 }
                    }
                }
            }
        }
        #expect(compared > 10_000)
        #expect(truncated > 50)
    }

    /// SampleLogs' namespaces and nodes, whole and at a limit: the same bytes.
    @Test func sampleLogsStreamTheSameBytes() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("sample.sqlite")
        _ = try Ingestor(database: try Database(path: path.path)).ingest(paths: [TestSupport.packageRoot.appendingPathComponent("SampleLogs").path])
        for scope in try Self.scopes(path) {
            for limit in [25, 100_000] {
                let options = TimelineOptions(scope: scope, limit: limit)
                guard let (streamed, whole, _, _) = try Self.both(path, options, .json) else { continue }
                #expect(streamed == whole, "\(scope) --limit \(limit)")
            }
        }
    }

    /// A namespace over the whole history: the rows are handed over pod by pod, never all held
    /// (the whole timeline holds every row until the end). What stays held: the rows of the
    /// pods under way (a pod's rows are read at once) and the node and controller events (read
    /// first, at most a limit's per query); 688 of 3,034 rows when written.
    @Test func aLongWindowIsWrittenAsItIsRead() throws {
        let path = TimelineHistoryTests.history
        let db = try Database(path: path.path, readOnly: true)
        let namespace = try TestSupport.rows(db, "SELECT namespace FROM pods GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0]
        let options = TimelineOptions(scope: .namespace(namespace))
        let (_, _, held, rows) = try #require(try Self.both(path, options, .csv))
        let whole = try Timeline(database: db, options: options)
        #expect(rows > 2_000)
        #expect(whole.mostRowsHeld >= rows)
        let context = whole.rows.filter { $0.podUID.isEmpty }.count
        #expect(held * 3 < rows, "held \(held) of \(rows), context \(context)")
    }
}
