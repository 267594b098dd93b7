import ArgumentParser
import Foundation
import PodtrailKit

extension Podtrail {
    /// `podtrail nightly`: ingest what is new, then report the last window into OUT/<date>/.
    struct Nightly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For cron: ingest new files, write the report for the last window, refresh OUT/latest.",
            discussion: """
                The window ends at the newest data (or now, with --until now). A second run on \
                the same database waits up to --lock-wait seconds, then exits 1. Exit codes: 0 ok; \
                1 damaged or unreadable input, a held lock, or a failure; 2 usage; 3 a --fail-on \
                condition breached; 4 or 5 --publish could not connect or lost the connection (as \
                for publish; the report is written first). With --publish, the window's days are \
                published (from the window's first UTC day on, or --since). --keep prunes after the \
                report (see podtrail help prune). \
                See Docs/REPORTS.md for a crontab example.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var ingest: IngestFlags

        @Option(name: .customLong("input"), help: "A folder or file to ingest (repeat for several).")
        var inputs: [String] = []

        @Option(help: "The folder holding OUT/<date>/ and the OUT/latest link.")
        var out = "reports"

        @Option(help: "The window's length, e.g. 24h, 7d.")
        var window = "24h"

        @Option(help: "Where the window ends: `newest` (the newest data) or `now`.")
        var until = "newest"

        @Option(help: "Rows in each top-N table.")
        var top = 10

        @Option(
            name: .customLong("publish"),
            help: ArgumentHelp("After the report, publish the window's days to this fleet database (as publish --to).", valueName: "url"))
        var publishURL: String?

        @Option(help: "With --publish: publish the UTC days from this time's day on instead of the window's.")
        var since: String?

        @Option(help: "Seconds to wait for an earlier run's lock.")
        var lockWait = 10.0

        @Option(help: "After the report, delete what lies more than this before the newest data (e.g. 90d), keeping daily rollups.")
        var keep: String?

        @Option(
            name: .customLong("fail-on"),
            help: "Exit 3 when this happens in the window, e.g. oom_kills>0, startup_p90>60s (repeat for several; Docs/REPORTS.md).")
        var failOn: [String] = []

        /// `--publish` and `--since` as `publish` reads them.
        var publishFlags: PublishFlags {
            var flags = PublishFlags()
            flags.to = publishURL
            flags.since = since
            return flags
        }

        func validate() throws {
            try ingest.validate(paths: inputs)
            guard let seconds = TimeWindow.duration(window), seconds > 0 else {
                throw ValidationError("--window \(window): give a duration such as 24h or 7d.")
            }
            guard seconds <= TimeWindow.longestDuration else {
                throw ValidationError(TimeWindowError.tooLong(flag: "--window", text: window).description)
            }
            guard until == "newest" || until == "now" else { throw ValidationError("--until \(until): use newest or now.") }
            guard top > 0, lockWait >= 0 else { throw ValidationError("--top and --lock-wait must be positive.") }
            if let keep {
                do { _ = try Retention.keepSeconds(keep) } catch {
                    throw ValidationError("--keep \(keep): give a duration such as 90d or 2w (at most 365250d).")
                }
            }
            if since != nil, publishURL == nil { throw ValidationError("--since goes with --publish URL.") }
            try publishFlags.validate(required: false)
            for condition in failOn {
                do { _ = try Threshold(parsing: condition) } catch { throw ValidationError("\(error)") }
            }
        }

        func run() throws {
            var job = NightlyJob(databasePath: database.db, inputs: inputs, outputFolder: out, windowSeconds: TimeWindow.duration(window)!)
            job.untilNow = until == "now"
            job.ingestOptions = IngestOptions(cluster: ingest.cluster, strict: ingest.strict, maxRecordBytes: ingest.maxRecordMib << 20)
            job.cluster = ingest.cluster
            job.top = top
            job.lockWait = lockWait
            job.thresholds = try failOn.map(Threshold.init(parsing:))
            job.keepSeconds = try keep.map(Retention.keepSeconds)
            let result = try job.run()
            if !ingest.quiet { Terminal.warn(result.line) }
            if publishURL != nil {
                try publishFlags.run(
                    database: try Database(path: database.db, readOnly: true), cluster: ingest.cluster, quiet: ingest.quiet,
                    firstDay: result.window?.since.map(Publisher.firstDay(since:)))
            }
            throw ExitCode(result.exitCode)
        }
    }
}
