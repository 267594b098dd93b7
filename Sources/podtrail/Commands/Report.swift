import ArgumentParser
import Foundation
import PodtrailKit

extension Podtrail {
    /// `podtrail report`: Markdown and CSV summaries of the analyses for a time window.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write report.md and one CSV per analysis for a time window.",
            discussion: """
                The window is start-inclusive, end-exclusive; each analysis counts what happened \
                inside it (a kill at its time, an episode at its start, a pod's durations at its \
                creation). No window means everything in the database. See Docs/REPORTS.md.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var window: ReportWindowOptions

        @Option(name: .customLong("namespace"), help: "Only this namespace (repeat for several).")
        var namespaces: [String] = []

        @Option(help: "Only this cluster.")
        var cluster: String?

        @Option(help: "The folder to write into.")
        var out = "report"

        @Option(help: "Comma-separated formats: md, csv, html.")
        var format = "md,csv,html"

        @Option(help: "Rows in each top-N table.")
        var top = 10

        func validate() throws {
            _ = try formats()
            guard top > 0 else { throw ValidationError("--top must be positive.") }
            _ = try window.parse()
        }

        func run() throws {
            // Read-write when possible so the analysis views are brought up to date; a missing
            // file is an error (read-only open), never a new empty database.
            let db = try Database(path: database.db, readOnly: !Database.isWritable(database.db), progress: Terminal.showRebuild)
            let scope = ReportScope(window: try window.parse(), cluster: cluster, namespaces: namespaces)
            try ReportBuilder(database: db, scope: scope, top: top).write(formats: try formats(), to: out)
        }

        private func formats() throws -> ReportBuilder.Formats {
            var formats: ReportBuilder.Formats = []
            for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                switch name {
                case "md", "markdown": formats.insert(.markdown)
                case "csv": formats.insert(.csv)
                case "html": formats.insert(.html)
                default: throw ValidationError("--format \(name): use md, csv, html or a comma-separated list of them.")
                }
            }
            guard !formats.isEmpty else { throw ValidationError("--format: use md, csv, html or a comma-separated list of them.") }
            return formats
        }
    }
}

/// `--since` and `--until` as the report reads them.
struct ReportWindowOptions: ParsableArguments {
    @Option(help: "Start of the window: RFC 3339 time, date, or a duration back from now (24h, 7d).")
    var since: String?

    @Option(help: "End of the window (excluded): RFC 3339 time, date, or a duration back from now.")
    var until: String?

    /// The parsed window; unreadable bounds are usage errors.
    func parse() throws -> TimeWindow {
        do {
            return try TimeWindow(since: since, until: until)
        } catch let error as TimeWindowError {
            throw ValidationError(error.description)
        }
    }
}
