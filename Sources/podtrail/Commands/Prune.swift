import ArgumentParser
import Foundation
import PodtrailKit

extension Podtrail {
    /// `podtrail prune`: delete what lies before a cut, keeping the daily rollups.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the rows older than a cut, keeping daily rollups for the reports, and shrink the file.",
            discussion: """
                A pod goes only when every instant known of it lies before the cut; its figures \
                go into the rollups in the same transaction. Safe to stop at any point: a run \
                again finishes the job. Takes the nightly job's lock. Exit codes: 0 done; 1 a \
                failure or a held lock; 2 usage. See Docs/REPORTS.md#retention.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Delete what lies before this time (RFC 3339, a date, or a duration back from now).")
        var before: String?

        @Option(help: "Keep this much history before the newest data, e.g. 90d; delete the rest.")
        var keep: String?

        @Option(help: "Seconds to wait for a nightly run's lock.")
        var lockWait = 10.0

        @Option(help: ArgumentHelp("Pods, events or files per transaction.", visibility: .hidden))
        var batchSize = 1000

        @Flag(help: "No summary line on standard error.")
        var quiet = false

        func validate() throws {
            guard (before == nil) != (keep == nil) else { throw ValidationError("give either --before TIME or --keep DURATION.") }
            if let keep {
                do { _ = try Retention.keepSeconds(keep) } catch {
                    throw ValidationError("--keep \(keep): give a duration such as 90d or 2w (at most 365250d).")
                }
            }
            if let before {
                do { _ = try Retention.cut(before: before) } catch { throw ValidationError("\(error)") }
            }
            guard lockWait >= 0, batchSize > 0 else { throw ValidationError("--lock-wait and --batch-size must be positive.") }
        }

        func run() throws {
            try Database.checkPath(database.db)
            let lock = try FileLock(path: database.db + ".lock", wait: lockWait)
            defer { withExtendedLifetime(lock) {} }
            var retention = Retention(database: try Database(path: database.db, progress: Terminal.showRebuild))
            retention.batchSize = batchSize
            if !quiet { retention.progress = Terminal.showRebuild }
            guard let cut = try before.map({ try Retention.cut(before: $0) }) ?? retention.cut(keeping: try Retention.keepSeconds(keep ?? ""))
            else { return Terminal.warn("prune: nothing to do, the database holds no data") }
            let summary = try retention.prune(before: cut)
            if !quiet { Terminal.warn(summary.line) }
        }
    }
}
