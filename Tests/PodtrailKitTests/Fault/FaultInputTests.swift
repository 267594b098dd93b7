import Foundation
import Testing

@testable import PodtrailKit

/// Damaged and hostile input: every case keeps what is good, records what is not, never crashes.
struct FaultInputTests {
    static func event(_ uid: String) -> String { IngestorTests.event(uid: uid) }

    /// Writes `bytes` as `name` in a new folder and ingests that path into a fresh database.
    static func ingestFile(_ bytes: [UInt8], name: String = "input", options: IngestOptions = IngestOptions()) throws -> (Database, IngestSummary, String) {
        let path = try TestSupport.temporaryFolder().appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let db = try Database(path: ":memory:")
        return (db, try Ingestor(database: db, options: options).ingest(paths: [path]), path)
    }

    @Test func aGzipTruncatedMidMemberKeepsTheWholeMembersBefore() throws {
        let first = try TestSupport.gzip(Array((Self.event("a") + "\n" + Self.event("b") + "\n").utf8))
        // One large record in the second member: cut in half, none of it can be complete.
        let big = #"{"kind":"Event","metadata":{"uid":"big"},"message":""# + String(repeating: "x", count: 300_000) + "\"}\n"
        let second = try TestSupport.gzip(Array(big.utf8))
        let (db, summary, path) = try Self.ingestFile(first + second.prefix(second.count / 2), name: "cut.gz")
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b"])
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects ORDER BY id") == [
            "truncated gzip: the file ends inside a compressed member", "truncated: the input ends inside a record",
        ])
        #expect(summary.damaged == [path])
        #expect(summary.exitCode(strict: false) == 1)
        #expect(try TestSupport.rows(db, "SELECT format, status, records, rejects FROM sources") == ["gzip|damaged|2|2"])
    }

    @Test func aCorruptMemberBetweenGoodOnesLosesOnlyThatMember() throws {
        let good1 = try TestSupport.gzip(Array((Self.event("a") + "\n").utf8))
        var bad = try TestSupport.gzip(Array((0..<50).map { Self.event("bad\($0)") + "\n" }.joined().utf8))
        for i in 30..<60 { bad[i] ^= 0x5a }
        let good2 = try TestSupport.gzip(Array((Self.event("z") + "\n").utf8))
        let (db, summary, _) = try Self.ingestFile(good1 + bad + good2, name: "members.gz")
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "z"])
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects WHERE reason LIKE 'corrupt gzip data (%) at compressed byte %'").int == 1)
        #expect(summary.exitCode(strict: false) == 1)
        #expect(try db.connection.scalar("SELECT status FROM sources").string == "damaged")
    }

    @Test func aBinaryFileNamedExplicitlyIsOneRejectAndExitOne() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = [0x00, 0x01] + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (db, summary, _) = try Self.ingestFile(noise, name: "core.bin")
        #expect(summary.rejects == 1)
        #expect(summary.exitCode(strict: false) == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == ["not JSON or gzip (by its first bytes)"])
        #expect(try TestSupport.rows(db, "SELECT format, status FROM sources") == ["not-json|damaged"])
    }

    @Test func aBinaryFileInsideAFolderIsSkippedNotFailed() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]).write(to: folder.appendingPathComponent("a.out"))
        try Data((Self.event("a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(summary.notJSON == 1)
        #expect(summary.files == 1)
        #expect(summary.exitCode(strict: true) == 0)
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects").int == 0)
    }

    /// A kubelet log with one JSON line among its text lines, as it is and gzipped: not JSON,
    /// listed as such, not hundreds of rejected lines.
    @Test(arguments: [false, true])
    func textWithAStrayJSONLineIsNotJSON(gzipped: Bool) throws {
        let text = (0..<300).map { "I1207 12:00:\($0 % 60) kubelet.go:\($0)] SyncLoop (PLEG): event for pod \"shop/web-\($0)\"" }
        let lines = text[..<10] + [Self.event("stray")] + text[10...]
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let folder = try TestSupport.temporaryFolder()
        try Data(gzipped ? try TestSupport.gzip(bytes) : bytes).write(to: folder.appendingPathComponent(gzipped ? "kubelet.log.gz" : "kubelet.log"))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(summary.notJSON == 1)
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT format, status, rejects FROM sources") == ["not-json|not-json|0"])
    }

    /// NDJSON whose first line was cut by rotation is still read: most lines are objects.
    @Test func ndjsonWithADamagedFirstLineIsStillRead() throws {
        let text = "d\":\"cut\"}}\n" + (0..<5).map { Self.event("e\($0)") }.joined(separator: "\n") + "\n"
        let (db, summary, _) = try Self.ingestFile(Array(text.utf8), name: "rotated.json")
        #expect(summary.records == 5)
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 5)
    }

    @Test(arguments: ["empty.json", "empty.json.gz"])
    func anEmptyFileIsReadAndHoldsNothing(name: String) throws {
        let (db, summary, _) = try Self.ingestFile([], name: name)
        #expect(summary.files == 1)
        #expect(summary.exitCode(strict: true) == 0)
        #expect(try TestSupport.rows(db, "SELECT format, status, records, rejects FROM sources") == ["empty|complete|0|0"])
    }

    @Test func aGzipOfZeroBytesIsReadAndHoldsNothing() throws {
        let (db, summary, _) = try Self.ingestFile(try TestSupport.gzip([]), name: "zero.gz")
        #expect(summary.exitCode(strict: true) == 0)
        #expect(try TestSupport.rows(db, "SELECT format, status, records, rejects, json_bytes FROM sources") == ["gzip|complete|0|0|0"])
    }

    @Test func nonJSONLinesBetweenGoodOnesAreRejectedByLine() throws {
        let text = [Self.event("a"), "garbage here", "", "{\"half\": ", Self.event("b"), "<html>", Self.event("c")].joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b", "c"])
        #expect(summary.exitCode(strict: false) == 0)
        #expect(summary.exitCode(strict: true) == 1)
        #expect(try TestSupport.rows(db, "SELECT line, reason, excerpt FROM rejects ORDER BY line") == [
            "2|invalid JSON: unexpected 'g' at byte 0|garbage here",
            "4|record cut short: a new object starts at line 5 before it closed|{\"half\":",
            "6|invalid JSON: unexpected '<' at byte 0|<html>",
        ])
    }

    @Test func aFileStartingMidRecordKeepsTheLinesAfterTheFirst() throws {
        // A log rotated in the middle of a line: the file starts with the end of a record.
        let text = #"ner":"kubelet"}}"# + "\n" + Self.event("a") + "\n" + Self.event("b") + "\n"
        let (db, summary, _) = try Self.ingestFile(Array(text.utf8), name: "events.log.1")
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b"])
        #expect(try TestSupport.rows(db, "SELECT line, reason FROM rejects") == ["1|record cut short: line ends inside a string"])
        #expect(summary.exitCode(strict: false) == 0)
    }

    @Test func validJSONThatIsNotAnObjectIsRejected() throws {
        let (db, summary) = try TestSupport.ingest(["\"text\"", "42", "null", "true", Self.event("a"), "1703425036.000000"].joined(separator: "\n"))
        #expect(summary.records == 1)
        // Epoch seconds with a fraction are a shipper's record time (Fluent Bit): skipped, counted.
        #expect(summary.skipped == 1)
        #expect(try TestSupport.rows(db, "SELECT line, reason FROM rejects ORDER BY line") == [
            "1|valid JSON but not an object", "2|valid JSON but not an object", "3|valid JSON but not an object",
            "4|valid JSON but not an object",
        ])
    }

    @Test func objectsOfUnknownKindsAreCountedAsSkipped() throws {
        let text = [
            #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"uid":"c"}}"#,
            #"{"type":"ADDED","object":{"kind":"Node","metadata":{"uid":"n"}}}"#,
            #"{"kind":"Event","metadata":{"uid":"e"}}"#,
            #"{"type":"WHATEVER","object":{"kind":"Pod"}}"#,
        ].joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.skipped == 2)
        #expect(summary.records == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == ["watch envelope with unknown type WHATEVER"])
    }

    @Test func missingOrMistypedFieldsRejectOnlyWhatCannotBeIdentified() throws {
        let text = [
            // count as a string of digits is read as the number; garbage timestamps become NULL.
            #"{"kind":"Event","metadata":{"uid":"s"},"reason":"R","count":"7","firstTimestamp":"yesterday","lastTimestamp":12}"#,
            #"{"kind":"Event","metadata":{"uid":"t"},"count":"many","lastTimestamp":"2026-13-45T99:00:00Z"}"#,
            #"{"kind":"Event","metadata":{"name":5}}"#,
            #"{"kind":"Event","metadata":"x"}"#,
            #"{"kind":"Pod","metadata":{"name":"no-uid"},"spec":{},"status":{}}"#,
            #"{"kind":"Pod","metadata":{"uid":"p","resourceVersion":3},"spec":{"containers":"x"},"status":{"containerStatuses":[1,"a",null]}}"#,
        ].joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.records == 3)
        #expect(try TestSupport.rows(db, "SELECT uid, count, first_seen, last_seen FROM events ORDER BY uid") == ["s|7||", "t|1||"])
        #expect(try TestSupport.rows(db, "SELECT uid FROM pods") == ["p"])
        #expect(try TestSupport.rows(db, "SELECT line, reason FROM rejects ORDER BY line") == [
            "3|Event without metadata.uid or metadata.name", "4|Event without metadata.uid or metadata.name",
            "5|Pod without metadata.uid",
        ])
    }

    @Test func invalidUTF8InsideStringsIsReplacedAndTheRecordKept() throws {
        let bytes = Array(#"{"kind":"Event","metadata":{"uid":"u8"},"message":"ok "#.utf8) + [0xff, 0xfe] + Array(" bad ".utf8)
            + [0xc3] + Array(#" end"}"#.utf8) + [0x0a] + Array(Self.event("next").utf8)
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(bytes: bytes, name: "utf8.ndjson")
        #expect(summary.rejects == 0)
        #expect(try db.connection.scalar("SELECT message FROM events WHERE uid = 'u8'").string == "ok \u{FFFD}\u{FFFD} bad \u{FFFD} end")
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 2)
    }

    /// The default record limit is 64 MiB (67,108,864 bytes): a 64 MB (64,000,000-byte) line fits.
    @Test func aSixtyFourMegabyteLineIsStoredWhole() throws {
        let message = String(repeating: "y", count: 64_000_000 - 60)
        let line = #"{"kind":"Event","metadata":{"uid":"huge"},"message":""# + message + "\"}"
        #expect(line.utf8.count < RecordFramer.defaultMaxRecordBytes)
        let (db, summary) = try TestSupport.ingest(line + "\n" + Self.event("after"))
        #expect(summary.rejects == 0)
        #expect(try db.connection.scalar("SELECT length(message) FROM events WHERE uid = 'huge'").int == Int64(message.utf8.count))
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 2)
    }

    @Test func aLineOverTheRecordLimitIsOneRejectAndTheNextLineIsKept() throws {
        let line = #"{"kind":"Event","metadata":{"uid":"huge"},"message":""# + String(repeating: "y", count: 2 << 20) + "\"}"
        let (db, summary) = try TestSupport.ingest(line + "\n" + Self.event("after"), options: IngestOptions(maxRecordBytes: 1 << 20))
        #expect(try TestSupport.rows(db, "SELECT uid FROM events") == ["after"])
        #expect(summary.rejects == 1)
        #expect(try TestSupport.rows(db, "SELECT line, offset, reason FROM rejects") == [
            "1|0|record larger than the limit of 1048576 bytes (--max-record-mib)"
        ])
    }

    @Test func deeplyNestedJSONIsRejectedWithoutExhaustingTheStack() throws {
        let depth = 200_000
        let nested = #"{"kind":"Event","metadata":{"uid":"deep"},"x":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        let (db, summary) = try TestSupport.ingest([nested, objects, Self.event("after")].joined(separator: "\n"))
        #expect(try TestSupport.rows(db, "SELECT uid FROM events") == ["after"])
        #expect(summary.rejects == 2)
        #expect(try TestSupport.rows(db, "SELECT line, reason FROM rejects ORDER BY line") == [
            "1|invalid JSON: nested deeper than 512 levels", "2|invalid JSON: nested deeper than 512 levels",
        ])
    }

    @Test func theLastOfDuplicateKeysWins() throws {
        let (db, summary) = try TestSupport.ingest(#"{"kind":"Event","metadata":{"uid":"d1","uid":"d2"},"reason":"First","reason":"Second","count":1,"count":4}"#)
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT uid, reason, count FROM events") == ["d2|Second|4"])
    }

    @Test func aLineHalfWrittenByItsWriterIsRejectedThenCompletedByTheNextRun() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("live.ndjson").path
        let last = Array(Self.event("c").utf8)
        try Data(Array((Self.event("a") + "\n" + Self.event("b") + "\n").utf8) + last.prefix(40)).write(to: URL(fileURLWithPath: path))
        let db = try Database(path: folder.appendingPathComponent("db.sqlite").path)
        let first = try Ingestor(database: db).ingest(paths: [path])
        #expect(first.exitCode(strict: false) == 1)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b"])
        #expect(try TestSupport.rows(db, "SELECT line, reason FROM rejects") == ["3|truncated: the input ends inside a record"])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(last.dropFirst(40) + [0x0a]))
        try handle.close()
        let second = try Ingestor(database: db).ingest(paths: [path])
        #expect(second.exitCode(strict: true) == 0)
        #expect(second.duplicates == 2)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events ORDER BY uid") == ["a", "b", "c"])
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects").int == 0)
        #expect(try TestSupport.rows(db, "SELECT status, records, rejects FROM sources") == ["complete|3|0"])
    }

    @Test func aFileAppendedToWhileItIsReadHoldsEveryLineOnceAfterTheNextRun() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("growing.ndjson").path
        let lines = (0..<6000).map { Self.event("g\($0)") + "\n" }
        try Data(lines[..<3000].joined().utf8).write(to: URL(fileURLWithPath: path))
        let tail = Array(lines[3000...].joined().utf8)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.seekToEndOfFile()
            // Pieces of 1,001 bytes: most writes end in the middle of a line.
            var start = 0
            while start < tail.count {
                let end = min(start + 1001, tail.count)
                handle.write(Data(tail[start..<end]))
                start = end
                usleep(100)
            }
            handle.closeFile()
        }
        let db = try Database(path: folder.appendingPathComponent("db.sqlite").path)
        writer.start()
        let first = try Ingestor(database: db).ingest(paths: [path])
        #expect(first.records >= 3000)
        while writer.isExecuting || !writer.isFinished { usleep(1000) }
        let second = try Ingestor(database: db).ingest(paths: [path])
        #expect(second.exitCode(strict: true) == 0 || second.alreadyIngested == 1)
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == 6000)
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects").int == 0)
        #expect(try TestSupport.rows(db, "SELECT status FROM sources") == ["complete"])
    }
}
