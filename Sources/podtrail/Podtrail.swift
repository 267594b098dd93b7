import ArgumentParser
import Foundation
import PodtrailKit

/// The podtrail command line: archived Kubernetes pod events and statuses into answers.
@main
struct Podtrail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podtrail",
        abstract: "Turn archived Kubernetes pod events and pod statuses into answers.",
        discussion: """
            Exit codes: 0 every input was read; 1 some input was unreadable, corrupt or \
            truncated (or a reject under --strict), or a command failed; 2 usage error; 3 nightly's \
            --fail-on breached; 4 publish could not connect to PostgreSQL or log in; 5 publish lost \
            the connection.
            """,
        version: "\(PodtrailVersion.current) (database schema v\(Database.schemaVersion))",
        subcommands: [Nightly.self, Ingest.self, Report.self, Timeline.self, Query.self, Stats.self, Rebuild.self, Prune.self, Publish.self, Simulate.self]
    )

    /// Runs the command, mapping usage errors to exit code 2 (ArgumentParser's default is 64).
    ///
    /// Error messages go to standard error through `Terminal.warn`, control characters escaped:
    /// an error names a file or a value from an archive, and a name holding ESC would act on
    /// the terminal.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            // Help, version and completion scripts are podtrail's own text, printed as they are.
            if code.isSuccess { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.warn(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// The `--db` option every command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file; $PODTRAIL_DB, when set, is the default.")
    var db: String = Database.defaultPath
}
