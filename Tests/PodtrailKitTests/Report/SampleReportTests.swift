import Foundation
import Testing

@testable import PodtrailKit

/// The README's first command — `podtrail nightly --input SampleLogs --db sample.sqlite --out
/// report` — run through `NightlyJob`, its files compared with the copy the README links to,
/// `Docs/sample-report/` (`RECORD_SNAPSHOTS=1 swift test` rewrites it; review the diff).
struct SampleReportTests {
    static let root = TestSupport.packageRoot
    static let golden = root.appendingPathComponent("Docs/sample-report")

    /// Runs the nightly job over SampleLogs in a temporary folder; returns the latest report folder.
    static func runNightly() throws -> (folder: URL, result: NightlyJob.Result) {
        let folder = try TestSupport.temporaryFolder()
        let job = NightlyJob(
            databasePath: folder.appendingPathComponent("sample.sqlite").path,
            inputs: [root.appendingPathComponent("SampleLogs").path],
            outputFolder: folder.appendingPathComponent("report").path, windowSeconds: 86_400)
        return (folder, try job.run())
    }

    @Test func nightlyOverSampleLogsMatchesTheReportInDocs() throws {
        let (folder, result) = try Self.runNightly()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.exitCode == 0)
        #expect(result.ingest.rejects == 0)
        let latest = folder.appendingPathComponent("report/latest")
        let names = try FileManager.default.contentsOfDirectory(atPath: latest.path).sorted()
        #expect(names == ReportTests.fileNames.sorted())
        for name in ReportTests.fileNames {
            let text = try String(contentsOf: latest.appendingPathComponent(name), encoding: .utf8)
            try ReportSnapshot.assert(text, named: name, in: Self.golden)
        }
    }

    @Test func sampleReportCSVsParseWithPythonsCSVModule() throws {
        let (folder, _) = try Self.runNightly()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latest = folder.appendingPathComponent("report/latest")
        for name in ReportTests.fileNames where name.hasSuffix(".csv") {
            let text = try String(contentsOf: latest.appendingPathComponent(name), encoding: .utf8)
            let rows = try #require(try CSVParse.python(text), "python3 is needed for this test")
            #expect(rows.count > 1, "\(name) has no rows")
            // Every row has the header's column count, and the header is the documented one.
            #expect(rows.allSatisfy { $0.count == rows[0].count }, "\(name) is ragged")
            let header = text.components(separatedBy: "\r\n")[0]
            #expect(rows.first?.joined(separator: ",") == header, "\(name) header")
        }
    }

    /// `write(to:)` hands status_durations.csv to its file in pieces as the rows are read: with
    /// pieces of about 100 bytes (hundreds of writes), every file is byte for byte the one
    /// `build()` holds in memory, and no temporary file is left; markdown alone writes no CSV.
    @Test func reportWrittenPieceByPieceEqualsTheReportBuiltWhole() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        var builder = ReportBuilder(database: db, scope: ReportScope())
        builder.statusCSVChunk = 100
        let whole = try builder.build()
        let status = try #require(whole.first { $0.name == "status_durations.csv" }?.text)
        #expect(status.utf8.count > 100 * 100, "the file is written in many pieces")
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try builder.write(to: folder.appendingPathComponent("all").path)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("all").path).sorted()
        #expect(names == whole.map(\.name).sorted())
        for file in whole {
            let written = try Data(contentsOf: folder.appendingPathComponent("all/\(file.name)"))
            #expect(written == Data(file.text.utf8), "\(file.name)")
        }
        try builder.write(formats: .markdown, to: folder.appendingPathComponent("md").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("md").path) == ["report.md"])
    }

    /// The report's percentiles (Swift, any window) and the view `phase_duration_percentiles`
    /// (SQL, whole database) state one rule twice: over the whole of SampleLogs they agree.
    @Test func reportPercentilesEqualThePercentileView() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let rows = try #require(try ViewReader(connection: db.connection, scope: ReportScope()).rows(
            of: "phase_durations", columns: ["cluster", "namespace", "workload"] + ReportColumns.phases, timeColumn: "created_at"))
        let swift = PhaseStatistic.aggregate(rows).map { s in
            [s.cluster, s.namespace, s.workload, s.duration, "\(s.pods)", "\(s.p50)", "\(s.p90)", "\(s.p99)", "\(s.max)"]
                .joined(separator: " ")
        }
        let sql = try db.connection.rows("""
            SELECT cluster, namespace, workload, duration, pods, p50_s, p90_s, p99_s, max_s FROM phase_duration_percentiles
            """).map { row in row.map { $0.double.map { "\($0)" } ?? $0.description }.enumerated()
                .map { $0.offset == 4 ? String($0.element.prefix { $0 != "." }) : $0.element }.joined(separator: " ") }
        #expect(swift.count > 100)
        #expect(Set(swift) == Set(sql))
        #expect(swift.count == sql.count)
    }

    /// The report's windowed OOM rates follow the `oom_rates` view's rule: over the whole of
    /// SampleLogs the two give the same rows, value for value.
    @Test func reportOOMRatesEqualTheViewOverAllTime() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let reader = ViewReader(connection: db.connection, scope: ReportScope())
        let runs = try #require(try reader.rows(
            of: "container_runs", columns: ["cluster", "namespace", "workload", "container", "running_s"], timeColumn: "started_at"))
        let kills = try #require(try reader.rows(of: "oom_kills", columns: ReportColumns.oomKills, timeColumn: "killed_at"))
        let swift = OOMRate.aggregate(runs: runs, kills: kills).map(\.values)
        let view = try #require(try reader.rows(of: "oom_rates", columns: ReportColumns.oomRates, timeColumn: nil)).map(\.values)
        #expect(swift.count > 20)
        #expect(swift.filter { $0[4] != .integer(0) }.count > 5)
        #expect(swift == view)
    }

    /// The report's Startup SLI days (Swift, the window's whole UTC days) and the view
    /// `startup_sli_days` (SQL, every day) state one rule twice: over SampleLogs they agree, for
    /// the whole history and for a two-hour window inside the day (which reports the whole day).
    @Test func reportStartupSLIDaysEqualTheView() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let view = try db.connection.rows("""
            SELECT cluster, day, pods, p50_s, p90_s, p99_s, max_s, slo_met, excluded FROM startup_sli_days
            WHERE scope = 'cluster' ORDER BY day, cluster
            """)
        #expect(view.count >= 1)
        #expect(view.contains { ($0[2].int ?? 0) > 100 && ($0[8].int ?? 0) > 0 })
        let window = TimeWindow(since: Timestamp.parse("2026-11-27T02:00:00Z"), until: Timestamp.parse("2026-11-27T04:00:00Z"))
        for scope in [ReportScope(), ReportScope().with(window: window)] {
            let days = try #require(try ReportData.startupSLIDays(db.connection, scope: scope)).map(\.values)
            #expect(days == view)
        }
    }

    /// Rows folded as they are read (`forEachRow`, for the views with millions of rows in a
    /// week) are the rows `rows(of:)` returns, in the same order, windowed the same way.
    @Test func rowsFoldedAsTheyAreReadAreTheRowsReadWhole() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let window = TimeWindow(since: Timestamp.parse("2026-11-27T02:00:00Z"), until: Timestamp.parse("2026-11-27T04:00:00Z"))
        for scope in [ReportScope(), ReportScope().with(window: window)] {
            let reader = ViewReader(connection: db.connection, scope: scope)
            for (view, columns, time) in [
                ("status_durations", ReportColumns.statusDurations, "created_at"), ("container_runs", OOMRate.runColumns, "started_at"),
            ] {
                let whole = try #require(try reader.rows(of: view, columns: columns, timeColumn: time)).map(\.values)
                var folded: [[SQLValue]] = []
                #expect(try reader.forEachRow(of: view, columns: columns, timeColumn: time) { folded.append($0) })
                #expect(folded == whole, "\(view)")
                #expect(whole.count > 10, "\(view) has rows in the window")
            }
            #expect(try !reader.forEachRow(of: "no_such_view", columns: ["cluster"], timeColumn: nil) { _ in })
        }
        // StatusTotals: the totals of the rows, counted here by hand.
        var totals = StatusTotals(keepingCSV: true)
        let rows = try #require(try ViewReader(connection: db.connection, scope: ReportScope()).rows(
            of: "status_durations", columns: ReportColumns.statusDurations, timeColumn: "created_at"))
        for row in rows { totals.add(row.values) }
        let running = rows.filter { $0.text("status") == "Running" }
        #expect(totals.pods["Running"] == running.count)
        #expect(abs(totals.seconds["Running"]! - running.reduce(0) { $0 + ($1["seconds"].double ?? 0) }) < 1e-6)
        #expect(totals.csv?.text.split(separator: "\r\n").count == rows.count + 1)
    }
    /// A window also given as a text range (`textRange`, for the views over events whose time
    /// an index ranges over) keeps the rows the `julianday` window keeps: windows on whole
    /// seconds, inside a second (SampleLogs' events carry microseconds), with an offset.
    @Test func aWindowAsATextRangeKeepsTheSameRows() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let pulled = try #require(Timestamp.parse(
            try TestSupport.rows(db, "SELECT last_seen FROM image_pulls ORDER BY julianday(last_seen) LIMIT 1 OFFSET 40")[0]))
        let halfSecond = Timestamp(micros: pulled.micros + 500_000)
        let windows = [
            TimeWindow(since: Timestamp.parse("2026-11-27T02:00:00Z"), until: Timestamp.parse("2026-11-27T04:00:00Z")),
            TimeWindow(since: Timestamp.parse("2026-11-27T03:00:00+01:00"), until: Timestamp.parse("2026-11-27T00:30:00-03:00")),
            TimeWindow(since: pulled, until: nil),
            TimeWindow(since: halfSecond, until: nil),
            TimeWindow(since: nil, until: pulled),
            TimeWindow(since: nil, until: halfSecond),
            TimeWindow(since: pulled, until: Timestamp(micros: pulled.micros + 1)),
        ]
        var kept = 0
        for window in windows {
            let reader = ViewReader(connection: db.connection, scope: ReportScope().with(window: window))
            let exact = try #require(try reader.rows(of: "image_pulls", columns: ImagePullTime.columns + ["last_seen"], timeColumn: "last_seen", splitting: []))
            let ranged = try #require(try reader.rows(
                of: "image_pulls", columns: ImagePullTime.columns + ["last_seen"], timeColumn: "last_seen", splitting: [], textRange: true))
            #expect(ranged.map { $0.map(\.values) } == exact.map { $0.map(\.values) }, "\(window)")
            kept += exact[0].count
        }
        #expect(kept > 40)
    }

    /// status_durations read straight from its cache in the order of its index (when no pod is
    /// stale and the view is the shipped one) are the view's rows in the order of time and every
    /// column, in every scope; a stale pod or an edited view sends the read to the view.
    @Test func statusDurationsFromTheirCacheAreTheViewsRowsInOrder() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let connection = db.connection
        let columns = ReportColumns.statusDurations
        let namespace = try #require(try connection.scalar("SELECT namespace FROM pods ORDER BY uid LIMIT 1").string)
        let cluster = try #require(try connection.scalar("SELECT cluster FROM pods ORDER BY uid LIMIT 1").string)
        let since = "2026-11-27T02:00:00Z", until = "2026-11-27T04:00:00Z"
        let scopes: [(ReportScope, String, [SQLValue])] = [
            (ReportScope(), "1", []),
            (ReportScope(window: TimeWindow(since: Timestamp.parse(since), until: Timestamp.parse(until))),
             "julianday(created_at) >= julianday(?) AND julianday(created_at) < julianday(?)", [.text(since), .text(until)]),
            (ReportScope(namespaces: [namespace]), "namespace = ?", [.text(namespace)]),
            (ReportScope(cluster: cluster), "cluster = ?", [.text(cluster)]),
        ]
        func read(_ scope: ReportScope) throws -> [[SQLValue]] {
            var rows: [[SQLValue]] = []
            #expect(try ViewReader(connection: connection, scope: scope).forEachRow(
                of: "status_durations", columns: columns, timeColumn: "created_at") { rows.append($0) })
            return rows
        }
        for (scope, condition, bindings) in scopes {
            #expect(try ViewReader(connection: connection, scope: scope).cachedStatusDurations(columns: columns) != nil)
            let expected = try connection.rows(
                "SELECT \(columns.joined(separator: ", ")) FROM status_durations WHERE \(condition) "
                    + "ORDER BY julianday(created_at), 1, 2, 3, 4, 5, 6, 7", bindings)
            #expect(expected.count > 10)
            #expect(try read(scope) == expected)
        }
        // Not in an order the index gives, or with a column the cache lacks: read from the view.
        let reader = ViewReader(connection: connection, scope: ReportScope())
        #expect(try reader.cachedStatusDurations(columns: ["pod_uid", "cluster", "status"]) == nil)
        #expect(try reader.cachedStatusDurations(columns: ["cluster", "pod_uid", "seconds", "status"]) == nil)
        #expect(try reader.cachedStatusDurations(columns: ["cluster", "pod_uid", "status", "phase"]) == nil)
        // A stale pod: its rows are computed by the view, so the cache is not read.
        let all = try read(ReportScope())
        let uid = try #require(all.first?[1].string)
        try connection.execute("UPDATE status_durations_cache SET seconds = -1 WHERE pod_uid = '\(uid)'")
        try connection.execute("INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE uid = '\(uid)'")
        #expect(try reader.cachedStatusDurations(columns: columns) == nil)
        #expect(try read(ReportScope()) == all)
        // An edited view is read as it is.
        try connection.execute("DELETE FROM stale_pods")
        try connection.execute("DROP VIEW status_durations; CREATE VIEW status_durations AS SELECT * FROM status_durations_cache WHERE seconds >= 0")
        #expect(try reader.cachedStatusDurations(columns: columns) == nil)
        let edited = try read(ReportScope())
        #expect(edited == all.filter { $0[1].string != uid })
        #expect(edited.count < all.count)
    }
}
