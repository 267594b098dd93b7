/// `report.md`: title, window, summary with change against the previous window, then one
/// section per analysis.
extension ReportBuilder {
    /// The whole Markdown report.
    func markdown(_ data: ReportData, previous: ReportData?) throws -> String {
        let clusterNames = try clusters()
        let clusters = clusterNames.map { Markdown.cell($0) }.joined(separator: ", ")
        var text = "# podtrail report: " + (clusterNames.isEmpty ? "no data" : (clusterNames.count == 1 ? "cluster " : "clusters ") + clusters) + "\n\n"
        text += try windowLine() + "\n\n"
        text += thresholdSection(data)
        text += coverageSection(data)
        text += summary(data, previous: previous)
        text += phaseSection(data)
        text += startupSLISection(data)
        text += crashLoopSection(data)
        text += evictionSection(data)
        text += oomSection(data)
        text += warningSection(data, previous: previous)
        text += schedulingSection(data)
        text += imagePullSection(data)
        text += neverReadySection(data)
        text += terminationSection(data)
        text += statusSection(data)
        return text
    }

    /// "Window: A to B (24.0 h). Namespaces: all."
    func windowLine() throws -> String {
        let window = scope.window
        var line: String
        if window.isUnbounded {
            var range = try dataRange()
            // The data `podtrail prune` rolled up began earlier than the rows held.
            if range.count == 2, try ReportRollups.cut(connection) != nil,
                let pruned = try connection.scalar("SELECT value FROM podtrail_meta WHERE key = 'pruned_data_from'").string
                    .flatMap(Timestamp.parse), pruned.micros < range[0].micros
            {
                range[0] = pruned
            }
            line = range.count == 2 ? "Window: all data, \(range[0]) to \(range[1])." : "Window: all data (the database is empty)."
        } else {
            let from = window.since.map(\.description) ?? "the first data"
            let to = window.until.map(\.description) ?? "the last data"
            line = "Window: \(from) to \(to)"
            if let length = window.length { line += " (\(ReportNumber.duration(length)))" }
            line += ", start included, end excluded."
        }
        let namespaces = scope.namespaces.isEmpty ? "all" : scope.namespaces.map { Markdown.cell($0) }.joined(separator: ", ")
        return line + " Namespaces: \(namespaces)."
    }

    /// The headline figures, with the previous window's values and the change when known. A
    /// figure the window's data cannot answer reads "unknown" with the reason, never 0.
    func summary(_ data: ReportData, previous: ReportData?) -> String {
        typealias Figure = ReportFigure
        let figures = ReportFigure.all
        func value(_ figure: Figure, _ data: ReportData) -> Double? { figure.known(data) }
        func show(_ figure: Figure, _ data: ReportData) -> String {
            if let reason = figure.unknown(data) { return "unknown (\(reason))" }
            guard let value = figure.value(data) else { return "–" }
            var text = figure.isDuration ? ReportNumber.duration(value) : ReportNumber.plain(value)
            if figure.name == "Restarts in crash loops", data.allCrashLoopsWithoutRestarts > 0 {
                text += " (+ unknown in \(count(data.allCrashLoopsWithoutRestarts, "episode")) known from events only)"
            }
            return text
        }
        var text = "## Summary\n\n"
        if let previous {
            let rows = figures.map { figure -> [String] in
                let now = value(figure, data)
                let before = value(figure, previous)
                let change = now.flatMap { n in before.map { ReportNumber.change(n, from: $0, isDuration: figure.isDuration) } } ?? "–"
                return [figure.name, show(figure, data), show(figure, previous), change]
            }
            text += Markdown.table(["Figure", "This window", "Previous window", "Change"], rows, alignments: [.left, .right, .right, .right])
            if let window = scope.window.previous, let since = window.since, let until = window.until {
                text += "\nThe previous window is \(since) to \(until).\n"
            }
        } else {
            let rows = figures.map { [$0.name, show($0, data)] }
            text += Markdown.table(["Figure", "Value"], rows, alignments: [.left, .right])
            text += scope.window.previous == nil
                ? "\nNo comparison: the window is open-ended.\n"
                : "\nNo comparison: the database holds no data from the start of the previous window of equal length.\n"
        }
        if let rollups = data.rollups ?? previous?.rollups { text += "\n" + rollups.note.dropLast() }
        return text + "\n"
    }

    /// "Thresholds": the `--fail-on` conditions breached, first thing after the window (nothing
    /// when none was given).
    func thresholdSection(_ data: ReportData) -> String {
        guard !thresholds.isEmpty else { return "" }
        let breaches = thresholds.compactMap { threshold in threshold.breach(in: data).map { (threshold, $0) } }
        var text = "## Thresholds\n\n"
        if breaches.isEmpty {
            return text + "Every --fail-on condition held: none of \(thresholds.map { Markdown.codeSpan($0.description) }.joined(separator: ", ")) happened.\n\n"
        }
        text += "\(count(breaches.count, "--fail-on condition")) of \(thresholds.count) breached:\n\n"
        text += Markdown.table(["Condition", "This window"], breaches.map { [$0.0.description, $0.1] }, alignments: [.left, .right])
        return text + "\n"
    }

    /// A view the database lacks, said in one line.
    func missing(_ view: String) -> String {
        "This database has no `\(view)` view: open it once with a podtrail that has the analyses (any `ingest` does) to install it.\n\n"
    }

    /// "Data coverage": what the window's archives hold, its gaps, and the figures they leave
    /// unanswerable (the `coverage` view).
    func coverageSection(_ data: ReportData) -> String {
        guard let coverage = data.coverage else { return "" }
        var text = "## Data coverage\n\n"
        if let note = coverage.futureNote { text += note + "\n\n" }
        let total = coverage.hours.count
        guard total > 0, coverage.hasStatus || coverage.hasEvents else {
            return text + "The database holds no pod status data and no events in this window: every figure below is unknown.\n\n"
        }
        let statusHours = coverage.hours.filter { $0.snapshots > 0 }.count
        let eventHours = coverage.hours.filter { $0.events > 0 }.count
        text += "Pod status: \(count(coverage.snapshots, "snapshot")) in \(statusHours) of \(count(total, "hour")); "
        text += "events: \(count(coverage.events, "Event object")) in \(eventHours) of \(count(total, "hour")).\n"
        func ranges(_ runs: [(from: Timestamp, to: Timestamp, hours: Int)]) -> String {
            let shown = runs.prefix(5).map { "\($0.from) to \($0.to) (\(count($0.hours, "hour")))" }
            return shown.joined(separator: ", ") + (runs.count > 5 ? " and \(runs.count - 5) more" : "")
        }
        let gaps = coverage.runs { $0.snapshots == 0 && $0.events == 0 }
        if !gaps.isEmpty { text += "- No data at all: \(ranges(gaps)).\n" }
        if !coverage.hasStatus {
            text += "- No pod status data: pods created, startup, crash-loop restarts, OOM kills and time in status are unknown; "
            text += "crash loops, evictions and scheduling below come from events alone.\n"
        } else {
            let eventsOnly = coverage.runs { $0.snapshots == 0 && $0.events > 0 }
            if !eventsOnly.isEmpty {
                text += "- Events but no pod status: \(ranges(eventsOnly)): pods, restarts, OOM kills and time in status there are unknown.\n"
            }
        }
        if !coverage.hasEvents {
            text += "- No events: back-offs, image pulls, scheduling events and node OOM events are unknown.\n"
        } else if coverage.hasStatus {
            let statusOnly = coverage.runs { $0.snapshots > 0 && $0.events == 0 }
            if !statusOnly.isEmpty { text += "- Pod status but no events: \(ranges(statusOnly)).\n" }
        }
        return text + "\n"
    }
}
