import Foundation

/// Streams input files into a database: one transaction per file, recorded in the `sources`
/// ledger so that files already read are skipped next time.
///
/// Every file is read in one pass: gzip inflated, framed, decoded and written as it streams.
/// A crash mid-file rolls that file back; the next run reads it again, and the tables' unique
/// keys guarantee nothing is counted twice.
public final class Ingestor {
    private let database: Database
    private let options: IngestOptions
    private let writer: StoreWriter
    private var decoder = RecordDecoder()
    /// Receives progress about twice a second while a file is read.
    public var progress: ((IngestProgress) -> Void)?

    /// Prepares to write into `database`.
    public init(database: Database, options: IngestOptions = IngestOptions()) throws {
        self.database = database
        self.options = options
        self.writer = try StoreWriter(connection: database.connection, cluster: options.cluster)
    }

    /// Ingests files and folders (recursively; every regular file that is gzip or JSON by its
    /// first bytes), and `-` for standard input.
    ///
    /// - Throws: `InputError.missing` for a path that does not exist; `DatabaseError.full` when the
    ///   disk fills (files completed before are kept). Unreadable or damaged files do not throw:
    ///   they are listed in the summary.
    public func ingest(paths: [String]) throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        for path in paths where path != "-" && !FileManager.default.fileExists(atPath: path) {
            throw InputError.missing(path: path)
        }
        for path in paths {
            if path == "-" {
                try ingestStream(fd: 0, path: "-", size: 0, fingerprint: nil, explicit: true, into: &summary)
                continue
            }
            for file in InputFiles.expand(path, failures: &summary.failures) {
                try ingestFile(file.path, explicit: file.explicit, into: &summary)
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Ingests bytes held in memory as one source named `name` (for tests and embedding).
    public func ingest(bytes: [UInt8], name: String) throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        let fingerprint = "\(bytes.count)-\(String(Fingerprint.hash(bytes), radix: 16))-mem"
        try readSource(path: name, size: bytes.count, fingerprint: fingerprint, explicit: true, into: &summary) { handler in
            try InputReader.read(bytes: bytes, maxRecordBytes: options.maxRecordBytes, handler)
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    private func ingestFile(_ path: String, explicit: Bool, into summary: inout IngestSummary) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            summary.failures.append("\(path): \(String(cString: strerror(errno)))")
            return
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            summary.failures.append("\(path): \(String(cString: strerror(errno)))")
            return
        }
        let fingerprint: String
        do {
            fingerprint = try Fingerprint.of(path: path)
        } catch {
            summary.failures.append("\(error)")
            return
        }
        if try alreadyIngested(fingerprint: fingerprint) {
            summary.alreadyIngested += 1
            return
        }
        try ingestStream(fd: fd, path: path, size: Int(info.st_size), fingerprint: fingerprint, explicit: explicit, into: &summary)
    }

    private func alreadyIngested(fingerprint: String) throws -> Bool {
        try database.connection.scalar(
            "SELECT count(*) FROM sources WHERE fingerprint = ? AND cluster = ?",
            [.text(fingerprint), .text(options.cluster)]
        ).int ?? 0 > 0
    }

    private func ingestStream(fd: Int32, path: String, size: Int, fingerprint: String?, explicit: Bool, into summary: inout IngestSummary) throws {
        let started = Date()
        var lastReport = started
        try readSource(path: path, size: size, fingerprint: fingerprint, explicit: explicit, into: &summary) { handler in
            try InputReader.read(fd: fd, path: path, maxRecordBytes: options.maxRecordBytes, progress: { [progress] bytes in
                guard let progress else { return }
                let now = Date()
                guard now.timeIntervalSince(lastReport) >= 0.5 else { return }
                lastReport = now
                progress(IngestProgress(path: path, bytesRead: bytes, bytesTotal: size, records: 0, seconds: now.timeIntervalSince(started)))
            }, handler)
        }
    }

    /// Reads one source inside one transaction and records it in the ledger.
    private func readSource(
        path: String, size: Int, fingerprint: String?, explicit: Bool, into summary: inout IngestSummary,
        read: ((FrameEvent) throws -> Void) throws -> InputSummary
    ) throws {
        let connection = database.connection
        var stats = SourceStats()
        do {
            try connection.transaction {
                writer.sourceID = try Sources.begin(connection, cluster: options.cluster, path: path, size: size, fingerprint: fingerprint ?? "")
                let input = try read { event in try self.handle(event, stats: &stats) }
                stats.input = input
                if input.format == .notJSON {
                    stats.status = "not-json"
                    if explicit {
                        try writer.reject(line: nil, offset: 0, reason: "not JSON or gzip (by its first bytes)", excerpt: [])
                        stats.rejects += 1
                        stats.status = "damaged"
                    }
                } else {
                    stats.status = input.damaged ? "damaged" : "complete"
                }
                let finalFingerprint = fingerprint ?? "\(input.bytesRead)-stdin"
                try Sources.finish(connection, id: writer.sourceID, stats: stats, size: max(size, input.bytesRead), fingerprint: finalFingerprint)
            }
        } catch let error as SQLiteError where error.isFull {
            throw DatabaseError.full(path: database.path)
        }
        summary.records += stats.records
        summary.duplicates += stats.duplicates
        summary.skipped += stats.skipped
        summary.rejects += stats.rejects
        summary.bytesRead += stats.input?.bytesRead ?? 0
        summary.jsonBytes += stats.input?.jsonBytes ?? 0
        if stats.status == "not-json" { summary.notJSON += 1 } else { summary.files += 1 }
        if stats.status == "damaged" { summary.damaged.append(path) }
    }

    private func handle(_ event: FrameEvent, stats: inout SourceStats) throws {
        switch event {
        case .reject(let line, let offset, let reason, let excerpt):
            try writer.reject(line: line, offset: offset, reason: reason, excerpt: excerpt)
            stats.rejects += 1
        case .record(let bytes, let line, let offset):
            switch decoder.decode(bytes) {
            case .event(let record):
                stats.records += 1
                stats.note(record.lastSeen)
                if try !writer.write(record) { stats.duplicates += 1 }
            case .pod(let record):
                stats.records += 1
                stats.note(record.observedAt)
                if try !writer.write(record) { stats.duplicates += 1 }
            case .skipped:
                stats.skipped += 1
            case .rejected(let reason):
                try writer.reject(line: line, offset: offset, reason: reason, excerpt: Array(bytes.prefix(200)))
                stats.rejects += 1
            }
        }
    }
}

@available(*, unavailable)
extension Ingestor: Sendable {}

/// Counters for one source while it is read.
struct SourceStats {
    var records = 0
    var duplicates = 0
    var skipped = 0
    var rejects = 0
    var first: Timestamp?
    var last: Timestamp?
    var status = "complete"
    var input: InputSummary?

    mutating func note(_ time: Timestamp?) {
        guard let time else { return }
        if first.map({ time < $0 }) ?? true { first = time }
        if last.map({ time > $0 }) ?? true { last = time }
    }
}
