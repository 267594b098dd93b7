import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// `podtrail prune`: what goes, what stays, and reports across the cut equal to the reports
/// before it (`Retention`, `Rollup`, `ReportRollups`).
struct RetentionTests {
    /// 36 simulated hours from 2026-11-27T00:00:00Z ingested into `pruned.sqlite`, with an
    /// untouched copy `whole.sqlite` beside it.
    struct History {
        var folder: URL
        var pruned: Database
        var whole: Database
    }

    static func history(hours: Int = 36) throws -> History {
        var options = SimulationOptions()
        (options.seed, options.hours, options.podsPerHour, options.nodes) = (11, hours, 40, 4)
        let folder = try TestSupport.temporaryFolder()
        let archive = folder.appendingPathComponent("archive")
        _ = try Simulator.run(options, to: archive.path)
        let pruned = try Database(path: folder.appendingPathComponent("pruned.sqlite").path)
        _ = try Ingestor(database: pruned, options: IngestOptions(cluster: "default")).ingest(paths: [archive.path])
        let copy = folder.appendingPathComponent("whole.sqlite").path
        _ = try pruned.connection.rows("VACUUM INTO ?", [.text(copy)])
        return History(folder: folder, pruned: pruned, whole: try Database(path: copy))
    }

    static let cut = Timestamp.parse("2026-11-28T06:00:00Z")!

    /// The report of `scope` from `db`, written into `name`: its files by name.
    static func report(_ db: Database, _ scope: ReportScope, in folder: URL, _ name: String) throws -> [String: String] {
        let out = folder.appendingPathComponent(name)
        try ReportBuilder(database: db, scope: scope, top: 10).write(formats: [.markdown, .csv], to: out.path)
        var files: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[file] = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
        }
        return files
    }

    /// The `## name` section of a report.md, up to the next section.
    static func section(_ name: String, of markdown: String) -> String {
        guard let start = markdown.range(of: "## \(name)\n") else { return "" }
        let rest = markdown[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The report's "Window: …" line.
    static func windowLine(_ markdown: String) throws -> String {
        String(try #require(markdown.split(separator: "\n").first { $0.hasPrefix("Window: ") }))
    }

    /// The lines of a section's tables and sentences, without the note on pruned history.
    static func lines(_ section: String) -> [Substring] {
        section.split(separator: "\n").filter { !$0.hasPrefix("**Pruned history.**") }
    }

    /// The summary without the note on pruned history.
    static func summaryFigures(_ markdown: String) -> [Substring] { lines(section("Summary", of: markdown)) }

    @Test func aReportAcrossTheCutHasTheFiguresOfTheReportBeforePruning() throws {
        let history = try Self.history()
        let summary = try Retention(database: history.pruned).prune(before: Self.cut)
        #expect(summary.pods > 100, "\(summary.line)")
        #expect(summary.straddling > 0, "\(summary.line)")
        let days = TimeWindow(since: Timestamp.parse("2026-11-27T00:00:00Z"), until: Timestamp.parse("2026-11-29T00:00:00Z"))
        let scopes = [
            ReportScope(window: days), ReportScope(window: .unbounded),
            ReportScope(window: TimeWindow(since: Timestamp.parse("2026-11-27T00:00:00Z"), until: Timestamp.parse("2026-11-28T00:00:00Z"))),
            ReportScope(window: days, namespaces: ["shop"]),
        ]
        for (n, scope) in scopes.enumerated() {
            let before = try Self.report(history.whole, scope, in: history.folder, "before-\(n)")
            let after = try Self.report(history.pruned, scope, in: history.folder, "after-\(n)")
            let (was, now) = (try #require(before["report.md"]), try #require(after["report.md"]))
            #expect(Self.summaryFigures(now) == Self.summaryFigures(was), "scope \(n)")
            #expect(after["phase_duration_percentiles.csv"] == before["phase_duration_percentiles.csv"], "scope \(n)")
            #expect(Self.section("Data coverage", of: now) == Self.section("Data coverage", of: was), "scope \(n)")
            // The startup SLI of each day: the table of days, before the pods over 5 s.
            let sli = { (text: String) in
                Self.lines(Self.section("Startup SLI", of: text)).filter { $0.hasPrefix("|") }.prefix { !$0.hasPrefix("| Namespace") }
            }
            #expect(sli(now) == sli(was), "scope \(n)")
            #expect(now.contains("**Pruned history.**"), "scope \(n)")
            #expect(try Self.windowLine(now) == Self.windowLine(was), "scope \(n)")
            #expect(!was.contains("**Pruned history.**"), "scope \(n)")
            // The per-pod sections list only the pods still held.
            #expect(Self.section("Crash loops", of: now) != Self.section("Crash loops", of: was) || n == 3, "scope \(n)")
        }
        // A window and its previous one after the cut read no rollups and say nothing of them.
        let recent = ReportScope(window: TimeWindow(since: Timestamp.parse("2026-11-28T09:00:00Z"), until: Timestamp.parse("2026-11-28T12:00:00Z")))
        let before = try Self.report(history.whole, recent, in: history.folder, "recent-before")
        let after = try Self.report(history.pruned, recent, in: history.folder, "recent-after")
        #expect(Self.section("Summary", of: after["report.md"] ?? "x") == Self.section("Summary", of: before["report.md"] ?? "y"))
    }

    @Test func aWindowWithPartOfAPrunedDaySaysItsCountsAreLeftOut() throws {
        let history = try Self.history(hours: 30)
        _ = try Retention(database: history.pruned).prune(before: Self.cut)
        let scope = ReportScope(window: TimeWindow(since: Timestamp.parse("2026-11-27T12:00:00Z"), until: Timestamp.parse("2026-11-28T12:00:00Z")))
        let report = try Self.report(history.pruned, scope, in: history.folder, "partial")
        #expect(report["report.md"]?.contains("The window holds only part of 2026-11-27 and 2026-11-28, before the cut") == true)
        // The percentiles still take every pod created in the window (a row per pod is kept).
        let whole = try Self.report(history.whole, scope, in: history.folder, "partial-whole")
        #expect(report["phase_duration_percentiles.csv"] == whole["phase_duration_percentiles.csv"])
    }

    @Test func onlyPodsWhoseEveryInstantIsBeforeTheCutGoAndTheRestStayRowForRow() throws {
        let history = try Self.history(hours: 30)
        let cut = SQLValue.text(Self.cut.description)
        let keptRows = { (db: Database) throws -> [String] in try FaultPruneTests.newerThanTheCut(db.path, cut: Self.cut) }
        let before = try keptRows(history.whole)
        let summary = try Retention(database: history.pruned).prune(before: Self.cut)
        #expect(try keptRows(history.pruned) == before)
        let db = history.pruned.connection
        #expect(try db.scalar("SELECT count(*) FROM pod_spans WHERE julianday(known_until) < julianday(?)", [cut]).int == 0)
        #expect(try db.scalar("SELECT count(*) FROM rollup_pods").int == Int64(summary.pods))
        #expect(try db.scalar("SELECT count(*) FROM rollup_pods r JOIN pods p ON p.uid = r.pod_uid").int == 0)
        #expect(try db.scalar("SELECT count(*) FROM events WHERE julianday(coalesce(last_seen, first_seen)) < julianday(?) AND object_kind <> 'Pod'", [cut]).int == 0)
        for cache in DerivedDefinitions.shipped.cachedAnalyses.map(\.cache) {
            #expect(try db.scalar("SELECT count(*) FROM \(cache) c WHERE NOT EXISTS (SELECT 1 FROM pods p WHERE p.uid = c.pod_uid)").int == 0, "\(cache)")
        }
        // The files whose every record lies before the cut are marked; none is read again.
        #expect(summary.sources > 0)
        #expect(try db.scalar("SELECT count(*) FROM pruned_sources").int == Int64(summary.sources))
        #expect(try db.scalar("SELECT count(*) FROM rejects r JOIN pruned_sources s ON s.source_id = r.source_id").int == 0)
        let again = try Ingestor(database: history.pruned, options: IngestOptions(cluster: "default"))
            .ingest(paths: [history.folder.appendingPathComponent("archive").path])
        #expect(again.files == 0)
        // A second prune at the same cut finds nothing more.
        let second = try Retention(database: history.pruned).prune(before: Self.cut)
        #expect(second.pods == 0 && second.events == 0 && second.sources == 0)
        #expect(try db.scalar("PRAGMA integrity_check").string == "ok")
        #expect(try DatabaseStats(db).render().contains("pruned before 2026-11-28T06:00:00Z: \(summary.pods) pods and "))
    }

    @Test func aNewDatabaseShrinksWhenPruned() throws {
        let history = try Self.history(hours: 30)
        #expect(try history.pruned.connection.scalar("PRAGMA auto_vacuum").int == 2)
        let summary = try Retention(database: history.pruned).prune(before: Self.cut)
        let (before, after) = (try #require(summary.bytesBefore), try #require(summary.bytesAfter))
        #expect(summary.shrinks)
        #expect(after < before * 3 / 4, "\(summary.line)")
        #expect(try history.pruned.connection.scalar("PRAGMA freelist_count").int == 0)
    }

    @Test func aDatabaseWithoutAutoVacuumIsPrunedAndSaysItDoesNotShrink() throws {
        let history = try Self.history(hours: 30)
        try history.whole.connection.execute("PRAGMA journal_mode = DELETE; PRAGMA auto_vacuum = NONE; VACUUM; PRAGMA journal_mode = WAL")
        #expect(try history.whole.connection.scalar("PRAGMA auto_vacuum").int == 0)
        let summary = try Retention(database: history.whole).prune(before: Self.cut)
        #expect(!summary.shrinks)
        #expect(summary.pods > 0)
        #expect(summary.line.contains("the file does not shrink"))
    }

    @Test(arguments: ["90d", "2w", "36h"]) func keepCountsBackFromTheNewestData(_ keep: String) throws {
        let db = try Database(path: ":memory:")
        try db.connection.execute("""
            INSERT INTO sources (cluster, path, size, fingerprint, format, ingested_at, status) VALUES ('c', 'f', 1, 'x', 'json', '2026-12-01T00:00:00Z', 'complete');
            INSERT INTO events (cluster, uid, count, first_seen, last_seen, api_version) VALUES ('c', 'e', 1, '2026-11-30T00:00:00Z', '2026-11-30T12:00:00Z', 'v1');
            """)
        let seconds = try Retention.keepSeconds(keep)
        let cut = try #require(try Retention(database: db).cut(keeping: seconds))
        #expect(cut.micros == Timestamp.parse("2026-11-30T12:00:00Z")!.micros - Int64(seconds * 1_000_000))
    }

    @Test(arguments: ["", "0d", "soon", "400000d"]) func keepRefusesWhatIsNoDuration(_ keep: String) {
        #expect(throws: TimeWindowError.self) { try Retention.keepSeconds(keep) }
    }
}
