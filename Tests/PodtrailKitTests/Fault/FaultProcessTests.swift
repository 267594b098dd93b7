import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// The `podtrail` process killed, racing another, or out of disk: the database always opens and
/// holds exactly whole files. Runs the built binary; serialized, as each test is timing-bound.
@Suite(.serialized)
struct FaultProcessTests {
    /// Kill points per crash test: enough to land in opening, migrating, mid-file, between files
    /// and committing, while the whole test stays well under a minute on two cores.
    static let killPoints = 20

    @Test func killNineAtAnyPointThenARunGivesExactlyTheRowsOfOneCleanRun() throws {
        let archive = try FaultSupport.archive(files: 6, records: 1500)
        let work = archive.deletingLastPathComponent()
        let started = Date()
        let clean = try FaultSupport.run(["ingest", "--quiet", "--db", "clean.sqlite", "archive"], in: work)
        let duration = Date().timeIntervalSince(started)
        #expect(clean.status == 1, "the archive holds a truncated gzip: \(clean.stderr)")
        let expected = try FaultSupport.checksum(work.appendingPathComponent("clean.sqlite").path)
        #expect(expected["events"]?.hasPrefix("0:") == false)
        var generator = SplitMix64(seed: 0x9e37_79b9)  // the same kill points on every run
        var landed = 0
        for point in 0..<Self.killPoints {
            let db = "killed-\(point).sqlite"
            // Spread the kill points over the whole run, jittered.
            let fraction = (Double(point) + Double(generator.next() % 1000) / 1000) / Double(Self.killPoints)
            let process = try FaultSupport.start(["ingest", "--quiet", "--db", db, "archive"], in: work)
            usleep(useconds_t(fraction * duration * 1_000_000))
            kill(process.0.processIdentifier, SIGKILL)
            let killed = FaultSupport.finish(process)
            if killed.signalled { landed += 1 }
            // The rerun fails (exit 1) only if it is the one that reads the truncated gzip.
            let cutDone = Self.holds(work.appendingPathComponent(db).path, path: "archive/90-cut.gz")
            let rerun = try FaultSupport.run(["ingest", "--quiet", "--db", db, "archive"], in: work)
            #expect(rerun.status == (cutDone ? 0 : 1), "kill point \(point): \(rerun.stderr)")
            #expect(!rerun.stderr.contains("SQLite error"), "kill point \(point): \(rerun.stderr)")
            #expect(try FaultSupport.checksum(work.appendingPathComponent(db).path) == expected, "kill point \(point) at \(fraction)")
            // A third run adds nothing: every file is in the ledger.
            if point % 5 == 0 {
                let again = try FaultSupport.run(["ingest", "--db", db, "archive"], in: work)
                #expect(again.stderr.contains("0 files read, 8 already ingested"), "\(again.stderr)")
                #expect(try FaultSupport.checksum(work.appendingPathComponent(db).path) == expected)
            }
            try? FileManager.default.removeItem(at: work.appendingPathComponent(db))
        }
        #expect(landed >= Self.killPoints / 2, "most kills should land before the run ends")
    }

    /// Races that failed before their fixes: "table sources already exists" (the version was not
    /// re-read inside the migration transaction), "is not a podtrail database" (version and
    /// tables read in two snapshots), "database is locked" (switching to WAL does not wait).
    @Test func twoIngestsCreatingOneNewDatabaseBothSucceed() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("a.json"))
        try Data((IngestorTests.event(uid: "b") + "\n").utf8).write(to: folder.appendingPathComponent("b.json"))
        for round in 0..<16 {
            let db = "race-\(round).sqlite"
            let a = try FaultSupport.start(["ingest", "--quiet", "--db", db, "a.json"], in: folder)
            let b = try FaultSupport.start(["ingest", "--quiet", "--db", db, "b.json"], in: folder)
            for run in [FaultSupport.finish(a), FaultSupport.finish(b)] {
                #expect(run.status == 0, "round \(round): \(run.stderr)")
            }
            let connection = try Connection(path: folder.appendingPathComponent(db).path, mode: .readOnly)
            #expect(try connection.rows("SELECT uid FROM events ORDER BY uid").map(\.[0].description) == ["a", "b"])
        }
    }

    /// Whether the database at `db` exists and its ledger lists `path` (false when the kill
    /// left no database or one without a committed schema).
    static func holds(_ db: String, path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: db), let connection = try? Connection(path: db, mode: .readOnly) else { return false }
        return (try? connection.scalar("SELECT count(*) FROM sources WHERE path = ?", [.text(path)]).int) == 1
    }

    @Test func twoIngestsWithStatsAndTimelineAtOnceAllCompleteWithEveryRow() throws {
        let first = try FaultSupport.archive(files: 4, records: 1500)
        let second = try FaultSupport.archive(files: 4, records: 1500, tag: "b-")
        let work = first.deletingLastPathComponent()
        try FileManager.default.moveItem(at: second, to: work.appendingPathComponent("archive2"))
        // The expected content: one ingest after the other into one fresh database.
        _ = try FaultSupport.run(["ingest", "--quiet", "--db", "serial.sqlite", "archive"], in: work)
        _ = try FaultSupport.run(["ingest", "--quiet", "--db", "serial.sqlite", "archive2"], in: work)
        // Ids follow the order the two ingests interleave in (snapshot_id: the analysis cache's
        // pointer to pod_snapshots.id); everything else must be equal.
        let unordered: Set<String> = ["id", "source_id", "snapshot_id", "ingested_at"]
        let expected = try FaultSupport.checksum(work.appendingPathComponent("serial.sqlite").path, excluding: unordered)
        // Both ingests start on a database that does not exist yet: they race to create it too.
        let a = try FaultSupport.start(["ingest", "--quiet", "--db", "shared.sqlite", "archive"], in: work)
        let b = try FaultSupport.start(["ingest", "--quiet", "--db", "shared.sqlite", "archive2"], in: work)
        var statsRuns: [FaultSupport.Run] = []
        var timelineRuns: [FaultSupport.Run] = []
        while a.0.isRunning || b.0.isRunning {
            if FileManager.default.fileExists(atPath: work.appendingPathComponent("shared.sqlite").path) {
                statsRuns.append(try FaultSupport.run(["stats", "--db", "shared.sqlite"], in: work))
                timelineRuns.append(try FaultSupport.run(["timeline", "--db", "shared.sqlite", "--namespace", "shop", "--format", "csv"], in: work))
            }
            usleep(50_000)
        }
        for run in timelineRuns {
            #expect(!run.signalled && run.status <= 1, "\(run.stderr)")
            #expect(!run.stderr.contains("locked") && !run.stderr.contains("SQLite error"), "\(run.stderr)")
        }
        let runA = FaultSupport.finish(a)
        let runB = FaultSupport.finish(b)
        for run in [runA, runB] {
            #expect(run.status == 1, "each archive holds one truncated gzip: \(run.stderr)")
            #expect(!run.stderr.contains("locked") && !run.stderr.contains("SQLite error"), "\(run.stderr)")
        }
        #expect(!statsRuns.isEmpty)
        for run in statsRuns {
            // Schema not committed yet is the one acceptable refusal while the file is being created.
            let early = run.stderr.contains("does not exist") || run.stderr.contains("not a podtrail")
            #expect(run.status == 0 || early, "\(run.stderr)")
            #expect(!run.stderr.contains("locked"), "\(run.stderr)")
            if run.status == 0 { #expect(Self.isConsistent(run.stdout), "\(run.stdout)") }
        }
        #expect(try FaultSupport.checksum(work.appendingPathComponent("shared.sqlite").path, excluding: unordered) == expected)
    }

    /// A stats output is one snapshot when its figures agree across its queries: the `sources`
    /// row count equals the sum of sources by status, and the `rejects` row count equals the
    /// sum of rejects by reason.
    static func isConsistent(_ stats: String) -> Bool {
        let lines = stats.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func count(_ table: String) -> Int? {
            lines.first { $0.hasPrefix("  \(table) ") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        }
        guard let sources = count("sources"), let rejects = count("rejects") else { return false }
        var byReason = 0
        if let start = lines.firstIndex(of: "rejects by reason:") {
            for line in lines[(start + 1)...] {
                guard let n = Int(line.split(separator: " ").first ?? "") else { break }
                byReason += n
            }
        }
        let byStatus = lines.first { $0.hasPrefix("sources: ") }.map {
            $0.dropFirst(9).split(separator: ",").compactMap { Int($0.split(separator: " ").first ?? "") }.reduce(0, +)
        } ?? 0
        return sources == byStatus && rejects == byReason
    }

    @Test func aFullDiskFailsWithExitOneAndKeepsEveryFileIngestedBefore() throws {
        let folder = try TestSupport.temporaryFolder()
        let archive = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let small = (0..<50).map { IngestorTests.event(uid: "s\($0)") + "\n" }.joined()
        try Data(small.utf8).write(to: archive.appendingPathComponent("1-small.ndjson"))
        try Data(small.replacingOccurrences(of: "\"s", with: "\"t").utf8).write(to: archive.appendingPathComponent("2-small.ndjson"))
        let big = (0..<20_000).map { IngestorTests.event(uid: "big\($0)") + "\n" }.joined()
        try Data(big.utf8).write(to: archive.appendingPathComponent("3-big.ndjson"))
        // Measure the pages the two small files need, then allow 40 pages (160 KiB) more.
        let probe = folder.appendingPathComponent("probe")
        try FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        for name in ["1-small.ndjson", "2-small.ndjson"] {
            try FileManager.default.copyItem(at: archive.appendingPathComponent(name), to: probe.appendingPathComponent(name))
        }
        _ = try FaultSupport.run(["ingest", "--quiet", "--db", "probe.sqlite", "probe"], in: folder)
        let pages = try Connection(path: folder.appendingPathComponent("probe.sqlite").path).scalar("PRAGMA page_count").int ?? 0
        #expect(pages > 10)
        let run = try FaultSupport.run(
            ["ingest", "--db", "full.sqlite", "in"], environment: ["PODTRAIL_MAX_PAGE_COUNT": "\(pages + 40)"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: the disk holding full.sqlite is full: free space and run again (every file ingested before this one is kept)\n")
        let db = try Database(path: folder.appendingPathComponent("full.sqlite").path)
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 100)
        #expect(try TestSupport.rows(db, "SELECT path, status, records FROM sources ORDER BY path") == [
            "in/1-small.ndjson|complete|50", "in/2-small.ndjson|complete|50",
        ])
        #expect(try db.connection.scalar("PRAGMA integrity_check").string == "ok")
        // With room again, the next run reads only the file that did not fit.
        let again = try FaultSupport.run(["ingest", "--db", "full.sqlite", "in"], in: folder)
        #expect(again.status == 0)
        #expect(again.stderr.hasPrefix("1 files read, 2 already ingested, 20000 records"))
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 20_100)
    }

    @Test func aDiskFullWhileCreatingTheDatabaseIsTheSameClearError() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let run = try FaultSupport.run(["ingest", "--db", "t.sqlite", "e.json"], environment: ["PODTRAIL_MAX_PAGE_COUNT": "3"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: the disk holding t.sqlite is full: free space and run again (every file ingested before this one is kept)\n")
        let again = try FaultSupport.run(["ingest", "--db", "t.sqlite", "e.json"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
    }
}
