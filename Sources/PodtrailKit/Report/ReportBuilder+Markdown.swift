/// `report.md`: title, window, summary with change against the previous window, then one
/// section per analysis.
extension ReportBuilder {
    /// The whole Markdown report.
    func markdown(_ data: ReportData, previous: ReportData?) throws -> String {
        let clusterNames = try clusters()
        var text = "# podtrail report: " + (clusterNames.isEmpty ? "no data" : clusterNames.map { Markdown.cell($0) }.joined(separator: ", ")) + "\n\n"
        text += try windowLine() + "\n\n"
        text += summary(data, previous: previous)
        text += phaseSection(data)
        text += crashLoopSection(data)
        text += evictionSection(data)
        text += oomSection(data)
        text += statusSection(data)
        return text
    }

    /// "Window: A to B (24.0 h). Namespaces: all."
    func windowLine() throws -> String {
        let window = scope.window
        var line: String
        if window.isUnbounded {
            let range = try dataRange()
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

    /// The headline figures, with the previous window's values and the change when known.
    func summary(_ data: ReportData, previous: ReportData?) -> String {
        typealias Figure = (name: String, value: (ReportData) -> Double?, isDuration: Bool)
        let figures: [Figure] = [
            ("Pods created", { Double($0.podsCreated) }, false),
            ("p90 pod startup", { $0.startupP90 }, true),
            ("Crash-loop episodes", { $0.crashLoops.map { Double($0.count) } }, false),
            ("Restarts in crash loops", { $0.crashLoops == nil ? nil : Double($0.crashLoopRestarts) }, false),
            ("Pods evicted", { $0.evictions.map { Double($0.count) } }, false),
            ("Container OOM kills", { $0.oomKills.map { Double($0.count) } }, false),
            ("Node OOM events", { Double($0.nodeOOMEvents) }, false),
        ]
        func show(_ value: Double?, _ isDuration: Bool) -> String {
            guard let value else { return "–" }
            return isDuration ? ReportNumber.duration(value) : ReportNumber.plain(value)
        }
        var text = "## Summary\n\n"
        if let previous {
            let rows = figures.map { figure -> [String] in
                let now = figure.value(data)
                let before = figure.value(previous)
                let change = now.flatMap { n in before.map { ReportNumber.change(n, from: $0, isDuration: figure.isDuration) } } ?? "–"
                return [figure.name, show(now, figure.isDuration), show(before, figure.isDuration), change]
            }
            text += Markdown.table(["Figure", "This window", "Previous window", "Change"], rows, alignments: [.left, .right, .right, .right])
            if let window = scope.window.previous, let since = window.since, let until = window.until {
                text += "\nThe previous window is \(since) to \(until).\n"
            }
        } else {
            let rows = figures.map { [$0.name, show($0.value(data), $0.isDuration)] }
            text += Markdown.table(["Figure", "Value"], rows, alignments: [.left, .right])
            text += scope.window.previous == nil
                ? "\nNo comparison: the window is open-ended.\n"
                : "\nNo comparison: the database holds no data from the start of the previous window of equal length.\n"
        }
        return text + "\n"
    }

    /// A view the database lacks, said in one line.
    func missing(_ view: String) -> String {
        "This database has no `\(view)` view: open it once with a podtrail that has the analyses (any `ingest` does) to install it.\n\n"
    }
}
