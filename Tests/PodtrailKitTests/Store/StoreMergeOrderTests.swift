import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// The merge rules (`PodRow.merge`, `ContainerRow.merge`, `EventRecord.order`) give the same
/// tables whatever the order of the input files and wherever a flush falls: the same records,
/// cut into files at random points (each file ends with a flush and a commit), some records
/// repeated in two files, the files shuffled, give tables equal row for row to one file read in
/// order. Only what names the file a row came from (`source_id`, row ids, a reject's line) may
/// differ.
struct StoreMergeOrderTests {
    /// The records: a small simulation (its line-per-record streams), every object of the real
    /// corpus (one List of one item per line), and observations made to tie.
    static let records: [String] = {
        var lines: [String] = []
        lines += (try? simulatedRecords()) ?? []
        lines += (try? realRecords()) ?? []
        lines += ties
        return lines
    }()

    /// Records whose order only a full rule settles: observation times that differ below the
    /// millisecond (`julianday()` rounds them together), observations of the same instant without
    /// a numeric resourceVersion, DisruptionTarget conditions with and without a transition
    /// time, events of equal count and last time.
    static let ties: [String] = {
        typealias H = AnalysisHistory
        func pod(_ rv: String, phase: String, fraction: String, disruption: String? = nil) -> String {
            var json = H.pod("tie-1", name: "web-tie", rv: 0, phase: phase, containers: [H.container(running: 5)])
            json = json.replacingOccurrences(of: #""resourceVersion":"0""#, with: #""resourceVersion":"\#(rv)""#)
            json = json.replacingOccurrences(of: H.t(5), with: H.t(5, fraction: fraction))
            if let disruption {
                json = json.replacingOccurrences(of: #""conditions":["#, with: #""conditions":[\#(disruption),"#)
            }
            return json
        }
        let untimed = #"{"type":"DisruptionTarget","status":"True","reason":"EvictionByEvictionAPI","message":"Eviction API: evicting"}"#
        let timed = #"{"type":"DisruptionTarget","status":"True","reason":"PreemptionByScheduler","message":"preempted","lastTransitionTime":"\#(H.t(4))"}"#
        return [
            pod("a", phase: "Running", fraction: "000100", disruption: untimed),
            pod("b", phase: "Failed", fraction: "000400", disruption: timed),
            pod("c", phase: "Succeeded", fraction: "000400"),
            H.newEvent("ev-tie", podUID: "tie-1", pod: "web-tie", reason: "Scheduled", note: "first", at: 1, fraction: "000100"),
            H.newEvent("ev-tie", podUID: "tie-1", pod: "web-tie", reason: "Scheduled", note: "second", at: 1, fraction: "000400"),
        ]
    }()

    /// The line-per-record archives of a small simulation, decompressed, in the order written.
    static func simulatedRecords() throws -> [String] {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = SimulationOptions()
        options.hours = 2
        options.podsPerHour = 40
        options.nodes = 3
        options.latePodsPercent = 20
        options.sameSecondEvents = true
        options.streams = [.podsWatch, .eventsExporter, .eventsWatch, .eventsRouter, .eventsV1]
        _ = try Simulator.run(options, to: folder.path)
        var lines: [String] = []
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".gz") }.sorted() ?? []
        for file in files {
            let text = try gunzip(folder.appendingPathComponent(file))
            lines += text.split(separator: "\n").map(String.init)
        }
        return lines
    }

    /// `gzip -dc` of a file (an implementation independent of ours).
    static func gunzip(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Every object of `Fixtures/real/*.json` as a line: a List of that one object.
    static func realRecords() throws -> [String] {
        let folder = try #require(Bundle.module.url(forResource: "real", withExtension: nil, subdirectory: "Fixtures"))
        var lines: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".json") }).sorted() {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
            let items = (object as? [String: Any])?["items"] as? [Any] ?? (object as? [Any]) ?? [object]
            for item in items {
                let list: [String: Any] = ["apiVersion": "v1", "kind": "List", "items": [item]]
                let data = try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys, .withoutEscapingSlashes])
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return lines
    }

    /// The tables (and the per-pod analyses built on them), row ids and provenance left out,
    /// each sorted.
    static func contents(_ db: Database) throws -> [String: [String]] {
        let provenance: Set<String> = ["id", "source_id", "event_id"]
        var result: [String: [String]] = [:]
        let tables = ["pods", "containers", "events", "pod_snapshots", "container_snapshots", "container_terminations",
            "coverage_hours", "evictions", "crash_loops", "phase_durations", "startup_sli", "oom_kills", "image_pulls"]
        for table in tables {
            let statement = try db.connection.prepare("SELECT * FROM \(table)")
            let keep = statement.columnNames.enumerated().filter { !provenance.contains($0.element) }.map(\.offset)
            let header = keep.map { statement.columnNames[$0] }.joined(separator: "|")
            result[table] = try [header] + statement.allRows().map { row in keep.map { row[$0].description }.joined(separator: "|") }.sorted()
        }
        return result
    }

    /// Ingests `files` (name, lines) one after another into a fresh database.
    static func ingest(_ files: [(String, [String])]) throws -> Database {
        let db = try Database(path: ":memory:")
        let ingestor = try Ingestor(database: db, options: IngestOptions(cluster: "merge"))
        for (name, lines) in files {
            let summary = try ingestor.ingest(bytes: Array(lines.joined(separator: "\n").utf8), name: name)
            #expect(summary.rejects == 0, "\(name)")
        }
        return db
    }

    @Test func theRecordsCoverWhatTheRulesDecide() {
        // Enough of each kind that every rule is exercised.
        #expect(Self.records.count > 2000)
        #expect(Self.records.contains { $0.contains("\"DisruptionTarget\"") })
        #expect(Self.records.contains { $0.contains("\"kind\":\"List\"") })
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func filesCutAndShuffledGiveTheSameTables(seed: UInt64) throws {
        let expected = try Self.contents(Self.ingest([("all.ndjson", Self.records)]))
        var random = SplitMix64(seed: seed)
        // Cut points: between 2 and 40 files; one record in twenty is repeated in another file.
        let fileCount = 2 + Int(random.next() % 39)
        var files = [[String]](repeating: [], count: fileCount)
        var cuts = (0..<(fileCount - 1)).map { _ in Int(random.next() % UInt64(Self.records.count)) }.sorted()
        cuts.append(Self.records.count)
        var file = 0
        for (index, record) in Self.records.enumerated() {
            while index >= cuts[file] { file += 1 }
            files[file].append(record)
            if random.next() % 20 == 0 { files[Int(random.next() % UInt64(fileCount))].append(record) }
        }
        for i in stride(from: files.count - 1, to: 0, by: -1) { files.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let shuffled = try Self.contents(Self.ingest(files.enumerated().map { ("part-\($0.offset).ndjson", $0.element) }))
        for table in expected.keys.sorted() {
            let missing = Set(expected[table]!).subtracting(shuffled[table]!)
            let extra = Set(shuffled[table]!).subtracting(expected[table]!)
            #expect(missing.isEmpty && extra.isEmpty && expected[table]!.count == shuffled[table]!.count,
                "\(table) (seed \(seed), \(fileCount) files) \(expected[table]![0]): missing \(Array(missing.prefix(3))), extra \(Array(extra.prefix(3)))")
        }
    }

    @Test func tiesAreSettledByTheFullRule() throws {
        // The three snapshots of tie-1 in every order: the newest is c (…00.000400Z; b has the same
        // instant, and without numeric resourceVersions the state orders them: Succeeded after
        // Failed); the timed DisruptionTarget wins over the untimed one, whichever came first.
        let snapshots = Array(Self.ties.prefix(3))
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]] {
            let db = try Self.ingest(order.map { ("tie-\($0).ndjson", [snapshots[$0]]) })
            #expect(try TestSupport.rows(db, "SELECT final_phase, disruption_reason, disruption_at FROM pods WHERE uid = 'tie-1'")
                == ["Succeeded|PreemptionByScheduler|\(AnalysisHistory.t(4))"], "\(order)")
        }
        // Two observations of one event, the same count, 300 µs apart: the later one, either way.
        for order in [[3, 4], [4, 3]] {
            let db = try Self.ingest(order.map { ("ev-\($0).ndjson", [Self.ties[$0]]) })
            #expect(try TestSupport.rows(db, "SELECT message FROM events WHERE uid = 'ev-tie'") == ["second"], "\(order)")
        }
    }

    @Test func theSnapshotKeySortsAsTheOrderOfObservations() {
        // observed_key (text, compared bytewise by SQLite) against ObservationOrder's own `<`,
        // over values chosen to collide: the same second with and without fractions, negative
        // and missing resourceVersions, every phase rank, restarts around zero.
        var random = SplitMix64(seed: 7)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        let times = ["2026-11-27T02:00:00Z", "2026-11-27T02:00:00.000100Z", "2026-11-27T02:00:00.0004Z",
            "2026-11-27T02:00:00.000000001Z", "2026-11-27T01:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
            .map { Timestamp.parse($0)! }
        let orders = (0..<400).map { _ in
            ObservationOrder(
                observedAt: pick(times), deleted: pick([false, true]), resourceVersion: pick([nil, 0, 7, 12, -3, Int.max, Int.min]),
                restarts: pick([0, 1, 2, Int.max]), state: [pick([nil, "Pending", "Running", "Failed", "Bogus"])])
        }
        for a in orders.prefix(60) {
            for b in orders {
                let byOrder = a < b ? -1 : b < a ? 1 : 0
                let byKey = a.sortKey! < b.sortKey! ? -1 : b.sortKey! < a.sortKey! ? 1 : 0
                // The key leaves out the state's text: where only that differs, the key ties.
                let statesTie = ObservationOrder.rank(ofPhase: a.state[0]) == ObservationOrder.rank(ofPhase: b.state[0])
                    && a.observedAt == b.observedAt && a.deleted == b.deleted && a.resourceVersion == b.resourceVersion
                    && a.restarts == b.restarts
                #expect(byKey == (statesTie ? 0 : byOrder), "\(a) vs \(b)")
            }
        }
    }
}
