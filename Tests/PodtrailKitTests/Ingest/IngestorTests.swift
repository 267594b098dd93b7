import Foundation
import Testing

@testable import PodtrailKit

struct IngestorTests {
    static func event(uid: String, reason: String = "Pulled", count: Int = 1, last: String = "2026-11-27T02:00:00Z") -> String {
        #"{"apiVersion":"v1","kind":"Event","metadata":{"uid":"\#(uid)","name":"n-\#(uid)","namespace":"ns"},"involvedObject":{"kind":"Pod","name":"p","uid":"pu"},"reason":"\#(reason)","message":"m","type":"Normal","count":\#(count),"firstTimestamp":"2026-11-27T02:00:00Z","lastTimestamp":"\#(last)"}"#
    }

    static func pod(uid: String = "p1", rv: String, phase: String = "Running", ready: Bool = true, readySince: String,
                    terminated: String? = nil, restarts: Int = 0) -> String {
        let last = terminated.map { #","lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":"2026-11-27T02:00:05Z","finishedAt":"\#($0)"}}"# } ?? ""
        return #"{"apiVersion":"v1","kind":"Pod","metadata":{"uid":"\#(uid)","name":"web-7d4b9c6f5d-x2k8p","namespace":"shop","resourceVersion":"\#(rv)","creationTimestamp":"2026-11-27T02:00:00Z","labels":{"pod-template-hash":"7d4b9c6f5d"},"ownerReferences":[{"kind":"ReplicaSet","name":"web-7d4b9c6f5d","controller":true}]},"spec":{"nodeName":"node-a","containers":[{"name":"app","image":"web:1","resources":{"requests":{"memory":"128Mi"},"limits":{"memory":"256Mi"}}}]},"status":{"phase":"\#(phase)","conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-27T02:00:01Z"},{"type":"Ready","status":"\#(ready ? "True" : "False")","lastTransitionTime":"\#(readySince)"}],"containerStatuses":[{"name":"app","ready":\#(ready),"restartCount":\#(restarts),"state":{"running":{"startedAt":"2026-11-27T02:00:05Z"}}\#(last)}]}}"#
    }

    @Test func keepsOneRowPerEventWithTheHighestCount() throws {
        let text = [
            Self.event(uid: "e1", reason: "BackOff", count: 2, last: "2026-11-27T02:01:00Z"),
            Self.event(uid: "e1", reason: "BackOff", count: 5, last: "2026-11-27T02:05:00Z"),
            Self.event(uid: "e1", reason: "BackOff", count: 3, last: "2026-11-27T02:03:00Z"),
            Self.event(uid: "e2", reason: "BackOff", count: 1),
        ].joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.records == 4)
        #expect(summary.duplicates == 1)
        #expect(try TestSupport.rows(db, "SELECT uid, count, last_seen FROM events ORDER BY uid") == [
            "e1|5|2026-11-27T02:05:00Z", "e2|1|2026-11-27T02:00:00Z",
        ])
        #expect(try db.connection.scalar("SELECT sum(count) FROM events WHERE reason = 'BackOff'").int == 6)
    }

    @Test func derivesThePodRowFromItsSnapshots() throws {
        let text = [
            Self.pod(rv: "2", ready: true, readySince: "2026-11-27T02:00:10Z"),
            Self.pod(rv: "3", ready: false, readySince: "2026-11-27T02:03:00Z", terminated: "2026-11-27T02:02:59Z", restarts: 1),
            Self.pod(rv: "3", ready: false, readySince: "2026-11-27T02:03:00Z", terminated: "2026-11-27T02:02:59Z", restarts: 1),
            Self.pod(rv: "4", ready: true, readySince: "2026-11-27T02:04:00Z", terminated: "2026-11-27T02:02:59Z", restarts: 1),
            #"{"type":"DELETED","object":\#(Self.pod(rv: "5", phase: "Succeeded", ready: false, readySince: "2026-11-27T02:09:00Z", terminated: "2026-11-27T02:02:59Z", restarts: 1))}"#,
        ].joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.duplicates == 1)
        #expect(try TestSupport.rows(db, """
            SELECT workload_kind, workload, node, created_at, scheduled_at, started_at, ready_at, deleted_at, final_phase,
                restarts, memory_limit_bytes, snapshots, first_observed_at, last_observed_at FROM pods
            """) == [
            "Deployment|web|node-a|2026-11-27T02:00:00Z|2026-11-27T02:00:01Z|2026-11-27T02:00:05Z|2026-11-27T02:00:10Z|2026-11-27T02:09:00Z|Succeeded|1|268435456|4|2026-11-27T02:00:10Z|2026-11-27T02:09:00Z"
        ])
        #expect(try TestSupport.rows(db, "SELECT resource_version, ready, restarts, deleted FROM pod_snapshots ORDER BY resource_version") == [
            "2|1|0|0", "3|0|1|0", "4|1|1|0", "5|0|1|1",
        ])
        #expect(try TestSupport.rows(db, "SELECT container, reason, exit_code, finished_at, first_observed_at FROM container_terminations") == [
            "app|OOMKilled|137|2026-11-27T02:02:59Z|2026-11-27T02:03:00Z"
        ])
        #expect(try TestSupport.rows(db, "SELECT name, image, memory_request_bytes, restarts, first_started_at FROM containers") == [
            "app|web:1|134217728|1|2026-11-27T02:00:05Z"
        ])
    }

    @Test func summaryLineSaysHowLongTheFinishingTook() throws {
        var summary = IngestSummary()
        summary.files = 2
        summary.records = 10
        summary.jsonBytes = 2_500_000
        summary.seconds = 12.345
        #expect(summary.line == "2 files read, 10 records, 0 duplicates skipped, 0 rejects, 2.5 MB JSON in 12.35 s")
        summary.finishingSeconds = 4.5
        #expect(summary.line == "2 files read, 10 records, 0 duplicates skipped, 0 rejects, 2.5 MB JSON in 12.35 s (4.50 s of it building indexes and analysis caches)")

        // A real ingest: the finishing time is measured and is part of the total.
        let (_, ingested) = try TestSupport.ingest(Self.pod(rv: "2", readySince: "2026-11-27T02:00:10Z"))
        #expect(ingested.finishingSeconds > 0)
        #expect(ingested.finishingSeconds <= ingested.seconds)
    }

    @Test func readsEveryEnvelopeAndListShape() throws {
        let bare = Self.event(uid: "a")
        let watch = #"{"type":"ADDED","object":\#(Self.event(uid: "b"))}"#
        let routed = #"{"verb":"ADDED","event":\#(Self.event(uid: "c"))}"#
        let list = #"{"apiVersion":"v1","items":[\#(Self.event(uid: "d")),\#(Self.event(uid: "e"))],"kind":"List","metadata":{}}"#
        let indented = "{\n    \"kind\": \"Event\",\n    \"metadata\": {\n        \"uid\": \"f\"\n    },\n    \"reason\": \"Pulled\"\n}"
        let bookmark = #"{"type":"BOOKMARK","object":{"kind":"Event","metadata":{"resourceVersion":"1"}}}"#
        let (db, summary) = try TestSupport.ingest([bare, watch, routed, list, indented, bookmark].joined(separator: "\n"))
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b", "c", "d", "e", "f"])
        #expect(summary.skipped == 1)
        #expect(summary.rejects == 0)
    }

    @Test func readsEveryMemberOfAConcatenatedGzipFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let first = try TestSupport.gzip(Array((Self.event(uid: "a") + "\n").utf8))
        let second = try TestSupport.gzip(Array((Self.event(uid: "b") + "\n" + Self.event(uid: "c") + "\n").utf8))
        let path = folder.appendingPathComponent("events.log").path
        try Data(first + second + [0, 0, 0]).write(to: URL(fileURLWithPath: path))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [path])
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b", "c"])
        #expect(summary.exitCode(strict: false) == 0)
    }

    @Test func keepsEverythingBeforeTheDamageOfATruncatedGzipAndFails() throws {
        let folder = try TestSupport.temporaryFolder()
        let lines = (0..<2000).map { Self.event(uid: "u\($0)") + "\n" }.joined()
        let compressed = try TestSupport.gzip(Array(lines.utf8))
        let path = folder.appendingPathComponent("cut.gz").path
        try Data(compressed.prefix(compressed.count / 2)).write(to: URL(fileURLWithPath: path))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [path])
        let kept = try db.connection.scalar("SELECT count(*) FROM events").int ?? 0
        let maxUID = try db.connection.scalar("SELECT max(CAST(substr(uid, 2) AS INTEGER)) FROM events").int ?? -1
        #expect(kept > 100)
        #expect(maxUID == kept - 1)
        #expect(summary.exitCode(strict: false) == 1)
        #expect(summary.damaged == [path])
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects ORDER BY id") == [
            "truncated gzip: the file ends inside a compressed member", "truncated: the input ends inside a record",
        ])
        #expect(try db.connection.scalar("SELECT status FROM sources").string == "damaged")
    }

    @Test func resumesAfterACorruptMemberBetweenGoodOnes() throws {
        let folder = try TestSupport.temporaryFolder()
        let good1 = try TestSupport.gzip(Array((Self.event(uid: "a") + "\n").utf8))
        var bad = try TestSupport.gzip(Array((0..<50).map { Self.event(uid: "bad\($0)") + "\n" }.joined().utf8))
        for i in 30..<60 { bad[i] ^= 0x5a }
        let good2 = try TestSupport.gzip(Array((Self.event(uid: "z") + "\n").utf8))
        let path = folder.appendingPathComponent("mixed").path
        try Data(good1 + bad + good2).write(to: URL(fileURLWithPath: path))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [path])
        #expect(try TestSupport.rows(db, "SELECT uid FROM events WHERE uid NOT LIKE 'bad%' ORDER BY uid") == ["a", "z"])
        #expect(summary.exitCode(strict: false) == 1)
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects WHERE reason LIKE 'corrupt gzip data%'").int == 1)
    }

    @Test func acceptsARecordLargerThan16MiB() throws {
        let message = String(repeating: "x", count: 17 << 20)
        let text = #"{"kind":"Event","metadata":{"uid":"big"},"reason":"Huge","message":"\#(message)"}"# + "\n" + Self.event(uid: "after")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.rejects == 0)
        #expect(try db.connection.scalar("SELECT length(message) FROM events WHERE uid = 'big'").int == Int64(17 << 20))
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 2)
    }

    /// The next file is read while the one before is written: a copy of the file in flight
    /// must still be recognised as already ingested, and every file's rows and ledger row land.
    @Test func readsAheadWithoutMissingACopyOfTheFileInFlight() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = (0..<2000).map { Self.event(uid: "a\($0)") }.joined(separator: "\n") + "\n"
        let c = (0..<10).map { Self.event(uid: "c\($0)") }.joined(separator: "\n") + "\n"
        try a.write(toFile: folder.appendingPathComponent("1-a.ndjson").path, atomically: true, encoding: .utf8)
        try a.write(toFile: folder.appendingPathComponent("2-a-copy.ndjson").path, atomically: true, encoding: .utf8)
        try c.write(toFile: folder.appendingPathComponent("3-c.ndjson").path, atomically: true, encoding: .utf8)
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(summary.files == 2)
        #expect(summary.alreadyIngested == 1)
        #expect(summary.records == 2010)
        let paths = try TestSupport.rows(db, "SELECT path FROM sources ORDER BY id")
        #expect(paths.count == 2 && paths[0].hasSuffix("/1-a.ndjson") && paths[1].hasSuffix("/3-c.ndjson"), "\(paths)")
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 2010)
    }

    @Test func skipsFilesAlreadyIngestedAndRereadsOnesThatGrew() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("events.ndjson").path
        try (Self.event(uid: "a") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try Data("not json\u{0}\u{1}".utf8).write(to: folder.appendingPathComponent("notes.bin"))
        let gz = try TestSupport.gzip(Array((Self.event(uid: "g") + "\n").utf8))
        try Data(gz).write(to: folder.appendingPathComponent("archive.txt"))
        let db = try Database(path: ":memory:")
        let first = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(first.files == 2)
        #expect(first.notJSON == 1)
        #expect(first.exitCode(strict: false) == 0)
        let again = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(again.files == 0)
        #expect(again.alreadyIngested == 3)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((Self.event(uid: "b") + "\n").utf8))
        try handle.close()
        let grown = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(grown.files == 1)
        #expect(grown.records == 2)
        #expect(grown.duplicates == 1)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b", "g"])
        #expect(try db.connection.scalar("SELECT count(*) FROM sources").int == 3)
    }

    @Test func strictModeFailsOnARejectAndTheRejectIsRecorded() throws {
        let (db, summary) = try TestSupport.ingest(Self.event(uid: "a") + "\n{broken\n" + Self.event(uid: "b"), options: IngestOptions(strict: true))
        #expect(summary.rejects == 1)
        #expect(summary.exitCode(strict: true) == 1)
        #expect(summary.exitCode(strict: false) == 0)
        #expect(try TestSupport.rows(db, "SELECT line, excerpt FROM rejects") == ["2|{broken"])
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 2)
    }

    @Test func labelsRowsWithTheCluster() throws {
        let (db, _) = try TestSupport.ingest(Self.event(uid: "a"), options: IngestOptions(cluster: "prod-eu"))
        #expect(try TestSupport.rows(db, "SELECT DISTINCT cluster FROM events UNION ALL SELECT DISTINCT cluster FROM sources") == ["prod-eu", "prod-eu"])
    }
}
