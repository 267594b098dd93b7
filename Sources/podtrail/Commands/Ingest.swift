import ArgumentParser
import Foundation
import PodtrailKit

extension Podtrail {
    /// `podtrail ingest`: stream archives into the database.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream event and pod status archives (gzip or JSON) into the database.",
            discussion: """
                PATH is a file, a folder (read recursively: every file that is gzip or JSON by its \
                first bytes) or - for standard input. Files already ingested (same content \
                fingerprint) are skipped. Exit codes: 0 all inputs read (rejected records are \
                counted, not fatal); 1 some input was unreadable, corrupt or truncated, or a \
                reject under --strict; 2 usage error.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var ingest: IngestFlags

        @Argument(help: "Files, folders, or - for standard input.")
        var paths: [String]

        func validate() throws {
            try ingest.validate(paths: paths)
        }

        func run() throws {
            let db = try Database(path: database.db, progress: Terminal.showRebuild)
            let summary = try ingest.run(paths: paths, into: db)
            throw ExitCode(summary.exitCode(strict: ingest.strict))
        }
    }
}

/// Flags shared by `ingest` and `nightly`.
struct IngestFlags: ParsableArguments {
    @Option(help: "Cluster name written on every row.")
    var cluster: String = "default"

    @Flag(help: "Exit 1 when any record is rejected.")
    var strict = false

    @Option(help: "Largest accepted record in MiB; larger records are rejected, not the file.")
    var maxRecordMib: Int = RecordFramer.defaultMaxRecordBytes >> 20

    @Flag(help: "Print no summary line.")
    var quiet = false

    func validate(paths: [String]) throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one file, folder or -.") }
        for path in paths where path != "-" {
            if let problem = InputError.check(path) { throw ValidationError("\(problem).") }
        }
        // The JSON tape addresses a record with 32-bit offsets: records stay below 2 GiB.
        guard (1...2047).contains(maxRecordMib) else { throw ValidationError("--max-record-mib must be between 1 and 2047.") }
    }

    /// Ingests `paths`, showing progress on a terminal and the summary line on stderr.
    func run(paths: [String], into db: Database) throws -> IngestSummary {
        let ingestor = try Ingestor(
            database: db, options: IngestOptions(cluster: cluster, strict: strict, maxRecordBytes: maxRecordMib << 20))
        if isatty(2) == 1 && !quiet { ingestor.progress = Terminal.showProgress }
        let summary = try ingestor.ingest(paths: paths)
        if isatty(2) == 1 && !quiet { Terminal.clearLine() }
        for failure in summary.failures { Terminal.warn("cannot read \(failure)") }
        for path in summary.damaged {
            Terminal.warn("\(path) is corrupt or truncated: everything before the damage was kept; see `podtrail stats` for the rejects")
        }
        if !quiet { Terminal.warn(summary.line) }
        return summary
    }
}
