import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// Simulated clusters' databases for the publish tests, and what PostgreSQL holds of them.
enum PublishSupport {
    /// A simulated cluster ingested under `cluster` into a database file; its path.
    static func cluster(_ cluster: String, seed: UInt64, hours: Int, podsPerHour: Int) throws -> String {
        let folder = try TestSupport.temporaryFolder()
        var options = SimulationOptions()
        options.seed = seed
        options.hours = hours
        options.podsPerHour = podsPerHour
        options.nodes = 4
        _ = try Simulator.run(options, to: folder.appendingPathComponent("logs").path)
        let path = folder.appendingPathComponent("\(cluster).sqlite").path
        let db = try Database(path: path)
        _ = try Ingestor(database: db, options: IngestOptions(cluster: cluster)).ingest(paths: [folder.appendingPathComponent("logs").path])
        return path
    }

    /// Two clusters of six hours on the same day, as two teams' nightly databases.
    static let east = Result { try cluster("east", seed: 1, hours: 6, podsPerHour: 60) }
    static let west = Result { try cluster("west", seed: 2, hours: 6, podsPerHour: 60) }
    /// One cluster over three days and more, twice: the earlier archives and different ones.
    static let northBefore = Result { try cluster("north", seed: 3, hours: 80, podsPerHour: 6) }
    static let northAfter = Result { try cluster("north", seed: 4, hours: 80, podsPerHour: 6) }

    /// Publishes `path` to `url` in this process.
    @discardableResult
    static func publish(_ path: String, to url: String, cluster: String? = nil) throws -> PublishSummary {
        var publisher = Publisher(database: try Database(path: path, readOnly: true), url: url)
        publisher.cluster = cluster
        return try publisher.run()
    }

    /// What the fleet database holds of `cluster`: for each table and day (`table day`), its
    /// rows as PostgreSQL prints them, sorted; the publications under `publications day`
    /// (without the time published).
    static func contents(_ url: String, cluster: String) throws -> [String: [String]] {
        let postgres = try PostgresConnection(url: url)
        var contents: [String: [String]] = [:]
        for table in FleetTable.all {
            for row in try postgres.rows("SELECT day::text, t::text FROM podtrail.\(table.name) AS t WHERE cluster = $1", [cluster]) {
                contents["\(table.name) \(row[0] ?? "")", default: []].append(row[1] ?? "")
            }
        }
        for row in try postgres.rows(
            "SELECT day::text, rows::text || ' ' || content_hash FROM podtrail.publications WHERE cluster = $1", [cluster])
        {
            contents["publications \(row[0] ?? "")", default: []].append(row[1] ?? "")
        }
        return contents.mapValues { $0.sorted() }
    }

    /// The days in `contents`.
    static func days(_ contents: [String: [String]]) -> Set<String> {
        Set(contents.keys.compactMap { $0.split(separator: " ").last.map(String.init) })
    }

    /// The part of `contents` about `day`.
    static func day(_ day: String, of contents: [String: [String]]) -> [String: [String]] {
        contents.filter { $0.key.hasSuffix(" \(day)") }
    }

    /// Waits up to `seconds` for `process` to end; false when it is still running.
    static func wait(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}
