import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// The simulator's building blocks and its output: determinism, formats, gzip, truth.
struct SimulatorTests {
    /// A small run: 3 hours, 50 pods an hour, 4 nodes (one of each kubelet generation).
    static func smallRun(seed: UInt64 = 7, streams: Set<ArchiveStream>? = nil) throws -> URL {
        var options = SimulationOptions()
        (options.seed, options.hours, options.podsPerHour, options.nodes) = (seed, 3, 50, 4)
        if let streams { options.streams = streams }
        let folder = try TestSupport.temporaryFolder()
        _ = try Simulator.run(options, to: folder.path)
        return folder
    }

    /// Every file below `folder` (relative path → bytes).
    static func files(_ folder: URL) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                result[path] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
            }
        }
        return result
    }

    /// Decompresses with the system `gzip -dc` (independent of our zlib code); nil if it fails.
    static func gunzip(_ bytes: [UInt8]) throws -> String? {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("x.gz")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    /// Gzip members in a file written by `GzipWriter` (each starts with `1f 8b 08 00`, mtime 0).
    static func members(_ bytes: [UInt8]) -> Int {
        let header: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]
        var count = 0
        var i = 0
        while i + header.count <= bytes.count {
            if bytes[i] == 0x1f && Array(bytes[i..<(i + header.count)]) == header { count += 1 }
            i += 1
        }
        return count
    }

    @Test func formatsTimesAsKubernetesDoes() {
        #expect(SimTime.iso(SimTime.defaultStart) == "2026-11-27T00:00:00Z")
        #expect(SimTime.iso(SimTime.defaultStart + 86_400 * 35 + 3661) == "2027-01-01T01:01:01Z")
        #expect(SimTime.isoMicro(SimTime.defaultStart * 1_000_000 + 678_299) == "2026-11-27T00:00:00.678299Z")
        #expect(SimTime.parse("2024-02-29T23:59:59Z") == 1_709_251_199)
        #expect(SimTime.parse("2024-02-29 23:59:59") == nil)
        #expect(SimTime.hourStamp(SimTime.defaultStart + 7200 + 59) == "20261127-02")
    }

    @Test(arguments: [
        (850, "850ms"), (2345, "2.345s"), (10_000, "10s"), (63_200, "1m3.2s"), (80_000, "1m20s"),
        (160_000, "2m40s"), (300_000, "5m0s"), (3_723_000, "1h2m3s"),
    ])
    func writesDurationsAsGoDoes(milliseconds: Int64, expected: String) {
        #expect(SimTime.goDuration(milliseconds: milliseconds) == expected)
    }

    @Test func escapesStringsAndIndentsLikeKubectl() {
        var w = JSONWriter()
        w.beginObject()
        w.field("m", "a\"b\\c\nd\u{1}é")
        w.key("e")
        w.beginArray()
        w.endArray()
        w.key("o")
        w.beginObject()
        w.field("n", 1)
        w.endObject()
        w.endObject()
        let compact = String(decoding: w.bytes, as: UTF8.self)
        #expect(compact == #"{"m":"a\"b\\c\nd\u0001é","e":[],"o":{"n":1}}"#)
        let indented = String(decoding: JSONWriter.indent(w.bytes), as: UTF8.self)
        #expect(indented == "{\n    \"m\": \"a\\\"b\\\\c\\nd\\u0001é\",\n    \"e\": [],\n    \"o\": {\n        \"n\": 1\n    }\n}")
    }

    @Test func gzipMembersConcatenateIntoOneStream() throws {
        let first = try GzipWriter.member(Array("{\"a\":1}\n".utf8))
        let second = try GzipWriter.member(Array("{\"b\":2}\n".utf8), level: 1)
        #expect(first[0] == 0x1f && first[1] == 0x8b)
        #expect(try Self.gunzip(first + second) == "{\"a\":1}\n{\"b\":2}\n")
        #expect(Self.members(first + second) == 2)
    }

    @Test func sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws {
        let a = try Self.smallRun(seed: 11)
        let b = try Self.smallRun(seed: 11)
        let c = try Self.smallRun(seed: 12)
        defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
        let filesA = try Self.files(a)
        let filesB = try Self.files(b)
        #expect(filesA.count > 20)
        #expect(filesA == filesB)
        #expect(try Self.files(c)["truth.json"] != filesA["truth.json"])
    }

    @Test func writesEveryFormatAsValidGzip() throws {
        let folder = try Self.smallRun()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.files(folder)
        var texts: [ArchiveStream: String] = [:]
        for stream in ArchiveStream.allCases {
            let paths = files.keys.filter { $0.hasPrefix(stream.directory + "/") }.sorted()
            #expect(!paths.isEmpty, "no files for \(stream)")
            for path in paths {
                let text = try #require(try Self.gunzip(files[path]!), "\(path) is not valid gzip")
                texts[stream, default: ""] += text
                if stream.isMultiMember && path.hasSuffix("-01.ndjson.gz") { #expect(Self.members(files[path]!) >= 2) }
            }
        }
        let podLine = texts[.podsWatch]!.split(separator: "\n").first!
        #expect(podLine.hasPrefix(#"{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod""#))
        #expect(texts[.podsWatch]!.contains(#"{"type":"DELETED","object":"#))
        #expect(texts[.podsKubectl]!.hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n"))
        #expect(texts[.podsList]!.hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n"))
        #expect(texts[.eventsList]!.contains("\n    \"kind\": \"List\",\n"))
        #expect(texts[.eventsExporter]!.split(separator: "\n").allSatisfy { $0.hasPrefix(#"{"apiVersion":"v1","count":"#) || $0.hasPrefix(#"{"action":"#) })
        #expect(texts[.eventsWatch]!.split(separator: "\n").allSatisfy { $0.hasPrefix(#"{"type":""#) })
        #expect(texts[.eventsRouter]!.contains(#"{"verb":"UPDATED","event":"#) && texts[.eventsRouter]!.contains(#","old_event":{"#))
        let v1 = texts[.eventsV1]!
        #expect(v1.contains(#""apiVersion":"events.k8s.io/v1""#) && v1.contains(#""regarding":{"#) && v1.contains(#""series":{"count":"#))
        #expect(!v1.contains("firstTimestamp"))
        let truth = try #require(String(bytes: files["truth.json"]!, encoding: .utf8))
        #expect(truth.hasPrefix("{\n \"apiVersion\": \"podtrail.dev/v1\",\n \"kind\": \"SimulationTruth\","))
    }

    @Test func writesTheKubeletMessageVariants() throws {
        let folder = try Self.smallRun()
        defer { try? FileManager.default.removeItem(at: folder) }
        var all = ""
        for (path, bytes) in try Self.files(folder) where path.hasPrefix("events/") || path.hasPrefix("pods/watch") {
            all += try Self.gunzip(bytes) ?? ""
        }
        for needle in [
            #"already present on machine""#, #" including waiting). Image size: "#, #"Back-off pulling image \""#,
            #""message":"Back-off restarting failed container "#, "back-off 10s restarting failed container=",
            "back-off 20s restarting failed container=", #""reason":"ImagePullBackOff""#, #""reason":"ErrImagePull""#,
            #""reason":"OOMKilled""#, #""SystemOOM""#, #""OOMKilling""#, #""reason":"NodeNotReady""#,
            "Memory cgroup out of memory: Killed process ", #""reason":"FailedScheduling""#, #""reason":"Unschedulable""#,
        ] {
            let found = all.contains(needle)
            #expect(found, "missing \(needle)")
        }
    }

    @Test func defaultRunHasEveryEvictionCauseInEveryWording() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Simulator.run(SimulationOptions(), to: folder.path)
        let truth = try Self.truth(folder)
        let evictions = truth["evictions"] as! [[String: Any]]
        let causes = Set(evictions.map { $0["cause"] as! String })
        for cause in ["memory-pressure", "disk-pressure", "pid-pressure", "ephemeral-storage-limit", "preemption", "taint",
                      "api-eviction", "node-shutdown", "node-lost"] {
            #expect(causes.contains(cause), "no \(cause) eviction")
        }
        let messages = evictions.compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("which exceeds its request of") })
        #expect(messages.contains { $0.contains(", has larger consumption of memory. ") })
        #expect(messages.contains { $0.hasPrefix("The node was low on resource: nodefs. ") || $0.hasPrefix("The node was low on resource: imagefs. ") })
        #expect(messages.contains { $0 == "Pod was terminated in response to imminent node shutdown." })
        #expect(evictions.contains { $0["wording"] as? String == "NodeLost" })
        let statuses = Set(truth["statuses"] as! [String])
        #expect(statuses.isSuperset(of: Self.seedStatuses))
        let episodes = truth["crash_loops"] as! [[String: Any]]
        #expect(episodes.contains { ($0["restarts"] as! Int) >= 3 && ($0["backoff_events"] as! Int) > ($0["restarts"] as! Int) })
        let events = truth["events"] as! [String: Any]
        let backoff = events["backoff"] as! [String: Int]
        let reasons = events["occurrences_by_reason"] as! [String: Int]
        #expect(backoff["restart"]! > 0 && backoff["image_pull"]! > 0 && backoff["restart"]! + backoff["image_pull"]! == reasons["BackOff"])
        #expect((events["node_oom"] as! [String: Int])["total"]! == reasons["SystemOOM"]! + reasons["OOMKilling"]!)
    }

    @Test func reusesStatefulSetNamesWithNewUIDs() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Simulator.run(SimulationOptions(), to: folder.path)
        let pods = try Self.truth(folder)["pods"] as! [[String: Any]]
        let stateful = pods.filter { $0["workload_kind"] as? String == "StatefulSet" }
        var uidsByName: [String: Set<String>] = [:]
        for pod in stateful { uidsByName["\(pod["namespace"]!)/\(pod["name"]!)", default: []].insert(pod["uid"] as! String) }
        #expect(uidsByName.values.contains { $0.count >= 2 })
        // A reused name never has two live pods at once: each reuse is created after the previous one is gone.
        for (_, group) in Dictionary(grouping: stateful, by: { "\($0["namespace"]!)/\($0["name"]!)" }) {
            let sorted = group.sorted { ($0["created_at"] as! String) < ($1["created_at"] as! String) }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                let gone = (a["deleted_at"] as? String) ?? (a["last_observed_at"] as! String)
                #expect(gone <= b["created_at"] as! String)
            }
        }
    }

    /// The statuses the sample must show (issue 3).
    static let seedStatuses: Set<String> = [
        "Pending", "Running", "Succeeded", "Failed", "Unknown", "CrashLoopBackOff", "ImagePullBackOff", "Terminating",
        "Evicted", "OOMKilled", "ContainerCreating", "Completed",
    ]

    static func truth(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("truth.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
