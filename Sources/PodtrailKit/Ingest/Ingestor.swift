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
        for path in paths where path != "-" {
            if let problem = InputError.check(path) { throw problem }
        }
        var items: [SourceItem] = []
        for path in paths {
            if path == "-" {
                items.append(.standardInput)
            } else {
                items += InputFiles.expand(path, failures: &summary.failures).map { .file(path: $0.path, explicit: $0.explicit) }
            }
        }
        try deferIndexesIfEmpty()
        // One source ahead: the next file's reading thread starts as soon as the current one
        // has been read, so it inflates and decodes while this thread writes and commits.
        var queue = SourceQueue(items: items)
        var current = try queue.next(self, inFlight: nil, summary: &summary)
        while let source = current {
            var next: RunningSource?
            do {
                try readSource(source, into: &summary) { summary in
                    next = try queue.next(self, inFlight: source.fingerprint, summary: &summary)
                }
                source.close()
            } catch let error as InputError where source.isFile {
                // read(2) failed mid-file: that file rolled back; list it and go on with the others.
                source.close()
                summary.failures.append(error.description)
            } catch {
                source.close()
                next?.cancel()
                throw error
            }
            current = try next ?? queue.next(self, inFlight: nil, summary: &summary)
        }
        let finishing = Date()
        try refreshAnalysisCaches()
        summary.finishingSeconds = Date().timeIntervalSince(finishing)
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Ingests bytes held in memory as one source named `name` (for tests and embedding).
    public func ingest(bytes: [UInt8], name: String) throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        let fingerprint = "\(bytes.count)-\(String(Fingerprint.hash(bytes), radix: 16))-mem"
        let maxRecordBytes = options.maxRecordBytes
        let source = RunningSource(path: name, size: bytes.count, fingerprint: fingerprint, explicit: true, fd: nil) { handler, _ in
            try InputReader.read(bytes: bytes, maxRecordBytes: maxRecordBytes, handler)
        }
        try deferIndexesIfEmpty()
        try readSource(source, into: &summary) { _ in }
        let finishing = Date()
        try refreshAnalysisCaches()
        summary.finishingSeconds = Date().timeIntervalSince(finishing)
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Builds the indexes a backfill set aside (`DeferredIndexes`), then recomputes the analysis
    /// caches of the pods this run wrote (`AnalysisCache`), once at the end of the run rather
    /// than per file: a pod seen in every hourly file is recomputed once. Until then (or after a
    /// run stopped before it) the views compute those pods on the spot, so answers are exact
    /// either way; the next run finishes what a stopped one left.
    private func refreshAnalysisCaches() throws {
        Self.returnFreedMemory()
        try reportingFullDisk {
            try DeferredIndexes.build(database.connection)
            try AnalysisCache.refreshInTransaction(database.connection)
        }
    }

    /// A backfill (into an empty database) sets its secondary indexes aside (`DeferredIndexes`).
    private func deferIndexesIfEmpty() throws {
        try reportingFullDisk { try DeferredIndexes.deferIfEmpty(database.connection) }
    }

    /// Runs `body`, turning SQLite's "disk full" into `DatabaseError.full` naming the database.
    private func reportingFullDisk(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SQLiteError where error.isFull {
            throw DatabaseError.full(path: database.path)
        }
    }

    /// Hands the heap the files were decoded in back to the system (glibc's `malloc_trim`,
    /// looked up at run time: Swift's Glibc module does not declare it), so that the refresh's
    /// memory does not come on top of the reading's: a week's backfill peaked at 157 MB without.
    private static func returnFreedMemory() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }

    /// Something to read: a file found under the paths given, or standard input.
    enum SourceItem {
        case file(path: String, explicit: Bool)
        case standardInput
    }

    /// The sources of one run, started one at a time.
    struct SourceQueue {
        let items: [SourceItem]
        var index = 0

        /// Starts reading the next source that needs it, counting those skipped (already
        /// ingested, unreadable) in `summary`; nil at the end, or when the next file has the
        /// fingerprint of the source still being written (`inFlight`): whether it is a
        /// duplicate is known only once that source commits, so it waits until then.
        mutating func next(_ ingestor: Ingestor, inFlight: String?, summary: inout IngestSummary) throws -> RunningSource? {
            while index < items.count {
                switch items[index] {
                case .standardInput:
                    index += 1
                    return ingestor.startStandardInput()
                case .file(let path, let explicit):
                    let fd = open(path, O_RDONLY | O_CLOEXEC)
                    guard fd >= 0 else {
                        summary.failures.append("\(path): \(String(cString: strerror(errno)))")
                        index += 1
                        continue
                    }
                    var info = stat()
                    let fingerprint: String
                    do {
                        guard fstat(fd, &info) == 0 else { throw InputError.unreadable(path: path, reason: String(cString: strerror(errno))) }
                        fingerprint = try Fingerprint.of(path: path)
                    } catch {
                        close(fd)
                        summary.failures.append("\(error)")
                        index += 1
                        continue
                    }
                    if fingerprint == inFlight {
                        close(fd)
                        return nil
                    }
                    index += 1
                    if try ingestor.alreadyIngested(fingerprint: fingerprint) {
                        close(fd)
                        summary.alreadyIngested += 1
                        continue
                    }
                    return ingestor.startFile(fd: fd, path: path, size: Int(info.st_size), fingerprint: fingerprint, explicit: explicit)
                }
            }
            return nil
        }
    }

    /// A source whose reading thread is running, feeding `channel`.
    final class RunningSource {
        let path: String
        let size: Int
        let fingerprint: String?
        let explicit: Bool
        /// The open file, closed once its reader has stopped; nil for bytes and standard input.
        private var fd: Int32?
        let channel = RecordChannel()
        private var finished = false

        init(path: String, size: Int, fingerprint: String?, explicit: Bool, fd: Int32?, read: @escaping SourceReader) {
            self.path = path
            self.size = size
            self.fingerprint = fingerprint
            self.explicit = explicit
            self.fd = fd
            isFile = fd != nil
            let channel = channel
            let reader = Thread { Ingestor.produce(into: channel, read: read) }
            reader.name = "podtrail-read"
            reader.start()
        }

        /// A file (not bytes nor standard input): a read error there skips it, not the run.
        let isFile: Bool

        /// Receives the reader's next message.
        func receive() -> RecordChannel.Message {
            let message = channel.receive()
            if case .finished = message { finished = true }
            return message
        }

        /// Stops the reader (when it has not finished) and closes the file.
        func cancel() {
            if !finished {
                channel.cancel()
                finished = true
            }
            close()
        }

        /// Closes the file; call once the reader has finished.
        func close() {
            if let fd { Glibc.close(fd) }
            fd = nil
        }
    }

    private func startFile(fd: Int32, path: String, size: Int, fingerprint: String, explicit: Bool) -> RunningSource {
        let maxRecordBytes = options.maxRecordBytes
        return RunningSource(path: path, size: size, fingerprint: fingerprint, explicit: explicit, fd: fd) { handler, progress in
            try InputReader.read(fd: fd, path: path, maxRecordBytes: maxRecordBytes, progress: progress, handler)
        }
    }

    /// Each read of standard input is its own source: `-` and the time it was read.
    private func startStandardInput() -> RunningSource {
        let now = Timestamp(micros: Int64(Date().timeIntervalSince1970 * 1_000_000), fractionDigits: 6)
        let path = "- (stdin at \(now))"
        let maxRecordBytes = options.maxRecordBytes
        return RunningSource(path: path, size: 0, fingerprint: nil, explicit: true, fd: nil) { handler, progress in
            try InputReader.read(fd: 0, path: path, maxRecordBytes: maxRecordBytes, progress: progress, handler)
        }
    }

    private func alreadyIngested(fingerprint: String) throws -> Bool {
        try database.connection.scalar(
            "SELECT count(*) FROM sources WHERE fingerprint = ? AND cluster = ?",
            [.text(fingerprint), .text(options.cluster)]
        ).int ?? 0 > 0
    }

    /// A function that reads one source, passing framed events to its handler and the bytes
    /// read so far to its progress callback.
    typealias SourceReader = @Sendable (_ handler: (FrameEvent) throws -> Void, _ progress: (Int) -> Void) throws -> InputSummary

    /// Writes one source inside one transaction and records it in the ledger.
    ///
    /// Reading, inflating, framing and decoding run on the source's own thread; this thread
    /// writes. The two meet in a bounded `RecordChannel`, so memory stays flat. `whenRead` runs
    /// once the whole source has been read, before it is committed (to start the next one).
    private func readSource(
        _ source: RunningSource, into summary: inout IngestSummary, whenRead: (inout IngestSummary) throws -> Void
    ) throws {
        let connection = database.connection
        let path = source.path
        let size = source.size
        let started = Date()
        var stats = SourceStats()
        stats.horizon = FutureRecords.horizon(ingestTime: Timestamp(micros: Int64(started.timeIntervalSince1970 * 1_000_000)))
        var lastReport = started
        do {
            try connection.transaction {
                writer.sourceID = try Sources.begin(
                    connection, cluster: options.cluster, path: path, size: size, fingerprint: source.fingerprint ?? "")
                var input: InputSummary?
                while input == nil {
                    switch source.receive() {
                    case .batch(let items, let bytesRead):
                        for item in items { try handle(item, stats: &stats) }
                        if let progress, Date().timeIntervalSince(lastReport) >= 0.5 {
                            lastReport = Date()
                            progress(IngestProgress(
                                path: path, bytesRead: bytesRead, bytesTotal: size, records: stats.records,
                                seconds: lastReport.timeIntervalSince(started)))
                        }
                    case .finished(let result):
                        input = try result.get()
                        try whenRead(&summary)
                    }
                }
                try writer.flush()
                stats.duplicates += writer.lateDuplicates
                writer.lateDuplicates = 0
                stats.input = input
                if input!.format == .notJSON {
                    stats.status = .notJSON
                    if source.explicit {
                        try writer.reject(line: nil, offset: 0, reason: "not JSON or gzip (by its first bytes)", excerpt: [])
                        stats.rejects += 1
                        stats.status = .damaged
                    }
                } else {
                    stats.status = input!.damaged ? .damaged : .complete
                }
                let finalFingerprint = source.fingerprint ?? "\(input!.bytesRead)-stdin"
                try Sources.finish(connection, id: writer.sourceID, stats: stats, size: max(size, input!.bytesRead), fingerprint: finalFingerprint)
            }
        } catch {
            writer.discardPending()
            source.cancel()
            if let error = error as? SQLiteError, error.isFull { throw DatabaseError.full(path: database.path) }
            throw error
        }
        summary.records += stats.records
        summary.duplicates += stats.duplicates
        summary.skipped += stats.skipped
        summary.rejects += stats.rejects
        summary.unstorable += stats.unstorable
        summary.bytesRead += stats.input?.bytesRead ?? 0
        summary.jsonBytes += stats.input?.jsonBytes ?? 0
        if stats.status == .notJSON { summary.notJSON += 1 } else { summary.files += 1 }
        if stats.status == .damaged { summary.damaged.append(path) }
    }

    /// The reading thread: frames and decodes the source into batches on `channel`.
    fileprivate static func produce(into channel: RecordChannel, read: SourceReader) {
        var decoder = RecordDecoder()
        var batch: [PipelineItem] = []
        batch.reserveCapacity(Self.batchSize)
        var bytesRead = 0
        let result = Result<InputSummary, any Error> {
            try read({ event in
                switch event {
                case .reject(let line, let offset, let reason, let excerpt):
                    batch.append(.reject(line: line, offset: offset, reason: reason, excerpt: excerpt))
                case .record(let bytes, let line, let offset):
                    decoder.decode(bytes).forEach { decoded in
                        switch decoded {
                        case .event(let record): batch.append(.event(record, line: line, offset: offset))
                        case .pod(let record): batch.append(.pod(record, KubectlStatus(record), line: line, offset: offset))
                        case .skipped: batch.append(.skipped)
                        case .rejected(let reason):
                            batch.append(.reject(line: line, offset: offset, reason: reason, excerpt: Array(bytes.prefix(200))))
                        case .batch: break
                        }
                    }
                }
                if batch.count >= Self.batchSize {
                    guard channel.send(.batch(batch, bytesRead: bytesRead)) else { throw CancellationError() }
                    batch.removeAll(keepingCapacity: true)
                }
            }, { bytesRead = $0 })
        }
        if case .success = result, !batch.isEmpty { channel.send(.batch(batch, bytesRead: bytesRead)) }
        channel.send(.finished(result))
    }

    /// Items per hand-off between the threads.
    static let batchSize = 256

    private func handle(_ item: PipelineItem, stats: inout SourceStats) throws {
        switch item {
        case .reject(let line, let offset, let reason, let excerpt):
            try writer.reject(line: line, offset: offset, reason: reason, excerpt: excerpt)
            stats.rejects += 1
        case .event(let record, let line, let offset):
            try storing(line: line, offset: offset, excerpt: "event uid " + record.uid, stats: &stats) { stats in
                stats.records += 1
                stats.note(record.lastSeen)
                stats.noteFuture(record.firstSeen, record.lastSeen)
                if try !writer.write(record) { stats.duplicates += 1 }
            }
        case .pod(let record, let status, let line, let offset):
            try storing(line: line, offset: offset, excerpt: "pod uid " + record.uid, stats: &stats) { stats in
                stats.records += 1
                stats.note(record.observedAt)
                stats.noteFuture(record.observedAt)
                if try !writer.write(record, status: status) { stats.duplicates += 1 }
            }
        case .skipped:
            stats.skipped += 1
        }
    }

    /// Runs `write`; a record SQLite cannot store whole (`UnstorableRecord`, thrown before
    /// anything was written) becomes a reject at its line, counted in `unstorable`.
    private func storing(
        line: Int, offset: Int, excerpt: String, stats: inout SourceStats, _ write: (inout SourceStats) throws -> Void
    ) throws {
        do {
            try write(&stats)
        } catch let error as UnstorableRecord {
            try writer.reject(line: line, offset: offset, reason: error.reason, excerpt: Array(excerpt.utf8.prefix(200)))
            stats.rejects += 1
            stats.unstorable += 1
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
    /// Rejects of records too large for SQLite (`UnstorableRecord`).
    var unstorable = 0
    var first: Timestamp?
    var last: Timestamp?
    var status = SourceStatus.complete
    var input: InputSummary?
    /// The latest time a record may carry without being future (`FutureRecords`).
    var horizon: Timestamp?
    /// Records dated past `horizon`.
    var future = 0

    mutating func note(_ time: Timestamp?) {
        guard let time else { return }
        if first.map({ time < $0 }) ?? true { first = time }
        if last.map({ time > $0 }) ?? true { last = time }
    }

    /// Counts the record whose times are `times` when one lies past the horizon.
    mutating func noteFuture(_ times: Timestamp?...) {
        guard let horizon, times.contains(where: { $0.map { horizon < $0 } ?? false }) else { return }
        future += 1
    }
}
