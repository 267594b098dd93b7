import Foundation
import Testing

@testable import PodtrailKit

/// Issue 31: `podtrail publish` against a real PostgreSQL server (PostgresTestServer): every
/// row of the views arrives, publishing again changes nothing, and the fleet queries give the
/// figures each cluster's own SQLite database gives.
struct PublishTests {
    /// The fleet queries shipped in Queries/fleet/, by file name without `.sql`.
    static func fleetQueries() throws -> [String: String] {
        let folder = TestSupport.packageRoot.appendingPathComponent("Queries/fleet")
        var queries: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".sql") {
            queries[String(file.dropLast(4))] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        return queries
    }

    /// A value as both databases' answers are compared: numbers by value, NULL as `NULL`.
    static func normalized(_ text: String?) -> String {
        guard let text else { return "NULL" }
        if let number = Double(text) { return "\(number)" }
        return text
    }

    /// PostgreSQL's timestamptz text (`2026-11-27 03:23:40.5+00`) as SQLite's (`…T03:23:40.5Z`),
    /// parsed to the microsecond.
    static func instant(_ text: String?) -> Int64? {
        guard let text else { return nil }
        let iso = text.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "+00", with: "Z")
        return Timestamp.parse(iso)?.micros
    }

    @Test func everyRowOfTheViewsIsPublishedAndPublishingAgainChangesNothing() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let path = try PublishSupport.east.get()
        let first = try PublishSupport.publish(path, to: url)
        #expect(first.daysChanged == 1 && first.daysUnchanged == 0 && first.skippedRows == 0)
        let db = try Database(path: path, readOnly: true)
        for table in FleetTable.all {
            let source = table.name == "container_runs" ? "container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid" : table.name
            let expected = try db.connection.scalar("SELECT count(*) FROM \(source)").int ?? -1
            #expect(Int64(first.rows[table.name] ?? -2) == expected, "\(table.name)")
            let stored = try PostgresConnection(url: url).scalar("SELECT count(*) FROM podtrail.\(table.name)")
            #expect(stored == String(expected), "\(table.name)")
        }
        let before = try PublishSupport.contents(url, cluster: "east")
        let second = try PublishSupport.publish(path, to: url)
        #expect(second.daysChanged == 0 && second.daysUnchanged == 1)
        #expect(second.totalRows == first.totalRows)
        #expect(try PublishSupport.contents(url, cluster: "east") == before)
        let stamps = try PostgresConnection(url: url).rows("SELECT published_at FROM podtrail.publications")
        let third = try PublishSupport.publish(path, to: url)
        #expect(third.daysUnchanged == 1)
        #expect(try PostgresConnection(url: url).rows("SELECT published_at FROM podtrail.publications") == stamps)
    }

    /// `--since`: the days from its UTC day on are replaced, the earlier ones stay as they were.
    @Test func sincePublishesOnlyTheDaysFromItsDay() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        try PublishSupport.publish(try PublishSupport.northBefore.get(), to: url)
        let old = try PublishSupport.contents(url, cluster: "north")
        let days = PublishSupport.days(old).sorted()
        var publisher = Publisher(database: try Database(path: try PublishSupport.northAfter.get(), readOnly: true), url: url)
        publisher.firstDay = Publisher.firstDay(since: try #require(Timestamp.parse("\(days[2])T13:14:15Z")))
        #expect(publisher.firstDay == days[2])
        let summary = try publisher.run()
        #expect(summary.daysChanged == days.count - 2)
        let now = try PublishSupport.contents(url, cluster: "north")
        for day in days[..<2] { #expect(PublishSupport.day(day, of: now) == PublishSupport.day(day, of: old), "\(day)") }
        for day in days[2...] { #expect(PublishSupport.day(day, of: now) != PublishSupport.day(day, of: old), "\(day)") }
    }

    /// A backfill reads its tables in day order; a publish of one day reads them as SQLite
    /// finds them (no sort). The day's content hash does not depend on the order: the last day,
    /// published both ways, is unchanged the second time.
    @Test func aDayPublishedFromSortedRowsAndThenUnsortedOnesIsUnchanged() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let path = try PublishSupport.northBefore.get()
        let first = try PublishSupport.publish(path, to: url)
        #expect(first.daysChanged >= 4)
        let before = try PublishSupport.contents(url, cluster: "north")
        let last = try #require(PublishSupport.days(before).max())
        var publisher = Publisher(database: try Database(path: path, readOnly: true), url: url)
        publisher.firstDay = last
        let again = try publisher.run()
        #expect(again.daysChanged == 0 && again.daysUnchanged == 1, "\(again.line)")
        #expect(try PublishSupport.contents(url, cluster: "north") == before)
    }

    /// An unordered cursor stops at the first row of a second day; a publish of several days
    /// then reads them in day order, and what the aborted attempt sent is gone.
    @Test func aSecondDayMakesThePublishReadInDayOrderWithNothingLeftOfTheFirstAttempt() throws {
        let path = try PublishSupport.northBefore.get()
        let db = try Database(path: path, readOnly: true)
        let days = try db.connection.rows("SELECT DISTINCT substr(started_at, 1, 10) FROM container_runs").count
        #expect(days >= 4)
        let table = try #require(FleetTable.all.first { $0.name == "container_runs" })
        let cursor = try DayCursor(table: table, database: db, cluster: "north", firstDay: nil, ordered: false)
        let first = try #require(cursor.currentDay)
        var buffer = CopyBuffer { _ in true }
        #expect(throws: DayCursor.SecondDay.self) { try cursor.write(day: first, cluster: "north", to: &buffer) }

        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let summary = try PublishSupport.publish(path, to: url)
        #expect(summary.daysChanged >= 4)
        let postgres = try PostgresConnection(url: url)
        for table in FleetTable.all {
            let source = table.name == "container_runs" ? "container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid" : table.name
            let expected = try db.connection.scalar("SELECT count(*) FROM \(source)").int ?? -1
            #expect(try postgres.scalar("SELECT count(*) FROM podtrail.\(table.name)") == String(expected), "\(table.name)")
        }
        #expect(try postgres.scalar("SELECT count(*) FROM podtrail.publications") == String(summary.daysChanged))
    }

    /// The row hash: the same rows in another order give the same hash, one changed byte another.
    @Test func theRowsHashIgnoresTheirOrderButNotTheirBytes() throws {
        func hash(_ rows: [[UInt8]]) -> UInt64 {
            var buffer = CopyBuffer { _ in true }
            for row in rows {
                try? buffer.beginRow(fields: 1)
                buffer.append(String(decoding: row, as: UTF8.self))
            }
            try? buffer.finish()
            return buffer.hash
        }
        let rows = (0..<50).map { Array("row \($0) of the day, with some text past eight bytes".utf8) }
        #expect(hash(rows) == hash(rows.reversed()) && hash(rows) == hash(rows.shuffled()))
        for index in [0, 7, 8, 30] {
            var changed = rows
            changed[3][index] ^= 1
            #expect(hash(changed) != hash(rows), "byte \(index)")
        }
        #expect(hash(rows) != hash(Array(rows.dropLast())))
    }

    @Test func aFleetDatabaseOfANewerSchemaIsRefusedUntouched() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let path = try PublishSupport.east.get()
        try PublishSupport.publish(path, to: url)
        try PostgresConnection(url: url).execute("UPDATE podtrail.schema_version SET version = 99; DELETE FROM podtrail.evictions")
        #expect(throws: FleetError.newerSchema(found: 99, supported: FleetSchema.version)) { try PublishSupport.publish(path, to: url) }
        #expect(try PostgresConnection(url: url).scalar("SELECT count(*) FROM podtrail.evictions") == "0")
    }

    @Test func theColumnsAreTheViewsColumns() throws {
        let db = try Database(path: ":memory:")
        for table in FleetTable.all {
            let source = table.name == "container_runs" ? "(SELECT r.*, p.namespace, p.workload FROM container_runs r JOIN pods p)" : table.name
            let statement = try db.connection.prepare("SELECT * FROM \(source)")
            let names = Set(statement.columnNames)
            for column in table.columns { #expect(names.contains(column.name), "\(table.name).\(column.name)") }
            // rollup_days has a day of its own: the fleet's day is it.
            #expect(Set(table.columns.map(\.name)) == names.subtracting(table.name == "rollup_days" ? ["cluster", "day"] : ["cluster"]), "\(table.name)")
        }
    }

    /// Done when of issue 31: two simulated clusters published into one fleet database; every
    /// fleet query's figures are each cluster's own SQLite answers.
    @Test func everyFleetQueryAgreesWithEachClustersOwnDatabase() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let clusters = ["east": try PublishSupport.east.get(), "west": try PublishSupport.west.get()]
        for (_, path) in clusters { try PublishSupport.publish(path, to: url) }
        let queries = try Self.fleetQueries()
        #expect(
            Set(queries.keys) == [
                "oom-worst-workloads", "startup-percentiles-per-day", "eviction-causes-per-week", "crash-looping-containers", "day-totals",
            ],
            "a fleet query without a check here")
        let postgres = try PostgresConnection(url: url)
        func fleet(_ name: String) throws -> [[String?]] { try postgres.rows(try #require(queries[name])) }

        // Worst OOM rates: the rows of each cluster's oom_rates with a kill.
        let oom = try fleet("oom-worst-workloads")
        var expected: [[String]] = []
        for (_, path) in clusters {
            let db = try Database(path: path, readOnly: true)
            expected += try db.connection.rows("SELECT * FROM oom_rates WHERE oom_kills > 0").map { $0.map { Self.normalized($0.string) } }
        }
        #expect(!expected.isEmpty)
        #expect(oom.map { $0.map(Self.normalized) }.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        let rates = oom.compactMap { $0[7].flatMap(Double.init) }
        #expect(rates == rates.sorted(by: >), "worst first")

        // Startup percentiles per cluster and day: nearest rank over each cluster's phase_durations.
        expected = []
        for (_, path) in clusters {
            let db = try Database(path: path, readOnly: true)
            expected += try PublishSupport.startupPercentiles(db)
            // The same figures as the Swift rule the report uses.
            let values = try db.connection.rows("SELECT startup_s FROM phase_durations WHERE startup_s IS NOT NULL")
                .compactMap { $0[0].double }.sorted()
            #expect(try #require(expected.last).map { Double($0) }[4] == Percentile.nearestRank(90, of: values))
        }
        let startup = try fleet("startup-percentiles-per-day").map { $0.map(Self.normalized) }
        #expect(startup.count == 2)
        #expect(startup.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })

        // Eviction causes per cluster and week (Monday), from each cluster's evictions.
        struct Week: Hashable { var cluster, week, cause: String }
        var weeks: [Week: (count: Int, namespaces: Set<String>, nodes: Set<String>, first: Int64, last: Int64)] = [:]
        for (_, path) in clusters {
            let db = try Database(path: path, readOnly: true)
            for row in try db.connection.rows(
                "SELECT cluster, date(substr(evicted_at, 1, 10), '-6 days', 'weekday 1'), cause, namespace, node, evicted_at FROM evictions")
            {
                let key = Week(cluster: row[0].description, week: row[1].description, cause: row[2].description)
                let at = try #require(Timestamp.parse(row[5].description)?.micros)
                var entry = weeks[key] ?? (0, [], [], at, at)
                entry.count += 1
                if let namespace = row[3].string { entry.namespaces.insert(namespace) }
                if let node = row[4].string { entry.nodes.insert(node) }
                entry.first = min(entry.first, at)
                entry.last = max(entry.last, at)
                weeks[key] = entry
            }
        }
        let evictions = try fleet("eviction-causes-per-week")
        #expect(evictions.count == weeks.count && !weeks.isEmpty)
        for row in evictions {
            let key = Week(cluster: row[0] ?? "", week: row[1] ?? "", cause: row[2] ?? "")
            let entry = try #require(weeks[key], "\(row)")
            #expect(row[3] == String(entry.count) && row[4] == String(entry.namespaces.count) && row[5] == String(entry.nodes.count), "\(row)")
            #expect(Self.instant(row[6]) == entry.first && Self.instant(row[7]) == entry.last, "\(row)")
        }

        // Day totals: each cluster's counts per day from its views (PublishRollupTests checks
        // them across a prune's cut).
        var totals: [String: [String: Double]] = [:]
        for (_, path) in clusters { totals.merge(try PublishSupport.dayTotals(try Database(path: path, readOnly: true))) { $1 } }
        #expect(totals.values.contains { ($0["oom_kills"] ?? 0) > 0 } && totals.values.contains { ($0["evictions"] ?? 0) > 0 })
        PublishSupport.expectDayTotals(try fleet("day-totals"), equal: totals)

        // Crash-looping containers fleet-wide: both clusters' crash_loops read together by SQLite.
        let both = try Database(path: try #require(clusters["east"]), readOnly: true)
        try both.connection.execute("ATTACH DATABASE '\(try #require(clusters["west"]))' AS west")
        expected = try both.connection.rows(
            """
            SELECT namespace, workload, container, count(DISTINCT cluster), group_concat(DISTINCT cluster),
                count(*), count(DISTINCT cluster || '/' || pod_uid), sum(restarts), sum(backoff_events),
                round(sum(duration_s) / 3600.0, 6), sum(ended_by = 'open')
            FROM (SELECT * FROM main.crash_loops UNION ALL SELECT * FROM west.crash_loops)
            GROUP BY namespace, workload, container
            """
        ).map { $0.map { Self.normalized($0.string) } }
        let loops = try fleet("crash-looping-containers").map { row in
            row.enumerated().map { $0 == 4 ? ($1 ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted().joined(separator: ",") : Self.normalized($1) }
        }
        let sortedNames = expected.map { row in
            row.enumerated().map { $0 == 4 ? $1.split(separator: ",").map(String.init).sorted().joined(separator: ",") : $1 }
        }
        #expect(!loops.isEmpty && loops.contains { $0[3] == "2.0" }, "a container loops in both clusters")
        #expect(loops.sorted { $0.lexicographicallyPrecedes($1) } == sortedNames.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test(arguments: ["plain", "tab\there", "line\nbreak", "back\\slash \\N", "cr\rlf", "ünïcødé ✓", "", "nul\u{0}dropped"])
    func copyCarriesAnyValue(_ value: String) throws {
        let server = try PostgresTestServer.require()
        let postgres = try PostgresConnection(url: server.url)
        try postgres.execute("CREATE TEMPORARY TABLE copied (a text, b text, c double precision, d bigint, e timestamptz, f date)")
        let time = try #require(Timestamp.parse("2026-11-27T02:10:00.678299Z"))
        let copied = try postgres.copy("COPY copied FROM STDIN (FORMAT binary)") { buffer in
            try buffer.beginRow(fields: 6)
            buffer.append(value)
            buffer.appendNull()
            buffer.append(0.1 + 0.2)
            buffer.append(Int64(-42))
            buffer.append(time)
            buffer.appendDate(daysSinceUnixEpoch: time.micros / 86_400_000_000)
        }
        #expect(copied.rows == 1)
        let row = try postgres.rows(
            "SELECT a, b, c = 0.1::float8 + 0.2::float8, d, to_char(e AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), f::text FROM copied")
        #expect(row == [[value.replacingOccurrences(of: "\u{0}", with: ""), nil, "t", "-42", "2026-11-27T02:10:00.678299Z", "2026-11-27"]])
    }
}
