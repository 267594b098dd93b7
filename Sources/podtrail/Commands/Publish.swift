import ArgumentParser
import Foundation
import PodtrailKit

extension Podtrail {
    /// `podtrail publish`: push this database's facts to the fleet database in PostgreSQL.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish this database's per-pod facts to a PostgreSQL fleet database.",
            discussion: """
                Replaces each cluster's rows of each UTC day, one transaction per day: a day shows \
                its old rows or its new ones, never a mix; publishing again changes nothing. The \
                password comes from the URL, PGPASSWORD or ~/.pgpass, and is never printed; \
                sslmode=require (or verify-full) in the URL asks for TLS. Exit codes: 0 published; \
                1 a failure (SQL error, unreadable database); 2 usage; 4 could not connect or log \
                in (nothing published); 5 the connection was lost (the days finished before it \
                are published, run again). Tables and queries: Docs/FLEET.md.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var publish: PublishFlags

        @Option(help: "Publish only this cluster of the database (default: every cluster it holds).")
        var cluster: String?

        @Flag(help: "Print no summary line.")
        var quiet = false

        func validate() throws {
            try publish.validate(required: true)
        }

        func run() throws {
            let db = try Database(path: database.db, readOnly: true)
            try publish.run(database: db, cluster: cluster, quiet: quiet)
        }
    }
}

/// The flags of `publish` that `nightly` shares (`--publish URL` there, `--to URL` here).
struct PublishFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The fleet database: postgresql://USER@HOST:PORT/DB[?sslmode=require].", valueName: "url"))
    var to: String?

    @Option(help: "Publish the UTC days from this time's day on: RFC 3339 or a duration back from now (24h, 7d); default every day.")
    var since: String?

    func validate(required: Bool) throws {
        if required, to == nil { throw ValidationError("give the fleet database with --to postgresql://USER@HOST:PORT/DB") }
        if let since { _ = try firstDay(since) }
    }

    /// The first day `--since` names.
    func firstDay(_ text: String) throws -> String {
        do {
            return Publisher.firstDay(since: try TimeWindow(since: text, until: nil).since!)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Publishes `db` to `--to`; prints the summary line; throws exit code 4 or 5 for the
    /// connection failures scripts tell apart.
    func run(database db: Database, cluster: String?, quiet: Bool, firstDay window: String? = nil) throws {
        guard let to else { return }
        var publisher = Publisher(database: db, url: to)
        publisher.cluster = cluster
        publisher.firstDay = try since.map(firstDay) ?? window
        if isatty(2) == 1 && !quiet {
            publisher.progress = { cluster, day, rows in Terminal.warn("  \(cluster) \(day): \(rows) rows") }
        }
        do {
            let summary = try publisher.run()
            if !quiet { Terminal.warn(summary.line) }
        } catch let error as PostgresError {
            Terminal.warn("Error: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
