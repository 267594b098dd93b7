import Foundation
import Testing

@testable import PodtrailKit

struct NightlyTests {
    /// One core/v1 Event line for pod `pod` at `time`.
    static func event(_ uid: String, pod: String, reason: String, at time: String) -> String {
        """
        {"kind":"Event","apiVersion":"v1","metadata":{"name":"\(pod).\(uid)","namespace":"shop","uid":"\(uid)"},\
        "involvedObject":{"kind":"Pod","name":"\(pod)","namespace":"shop","uid":"uid-\(pod)"},"reason":"\(reason)",\
        "message":"m","type":"Normal","count":1,"firstTimestamp":"\(time)","lastTimestamp":"\(time)",\
        "source":{"component":"kubelet"}}

        """
    }

    /// A temporary folder with `inputs/day1.ndjson` (events up to 2026-11-27T10:00:00Z) and a
    /// job writing `out/` from `db.sqlite`.
    static func setUp() throws -> (folder: URL, job: NightlyJob) {
        let folder = try TestSupport.temporaryFolder()
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let day1 = event("e1", pod: "cart-1", reason: "Scheduled", at: "2026-11-27T09:00:00Z")
            + event("e2", pod: "cart-1", reason: "Started", at: "2026-11-27T10:00:00Z")
        try Data(day1.utf8).write(to: inputs.appendingPathComponent("day1.ndjson"))
        var job = NightlyJob(
            databasePath: folder.appendingPathComponent("db.sqlite").path, inputs: [inputs.path],
            outputFolder: folder.appendingPathComponent("out").path, windowSeconds: 86_400)
        job.lockWait = 0.3
        return (folder, job)
    }

    /// Names in `folder` starting with a dot (temporary files left behind).
    static func hiddenNames(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    }

    @Test func reportsTheDayEndingAtTheNewestDataAndLinksLatest() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try job.run()
        #expect(result.exitCode == 0)
        #expect(result.ingest.records == 2)
        // Newest data 10:00:00Z → the window ends at the next whole second, 24 h long.
        #expect(result.window == TimeWindow(since: Timestamp.parse("2026-11-26T10:00:01Z"), until: Timestamp.parse("2026-11-27T10:00:01Z")))
        let out = folder.appendingPathComponent("out")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "2026-11-27")
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("Window: 2026-11-26T10:00:01Z to 2026-11-27T10:00:01Z (24.0 h)"))
        #expect(try Self.hiddenNames(out).isEmpty)
        #expect(try Self.hiddenNames(out.appendingPathComponent("2026-11-27")).isEmpty)
        #expect(result.line.hasPrefix("nightly: 1 files read, 2 records, 0 duplicates skipped, 0 rejects"))
        #expect(result.line.hasSuffix("; report 2026-11-26T10:00:01Z to 2026-11-27T10:00:01Z in \(out.path)/2026-11-27"))
    }

    /// `nightly --keep`: after the report, the pods wholly older than the kept history go into
    /// the rollups; the day reported stays.
    @Test func keepPrunesAfterTheReport() throws {
        var (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = Self.event("e0", pod: "cart-0", reason: "Scheduled", at: "2026-11-20T09:00:00Z")
        try Data(old.utf8).write(to: folder.appendingPathComponent("inputs/day0.ndjson"))
        job.keepSeconds = 3 * 86_400
        let result = try job.run()
        #expect(result.exitCode == 0)
        let prune = try #require(result.prune)
        #expect(prune.cut == Timestamp.parse("2026-11-24T10:00:00Z"))
        #expect(prune.pods == 1 && prune.events == 1)
        #expect(result.line.contains("; prune: 1 pods before 2026-11-24T10:00:00Z rolled up and deleted"))
        let db = try Database(path: folder.appendingPathComponent("db.sqlite").path)
        #expect(try TestSupport.rows(db, "SELECT name FROM pods") == ["cart-1"])
        #expect(try TestSupport.rows(db, "SELECT pod_uid FROM rollup_pods").count == 1)
    }

    @Test func aSecondRunReadsNothingNewAndWritesTheSameBytes() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try job.run()
        let path = folder.appendingPathComponent("out/2026-11-27/report.md")
        let first = try Data(contentsOf: path)
        let second = try job.run()
        #expect(second.ingest.files == 0)
        #expect(second.ingest.alreadyIngested == 1)
        #expect(second.ingest.records == 0)
        #expect(try Data(contentsOf: path) == first)
    }

    @Test func newDataMovesLatestToTheNewDay() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try job.run()
        let day2 = Self.event("e3", pod: "cart-2", reason: "Started", at: "2026-11-28T09:30:00.5Z")
        try Data(day2.utf8).write(to: folder.appendingPathComponent("inputs/day2.ndjson"))
        let result = try job.run()
        #expect(result.ingest.files == 1)
        #expect(result.ingest.records == 1)
        let out = folder.appendingPathComponent("out")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "2026-11-28")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-11-27/report.md").path))
        #expect(result.window?.until == Timestamp.parse("2026-11-28T09:30:01Z"))
    }

    @Test func aLockInAMissingFolderSaysWhatToDo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podtrail-missing-\(UUID().uuidString)").path
        #expect(throws: FileLockError.cannotOpen(
            path: folder + "/db.sqlite.lock",
            reason: "the folder \(folder) does not exist; create it, or give --db a path in an existing folder"
        )) { _ = try FileLock(path: folder + "/db.sqlite.lock", wait: 0) }
    }

    @Test func aSecondRunWaitsForTheLockThenGivesUp() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        var held: FileLock? = try FileLock(path: job.databasePath + ".lock", wait: 0)
        let start = Date()
        #expect(throws: FileLockError.busy(path: job.databasePath + ".lock")) { try job.run() }
        #expect(Date().timeIntervalSince(start) >= 0.3)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        #expect(held != nil)
        held = nil
        #expect(try job.run().exitCode == 0)
    }

    @Test func damagedInputExitsOneAndStillReports() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gzip = try TestSupport.gzip(Array(Self.event("e9", pod: "cart-9", reason: "Started", at: "2026-11-27T08:00:00Z").utf8))
        try Data(gzip.dropLast(12)).write(to: folder.appendingPathComponent("inputs/broken.gz"))
        let result = try job.run()
        #expect(result.exitCode == 1)
        #expect(result.ingest.damaged.count == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/latest/report.md").path))
    }

    @Test func untilNowEndsTheWindowAtTheGivenTime() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        var now = job
        now.untilNow = true
        let result = try now.run(now: Date(timeIntervalSince1970: 1_796_256_000))  // 2026-12-03T00:00:00Z
        #expect(result.window?.until == Timestamp.parse("2026-12-03T00:00:00Z"))
        #expect(result.folder?.hasSuffix("/out/2026-12-02") == true)
    }

    @Test func swapsTheLatestLinkAndRefusesARealFolder() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("latest").path
        try ReportOutput.swapLink(link, to: "2026-11-27")
        try ReportOutput.swapLink(link, to: "2026-11-28")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "2026-11-28")
        let real = folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        #expect(throws: ReportError.self) { try ReportOutput.swapLink(real.path, to: "2026-11-28") }
        #expect(try Self.hiddenNames(folder).isEmpty)
    }

    @Test func writesFilesByRenameLeavingNoTemporaries() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("a/b")
        try ReportOutput.write([("report.md", "old\n")], to: target.path)
        try ReportOutput.write([("report.md", "new\n"), ("x.csv", "h\r\n")], to: target.path)
        #expect(try String(contentsOf: target.appendingPathComponent("report.md"), encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == ["report.md", "x.csv"])
    }
}
