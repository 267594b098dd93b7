import Foundation

/// The nightly job: ingest what is new, then write the report for the last window into
/// `OUT/<date>/` and point `OUT/latest` at it, each in one step (see `NightlyOutput`).
///
/// The window ends at the newest data in the database (the first whole second after it) or,
/// with `untilNow`, at the current time, and is `windowSeconds` long; `<date>` is the UTC date
/// of the window's last instant. Data dated more than an hour after the latest ingest
/// (`FutureRecords`) is not the newest: one Event dated 9999-12-31 leaves the window where the
/// rest of the data ends, and the report says how many records it left out. A lock on
/// `<database>.lock` keeps overlapping runs apart.
public struct NightlyJob {
    /// The database file.
    public var databasePath: String
    /// Files and folders to ingest (the ledger skips what was already read).
    public var inputs: [String]
    /// The folder holding one report folder per date and the `latest` link.
    public var outputFolder: String
    /// The window's length.
    public var windowSeconds: Double
    /// End the window now rather than at the newest data.
    public var untilNow = false
    /// Ingest options (cluster label, strict, record size limit).
    public var ingestOptions = IngestOptions()
    /// The report's cluster filter (nil: every cluster).
    public var cluster: String?
    /// Rows in each "top" table.
    public var top = 10
    /// Seconds to wait for another run's lock before giving up.
    public var lockWait = 10.0
    /// `--fail-on` conditions: a breach makes the exit code 3 (unless the ingest's is 1).
    public var thresholds: [Threshold] = []
    /// `--keep`: after the report, prune what lies more than this many seconds before the
    /// newest data (`Retention`); nil keeps everything.
    public var keepSeconds: Double?
    /// Progress callback for the ingest.
    public var progress: ((IngestProgress) -> Void)?

    /// Creates a job.
    public init(databasePath: String, inputs: [String], outputFolder: String, windowSeconds: Double) {
        self.databasePath = databasePath
        self.inputs = inputs
        self.outputFolder = outputFolder
        self.windowSeconds = windowSeconds
    }

    /// What a run did.
    public struct Result: Sendable {
        /// The ingest's summary.
        public var ingest: IngestSummary
        /// The report's window, nil when the database holds no data.
        public var window: TimeWindow?
        /// The report folder written, nil when the database holds no data.
        public var folder: String?
        /// The `--fail-on` conditions the window breached.
        public var breached: [Threshold] = []
        /// What `keepSeconds` pruned (nil: no prune).
        public var prune: Retention.Summary?
        /// 0 ok, 1 damaged or unreadable input (or a reject under strict), 3 a `--fail-on`
        /// condition breached (and the input fine).
        public var exitCode: Int32

        /// The one-line summary for cron mail.
        public var line: String {
            var text = "nightly: " + ingest.line
            if let window, let folder, let since = window.since, let until = window.until {
                text += "; report \(since) to \(until) in \(folder)"
                if !breached.isEmpty { text += "; breached: " + breached.map(\.description).joined(separator: ", ") }
            } else {
                text += "; no report: the database holds no data (none dated before the latest ingest plus 1 h)"
            }
            if let prune { text += "; " + prune.line }
            return text
        }
    }

    /// Runs the job.
    ///
    /// - Throws: `DatabaseError.notAFile` when the database path is a folder or a device
    ///   (before its lock file is made next to it); `FileLockError.busy` when another run
    ///   holds the lock; `ReportError` when `OUT/latest` is a file or folder of the user's
    ///   (before anything is read) or the report cannot be written; `TimeWindowError.tooLong`
    ///   when `windowSeconds` is not a duration up to `TimeWindow.longestDuration`; database and
    ///   ingest failures.
    public func run(now: Date = Date()) throws -> Result {
        guard windowSeconds > 0, windowSeconds <= TimeWindow.longestDuration else {
            throw TimeWindowError.tooLong(flag: "--window", text: "\(windowSeconds)s")
        }
        try Database.checkPath(databasePath)
        let lock = try FileLock(path: databasePath + ".lock", wait: lockWait)
        defer { withExtendedLifetime(lock) {} }
        let output = try NightlyOutput(path: outputFolder)
        let database = try Database(path: databasePath)
        let ingestor = try Ingestor(database: database, options: ingestOptions)
        ingestor.progress = progress
        let summary = try ingestor.ingest(paths: inputs)
        var result = Result(ingest: summary, window: nil, folder: nil, exitCode: summary.exitCode(strict: ingestOptions.strict))
        let end: Timestamp
        if untilNow {
            end = Timestamp(micros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        } else {
            guard let newest = try FutureRecords.newestData(database.connection, cluster: cluster) else { return result }
            end = Timestamp(micros: (newest.micros / 1_000_000 + 1) * 1_000_000)
        }
        let window = TimeWindow(since: Timestamp(micros: end.micros - Int64(windowSeconds * 1_000_000)), until: end)
        let date = String(Timestamp(micros: end.micros - 1).description.prefix(10))
        var report = ReportBuilder(database: database, scope: ReportScope(window: window, cluster: cluster), top: top)
        report.thresholds = thresholds
        var breached: [Threshold] = []
        try output.publish(date) { breached = try report.write(into: $0) }
        result.breached = breached
        if result.exitCode == 0, !breached.isEmpty { result.exitCode = 3 }
        result.window = window
        result.folder = output.folder.file(date)
        // The report first: it reads the last window, which a prune keeps whole anyway.
        if let keepSeconds {
            let retention = Retention(database: database)
            if let cut = try retention.cut(keeping: keepSeconds) { result.prune = try retention.prune(before: cut) }
        }
        return result
    }
}
