import PodtrailKit
import Foundation

/// What one archived record says about its object.
enum ArchiveVerb {
    case added
    case modified
    case deleted

    /// The watch envelope's `type`.
    var watchType: String {
        switch self {
        case .added: "ADDED"
        case .modified: "MODIFIED"
        case .deleted: "DELETED"
        }
    }
}

/// One record waiting for its hourly file.
struct ArchiveRecord {
    var time: Int64
    var sequence: Int
    var verb: ArchiveVerb
    /// The object's compact JSON.
    var payload: [UInt8]
    /// eventrouter's `old_event` for updates.
    var old: [UInt8]?
    /// The object's uid (List documents keep one item per uid).
    var uid: String
}

/// Collects records per stream and hour, then writes each hour's files once the hour is complete.
///
/// Records arrive out of order (a pod's whole life is simulated at once), so every record waits
/// in its hour's bucket until the simulation has moved past that hour (`flush(before:)`).
final class Archive {
    let directory: String
    let streams: Set<ArchiveStream>
    let level: Int
    private var buckets: [ArchiveStream: [Int64: [ArchiveRecord]]] = [:]
    private var sequence = 0
    /// The last lines of each stream's previous file, re-sent at the start of some next files.
    private var tails: [ArchiveStream: [[UInt8]]] = [:]
    private var hourIndex: [ArchiveStream: Int] = [:]
    /// The background `Compressor` (typed `Any` because it needs a newer macOS than the package).
    private var background: Any?
    /// Records written per file (relative path), for `truth.json`.
    private(set) var fileRecords: [(String, Int)] = []
    /// Exact duplicate lines injected.
    private(set) var duplicateLines = 0
    /// Bytes written (compressed).
    private(set) var bytesWritten = 0

    /// An archive writing below `directory` with gzip `level`.
    init(directory: String, streams: Set<ArchiveStream>, level: Int) {
        self.directory = directory
        self.streams = streams
        self.level = level
    }

    /// Queues a record for the hourly file of `stream` that holds `time`.
    func add(_ stream: ArchiveStream, at time: Int64, verb: ArchiveVerb, payload: [UInt8], old: [UInt8]? = nil, uid: String) {
        sequence += 1
        let hour = time - ((time % 3600) + 3600) % 3600
        buckets[stream, default: [:]][hour, default: []].append(
            ArchiveRecord(time: time, sequence: sequence, verb: verb, payload: payload, old: old, uid: uid))
    }

    /// Hands every hour that ends at or before `time` to the background compressor.
    func flush(before time: Int64) throws {
        var files: [(path: String, members: [[UInt8]])] = []
        for stream in ArchiveStream.allCases {
            guard let hours = buckets[stream] else { continue }
            for hour in hours.keys.sorted() where hour + 3600 <= time {
                let file = prepare(stream, hour: hour, records: hours[hour]!)
                files.append((directory + "/" + file.path, file.members))
                buckets[stream]![hour] = nil
            }
        }
        guard !files.isEmpty else { return }
        if #available(macOS 15, *) {
            let compressor = (background as? Compressor) ?? Compressor(level: level)
            background = compressor
            compressor.submit(files)
        } else {
            for file in files { try store(fullPath: file.path, members: file.members) }
        }
    }

    /// Waits for the background compressor and adds up what it wrote.
    func finishWriting() throws {
        if #available(macOS 15, *), let compressor = background as? Compressor {
            bytesWritten += try compressor.finish()
            background = nil
        }
    }

    /// Writes everything still queued.
    func flushAll() throws {
        try flush(before: Int64.max - 7200)
    }

    /// Writes `pods` (already-encoded Pod objects) as one `kubectl get pods -A -o json` List.
    func writeList(_ stream: ArchiveStream, at time: Int64, items: [[UInt8]]) throws {
        guard !items.isEmpty else { return }
        let path = stream.directory + "/" + stream.fileName(hour: time)
        try store(fullPath: directory + "/" + path, members: [Self.list(items)])
        fileRecords.append((path, items.count))
    }

    /// The path and uncompressed gzip members of one hourly file.
    private func prepare(_ stream: ArchiveStream, hour: Int64, records unsorted: [ArchiveRecord]) -> (path: String, members: [[UInt8]]) {
        // Sort positions, not the records themselves (moving payload arrays costs retains).
        let order = unsorted.indices.sorted { (unsorted[$0].time, unsorted[$0].sequence) < (unsorted[$1].time, unsorted[$1].sequence) }
        let records = order.lazy.map { unsorted[$0] }
        let path = stream.directory + "/" + stream.fileName(hour: hour)
        if stream == .eventsList {
            // One List per hour holding each event's latest state in that hour.
            var latest: [String: Int] = [:]
            var items: [[UInt8]] = []
            for record in records {
                if let index = latest[record.uid] {
                    items[index] = record.payload
                } else {
                    latest[record.uid] = items.count
                    items.append(record.payload)
                }
            }
            fileRecords.append((path, items.count))
            return (path, [Self.list(items)])
        }
        var lines: [[UInt8]] = []
        var lineTimes: [Int64] = []
        let index = hourIndex[stream, default: 0]
        hourIndex[stream] = index + 1
        if stream.isLineDelimited, index % 4 == 1, let tail = tails[stream] {
            // An exporter restarted and re-sent its last lines: exact duplicates across files.
            lines.append(contentsOf: tail)
            lineTimes.append(contentsOf: repeatElement(hour, count: tail.count))
            duplicateLines += tail.count
        }
        for record in records {
            lines.append(Self.render(stream, record))
            lineTimes.append(record.time)
        }
        if stream.isLineDelimited { tails[stream] = Array(lines.suffix(2)) }
        var members: [[UInt8]] = []
        var current: [UInt8] = []
        var quarter = Int64(-1)
        for (line, time) in zip(lines, lineTimes) {
            let q = stream.isMultiMember ? (time - hour) / 900 : 0
            if q != quarter && !current.isEmpty {
                members.append(current)
                current = []
            }
            quarter = q
            current.append(contentsOf: line)
        }
        if !current.isEmpty { members.append(current) }
        fileRecords.append((path, lines.count))
        return (path, members)
    }

    private func store(fullPath: String, members: [[UInt8]]) throws {
        var bytes: [UInt8] = []
        for member in members { bytes.append(contentsOf: try GzipWriter.member(member, level: level)) }
        try Self.writeFile(fullPath, bytes)
        bytesWritten += bytes.count
    }

    /// Writes `bytes` to `path`, creating its folder.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        if let slash = path.lastIndex(of: "/") {
            do {
                try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
            } catch {
                throw SimulationError.cannotWrite(path: path)
            }
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw SimulationError.cannotWrite(path: path)
        }
    }

    private static func render(_ stream: ArchiveStream, _ record: ArchiveRecord) -> [UInt8] {
        var line: [UInt8]
        switch stream {
        case .podsWatch, .eventsWatch:
            line = Array("{\"type\":\"\(record.verb.watchType)\",\"object\":".utf8)
            line.append(contentsOf: record.payload)
            line.append(UInt8(ascii: "}"))
        case .eventsRouter:
            let verb = record.verb == .added ? "ADDED" : record.verb == .deleted ? "DELETED" : "UPDATED"
            line = Array("{\"verb\":\"\(verb)\",\"event\":".utf8)
            line.append(contentsOf: record.payload)
            if let old = record.old {
                line.append(contentsOf: ",\"old_event\":".utf8)
                line.append(contentsOf: old)
            }
            line.append(UInt8(ascii: "}"))
        case .podsKubectl:
            line = JSONWriter.indent(record.payload)
        default:
            line = record.payload
        }
        line.append(0x0A)
        return line
    }

    private static func list(_ items: [[UInt8]]) -> [UInt8] {
        var w = JSONWriter(capacity: items.reduce(64) { $0 + $1.count + 1 })
        w.beginObject()
        w.field("apiVersion", "v1")
        w.key("items")
        w.beginArray()
        for item in items { w.raw(item) }
        w.endArray()
        w.field("kind", "List")
        w.key("metadata")
        w.beginObject()
        w.field("resourceVersion", "")
        w.endObject()
        w.endObject()
        var out = JSONWriter.indent(w.bytes)
        out.append(0x0A)
        return out
    }
}
