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

    /// Startup p50/p90/p99/max per cluster and day of creation, nearest rank, computed by SQLite
    /// from `phase_durations` alone: the fleet query `startup-percentiles-per-day`'s rows, as text.
    static func startupPercentiles(_ db: Database) throws -> [[String]] {
        try db.connection.rows(
            """
            WITH ranked AS (
                SELECT cluster, substr(created_at, 1, 10) AS day, startup_s,
                    row_number() OVER (PARTITION BY cluster, substr(created_at, 1, 10) ORDER BY startup_s) AS rank,
                    count(*) OVER (PARTITION BY cluster, substr(created_at, 1, 10)) AS n
                FROM phase_durations WHERE startup_s IS NOT NULL)
            SELECT cluster, day, max(n),
                max(CASE WHEN rank = (50 * n + 99) / 100 THEN startup_s END),
                max(CASE WHEN rank = (90 * n + 99) / 100 THEN startup_s END),
                max(CASE WHEN rank = (99 * n + 99) / 100 THEN startup_s END),
                max(startup_s)
            FROM ranked GROUP BY cluster, day
            """
        ).map { $0.map { PublishTests.normalized($0.string) } }
    }

    /// The figures of the fleet query `day-totals` per `cluster day`, computed by SQLite from the
    /// per-pod views alone (never the rollups), each on the UTC day of its instant: pods created,
    /// crash-loop episodes and restarts, evictions, OOM kills, container starts, running hours.
    static func dayTotals(_ db: Database) throws -> [String: [String: Double]] {
        let rows = try db.connection.rows(
            """
            SELECT cluster, substr(created_at, 1, 10), 'pods_created', count(*) FROM phase_durations
                WHERE created_at IS NOT NULL GROUP BY 1, 2
            UNION ALL
            SELECT cluster, substr(coalesce(started_at, first_failure_at, ended_at), 1, 10), 'crash_loop_episodes', count(*)
                FROM crash_loops GROUP BY 1, 2
            UNION ALL
            SELECT cluster, substr(coalesce(started_at, first_failure_at, ended_at), 1, 10), 'crash_loop_restarts',
                ifnull(sum(restarts), 0) FROM crash_loops GROUP BY 1, 2
            UNION ALL
            SELECT cluster, substr(evicted_at, 1, 10), 'evictions', count(*) FROM evictions GROUP BY 1, 2
            UNION ALL
            SELECT cluster, substr(coalesce(killed_at, started_at), 1, 10), 'oom_kills', count(*) FROM oom_kills GROUP BY 1, 2
            UNION ALL
            SELECT r.cluster, substr(r.started_at, 1, 10), 'container_starts', count(*)
                FROM container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid GROUP BY 1, 2
            UNION ALL
            SELECT r.cluster, substr(r.started_at, 1, 10), 'running_hours', ifnull(sum(r.running_s), 0) / 3600.0
                FROM container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid GROUP BY 1, 2
            """)
        var totals: [String: [String: Double]] = [:]
        for row in rows where row[3].double != 0 {
            totals["\(row[0].description) \(row[1].description)", default: [:]][row[2].description] = row[3].double
        }
        return totals
    }

    /// Checks the rows of the fleet query `day-totals` against `expected` (`dayTotals`): the
    /// counts exactly, running hours and OOM kills per 100 starts to their 6 decimals.
    static func expectDayTotals(_ fleet: [[String?]], equal expected: [String: [String: Double]]) {
        let names = ["pods_created", "crash_loop_episodes", "crash_loop_restarts", "evictions", "oom_kills", "container_starts", "running_hours"]
        var seen = Set<String>()
        for row in fleet {
            let key = "\(row[0] ?? "") \(row[1] ?? "")"
            let values = row.dropFirst(2).map { $0.flatMap(Double.init) }
            if values.allSatisfy({ ($0 ?? 0) == 0 }) { continue }
            seen.insert(key)
            let figures = expected[key] ?? [:]
            for (index, name) in names.enumerated() {
                let want = figures[name] ?? 0
                let got = values[index] ?? -1
                if name == "running_hours" {
                    #expect(abs(got - want) <= 1.5e-6, "\(key) \(name): \(got), SQLite \(want)")
                } else {
                    #expect(got == want, "\(key) \(name): \(got), SQLite \(want)")
                }
            }
            let starts = figures["container_starts"] ?? 0
            if starts > 0 {
                let rate = 100 * (figures["oom_kills"] ?? 0) / starts
                #expect(abs((values[7] ?? -1) - rate) <= 1e-6, "\(key) oom_per_100_starts")
            } else {
                #expect(values[7] == nil, "\(key) oom_per_100_starts")
            }
        }
        #expect(seen == Set(expected.keys), "the days with figures")
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
