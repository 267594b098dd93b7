/// Builds a report — `report.md` and the CSV files — from a database and a scope.
///
/// The output depends only on the database and the options: rows are ordered by time then by
/// every column, ties in "top" tables are broken by name, and the only times printed are the
/// window's bounds and the data's own timestamps.
public struct ReportBuilder {
    /// Which files to produce.
    public struct Formats: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let markdown = Formats(rawValue: 1)
        public static let csv = Formats(rawValue: 2)
        /// report.html: report.md rendered as one self-contained page (`MarkdownHTML`).
        public static let html = Formats(rawValue: 4)
        public static let all: Formats = [.markdown, .csv, .html]
    }

    let connection: Connection
    /// What the report covers.
    public var scope: ReportScope
    /// Rows in each "top" table.
    public var top: Int
    /// `--fail-on` conditions: report.md lists the breached ones first, and `write` returns them.
    public var thresholds: [Threshold] = []
    /// UTF-8 bytes of status_durations.csv held before `write(formats:to:)` writes them out.
    var statusCSVChunk = 1 << 20

    /// Creates a builder over `database`.
    public init(database: Database, scope: ReportScope, top: Int = 10) {
        connection = database.connection
        self.scope = scope
        self.top = top
    }

    /// The report's files as (file name, contents), in a fixed order.
    public func build(formats: Formats = .all) throws -> [(name: String, text: String)] {
        try files(formats: formats, statusCSV: nil).files
    }

    /// Writes the report's files into `folder` (created when missing), each under a temporary
    /// name renamed over the final one (see `ReportOutput`); temporary files that killed runs
    /// left there are removed first. status_durations.csv, a row per pod and status (174 MB
    /// for a week), goes to its file as the rows are read rather than being held whole.
    ///
    /// - Throws: `ReportError.cannotWrite` naming the path and the reason; database errors.
    public func write(formats: Formats = .all, to folder: String) throws {
        let output = try OutputFolder(path: folder)
        output.removeLeftovers()
        try write(formats: formats, into: output)
    }

    /// Writes the report's files into the open `folder`.
    /// Writes the report's files into the open `folder`; returns the `thresholds` breached.
    @discardableResult
    func write(formats: Formats = .all, into folder: OutputFolder) throws -> [Threshold] {
        let status = formats.contains(.csv) ? try ReportOutput.PendingFile(in: folder, name: "status_durations.csv") : nil
        let (files, hasStatus, breached) = try self.files(formats: formats, statusCSV: status.map { file in { try file.write($0) } })
        try folder.write(files)
        if hasStatus { try status?.commit() }
        return breached
    }

    /// The report's files and whether the database has status_durations; with `statusCSV`,
    /// status_durations.csv is handed to it piece by piece and left out of the files. Read in one
    /// read transaction: every section sees the same database while an ingest writes to it.
    private func files(
        formats: Formats, statusCSV: ((String) throws -> Void)?
    ) throws -> (files: [(name: String, text: String)], hasStatus: Bool, breached: [Threshold]) {
        // Sorts in temporary files and an 8 MB page cache: a whole busy day's report peaked at
        // 275 MB with the 64 MB cache and in-memory sorts that every command opens with.
        try connection.withLowMemorySorts { try connection.readTransaction {
            let (current, previous) = try ReportData.read(
                connection: connection, scope: scope, previous: formats.contains(.markdown) || formats.contains(.html) ? try comparableWindow() : nil,
                keepingCSV: formats.contains(.csv), statusCSV: statusCSV, chunk: statusCSVChunk)
            var files: [(name: String, text: String)] = []
            if formats.contains(.markdown) || formats.contains(.html) {
                let text = try markdown(current, previous: previous)
                if formats.contains(.markdown) { files.append(("report.md", text)) }
                // The page is report.md's own text rendered: it holds every section report.md holds.
                if formats.contains(.html) { files.append(("report.html", MarkdownHTML.page(text))) }
            }
            if formats.contains(.csv) { files += csvFiles(current, holdingStatus: statusCSV == nil) }
            return (files, current.statusDurations != nil, thresholds.filter { $0.breach(in: current) != nil })
        } }
    }

    /// The CSV files, one per analysis whose view the database has (`holdingStatus`: with
    /// status_durations.csv from the text `data` holds).
    func csvFiles(_ data: ReportData, holdingStatus: Bool = true) -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        func add(_ name: String, _ header: [String], _ rows: (some Sequence<[SQLValue]>)?) {
            guard let rows else { return }
            var writer = CSVWriter(header: header)
            for row in rows { writer.append(row) }
            files.append((name, writer.text))
        }
        add("phase_duration_percentiles.csv", ReportColumns.phaseDurations, data.phases?.lazy.map(\.csvRow))
        if let podPhases = data.podPhaseDurations { files.append(("pod_phase_durations.csv", podPhases)) }
        add("crash_loops.csv", ReportColumns.crashLoops, data.crashLoops?.lazy.map(\.values))
        add("evictions.csv", ReportColumns.evictions, data.evictions?.lazy.map(\.values))
        add("oom_kills.csv", ReportColumns.oomKills, data.oomKills?.lazy.map(\.values))
        add("oom_rates.csv", ReportColumns.oomRates, data.oomRates?.lazy.map(\.values))
        add("startup_sli.csv", ReportColumns.startupSLI, data.startupSLI?.lazy.map(\.values))
        add("warning_reasons.csv", ReportColumns.warningReasons, data.warningReasons?.lazy.map(\.values))
        add("scheduling_failures.csv", ReportColumns.schedulingFailures, data.schedulingFailures?.lazy.map(\.values))
        add("image_pull_failures.csv", ReportColumns.imagePullFailures, data.imagePullFailures?.lazy.map(\.values))
        add("image_pull_times.csv", ReportColumns.imagePullTimes, data.imagePullTimes?.lazy.map(\.csvRow))
        add("never_ready.csv", ReportColumns.neverReady, data.neverReady?.lazy.map(\.values))
        add("terminations.csv", ReportColumns.terminations, data.terminations?.lazy.map(\.values))
        if holdingStatus, let csv = data.statusDurations?.csv { files.append(("status_durations.csv", csv.text)) }
        return files
    }

    /// The previous window of equal length when the database holds data from its start on.
    func comparableWindow() throws -> TimeWindow? {
        guard let previous = scope.window.previous, let start = previous.since else { return nil }
        // Usually some data lies well before the start: the first one found settles it, with
        // no need to read every time for the earliest (2.6 s over a week's database).
        let (times, bindings) = dataTimes()
        let before = "WITH times AS (\(times)) SELECT EXISTS (SELECT 1 FROM times WHERE julianday(t) < julianday(?))"
        if try connection.scalar(before, bindings + [.text(start.description)]).int == 1 { return previous }
        // Data `podtrail prune` rolled up counts as held: the earliest data time it pruned.
        if try ReportRollups.cut(connection) != nil,
            let pruned = try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'pruned_data_from'").string.flatMap(Timestamp.parse),
            pruned.micros <= start.micros
        {
            return previous
        }
        guard let earliest = try dataRange().first else { return nil }
        return earliest <= start ? previous : nil
    }

    /// The data times: each table's columns holding pod observation and event times.
    private static let dataTimeColumns = [("pods", ["first_observed_at", "last_observed_at"]), ("events", ["first_seen", "last_seen"])]

    /// ` WHERE cluster = ?` when the scope names a cluster.
    private var clusterFilter: String { scope.cluster == nil ? "" : " WHERE cluster = ?" }

    /// The SQL of every data time in scope (column `t`: pod observations and events), and its
    /// bindings.
    private func dataTimes() -> (String, [SQLValue]) {
        let selects = Self.dataTimeColumns.flatMap { table, columns in columns.map { "SELECT \($0) AS t FROM \(table)\(clusterFilter)" } }
        let bindings: [SQLValue] = scope.cluster.map { Array(repeating: .text($0), count: selects.count) } ?? []
        return (selects.joined(separator: " UNION ALL "), bindings)
    }

    /// The earliest and latest data times in scope (pod observations and events), empty when
    /// the database holds none. Each table is read once, both of its time columns parsed here
    /// (SQL's two ORDER BY julianday() passes over the four columns took 3.3 s for a week's
    /// database); the order is by instant, then by fraction digits. Text that is no
    /// timestamp is passed over.
    func dataRange() throws -> [Timestamp] {
        var first: Timestamp?
        var last: Timestamp?
        func precedes(_ a: Timestamp, _ b: Timestamp) -> Bool { (a.micros, a.fractionDigits) < (b.micros, b.fractionDigits) }
        for (table, columns) in Self.dataTimeColumns {
            let statement = try connection.prepare("SELECT \(columns.joined(separator: ", ")) FROM \(table)\(clusterFilter)")
            if let cluster = scope.cluster { try statement.bind([.text(cluster)]) }
            while try statement.step() {
                for column in columns.indices {
                    guard let time = statement.withUTF8(at: column, Timestamp.parse) ?? nil else { continue }
                    if first.map({ precedes(time, $0) }) ?? true { first = time }
                    if last.map({ precedes($0, time) }) ?? true { last = time }
                }
            }
        }
        return [first, last].compactMap { $0 }
    }

    /// The clusters the report covers: the chosen one, else every cluster in the database.
    func clusters() throws -> [String] {
        if let cluster = scope.cluster { return [cluster] }
        // Every row is written by an ingest, which lists its file under its cluster in
        // `sources` (kept after a prune): the clusters of the files that left a pod or an Event,
        // each found by its first row, rather than every row of a long history read (0.6 s on a
        // month). A database without sources (made by hand) is read whole.
        let listed = try connection.rows("SELECT DISTINCT cluster FROM sources ORDER BY 1").compactMap(\.first?.string)
        if !listed.isEmpty {
            return try listed.filter { cluster in
                try connection.scalar(
                    "SELECT EXISTS (SELECT 1 FROM pods WHERE cluster = ?1) OR EXISTS (SELECT 1 FROM events WHERE cluster = ?1)",
                    [.text(cluster)]
                ).int == 1
            }
        }
        // DISTINCT first, table by table: a week's 3.5 M rows sorted whole by UNION took 0.95 s, this 0.3 s.
        return try connection.rows("""
            SELECT cluster FROM (SELECT DISTINCT cluster FROM pods) UNION SELECT cluster FROM (SELECT DISTINCT cluster FROM events)
            ORDER BY 1
            """).compactMap(\.first?.string)
    }
}
