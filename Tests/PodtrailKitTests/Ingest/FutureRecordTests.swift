import Foundation
import Testing

@testable import PodtrailKit

/// Records dated after the ingest that read them (clock skew, hostile input) are counted per
/// source and kept out of the nightly window's end.
struct FutureRecordTests {
    /// The nightly fixture (events up to 2026-11-27T10:00:00Z) plus one Event dated 9999-12-31.
    static func setUp() throws -> (folder: URL, job: NightlyJob) {
        let (folder, job) = try NightlyTests.setUp()
        let future = NightlyTests.event("f1", pod: "cart-1", reason: "Started", at: "9999-12-31T23:59:59Z")
        try Data(future.utf8).write(to: folder.appendingPathComponent("inputs/future.ndjson"))
        return (folder, job)
    }

    @Test func theNightlyWindowEndsAtTheNewestDataNotAtAFutureRecord() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try job.run()
        #expect(result.exitCode == 0)
        #expect(result.window == TimeWindow(since: Timestamp.parse("2026-11-26T10:00:01Z"), until: Timestamp.parse("2026-11-27T10:00:01Z")))
        let out = folder.appendingPathComponent("out")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "2026-11-27")
        let report = try String(contentsOf: out.appendingPathComponent("latest/report.md"), encoding: .utf8)
        #expect(report.contains("Window: 2026-11-26T10:00:01Z to 2026-11-27T10:00:01Z (24.0 h)"))
        #expect(report.contains(
            "- 1 record dated more than 1 h after the latest ingest was left out of the window (clock skew or bad input; the latest is dated 9999-12-31T23:59:59Z)."))
        #expect(!report.contains("0000-"))
    }

    @Test func statsCountsTheFutureRecordPerSource() throws {
        let (folder, job) = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try job.run()
        let db = try Database(path: job.databasePath, readOnly: true)
        #expect(try TestSupport.rows(db, "SELECT replace(path, rtrim(path, replace(path, '/', '')), ''), future_records FROM sources ORDER BY path") == [
            "day1.ndjson|0", "future.ndjson|1",
        ])
        let stats = try DatabaseStats(db.connection).render()
        #expect(stats.contains("records dated more than 1 h after their ingest: 1 (left out of nightly windows)"))
        #expect(stats.contains("future.ndjson (1 of 1 records)"))
    }

    @Test func aRecordWithinTheToleranceIsNotFuture() throws {
        let soon = Timestamp(micros: Int64(Date().timeIntervalSince1970 * 1_000_000) + 30 * 60 * 1_000_000)
        let (db, _) = try TestSupport.ingest(NightlyTests.event("s1", pod: "cart-1", reason: "Started", at: soon.description))
        #expect(try TestSupport.rows(db, "SELECT future_records FROM sources") == ["0"])
    }

    @Test func aFuturePodObservationIsCounted() throws {
        let pod = AnalysisHistory.pod("p", name: "web-1", rv: 1, containers: [AnalysisHistory.container(running: 5)])
            .replacingOccurrences(of: "2026-11-27T02:00:05Z", with: "9999-12-31T00:00:00Z")
        let (db, _) = try TestSupport.ingest(pod)
        #expect(try TestSupport.rows(db, "SELECT records, future_records FROM sources") == ["1|1"])
    }

    /// A report reads the rows for future ones only when a file counted one (schema v15); a
    /// database that held uncounted future rows when upgraded (older than v9) is read as before.
    @Test func futureRowsAreLookedForOnlyWhenAFileCountedOne() throws {
        let (db, _) = try TestSupport.ingest(NightlyTests.event("s1", pod: "cart-1", reason: "Started", at: "2026-11-27T10:00:00Z"))
        #expect(try TestSupport.rows(db, "SELECT value FROM podtrail_meta WHERE key = 'future_rows_counted'") == ["1"])
        #expect(try !FutureRecords.mayHoldFutureRows(db.connection, cluster: nil))
        // A row dated 9999 that no file counted, as a podtrail older than schema v9 stored it.
        try db.connection.execute("UPDATE events SET last_seen = '9999-12-31T00:00:00Z'")
        try db.connection.execute("DELETE FROM podtrail_meta WHERE key = 'future_rows_counted'")
        try FutureRecords.markCounted(db.connection)
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM podtrail_meta WHERE key = 'future_rows_counted'") == ["0"])
        #expect(try FutureRecords.beyond(db.connection, cluster: nil, until: nil)?.inside == 1)
        // Counted by its file: found, whatever the key says.
        try db.connection.execute("INSERT INTO podtrail_meta (key, value) VALUES ('future_rows_counted', '1')")
        #expect(try FutureRecords.beyond(db.connection, cluster: nil, until: nil) == nil)
        try db.connection.execute("UPDATE sources SET future_records = 1")
        #expect(try FutureRecords.beyond(db.connection, cluster: nil, until: nil)?.inside == 1)
    }
}
