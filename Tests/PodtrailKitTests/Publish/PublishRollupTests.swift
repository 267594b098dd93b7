import Foundation
import Testing

@testable import PodtrailKit

/// Issue 31 with #29's retention: after `podtrail prune`, publish carries the rollups
/// (`rollup_pods`, `rollup_days`) as they are in SQLite, day by day with the per-pod rows, and
/// the fleet queries over days before the cut give the figures the cluster gave before the prune.
struct PublishRollupTests {
    /// A cluster of three days and more, its own file: these tests prune it.
    static func prunable(seed: UInt64) throws -> (path: String, db: Database, days: [String]) {
        let path = try PublishSupport.cluster("south", seed: seed, hours: 80, podsPerHour: 12)
        let db = try Database(path: path)
        let days = try db.connection.rows("SELECT DISTINCT substr(created_at, 1, 10) FROM pods WHERE created_at IS NOT NULL ORDER BY 1")
            .map { $0[0].description }
        return (path, db, days)
    }

    /// A value as both sides are compared: times as microseconds, numbers by value.
    static func comparable(_ text: String?, _ type: FleetTable.ColumnType) -> String {
        guard let text else { return "NULL" }
        switch type {
        case .time: return PublishTests.instant(text).map { "\($0)" } ?? "bad time \(text)"
        case .integer, .real: return Double(text).map { "\($0.bitPattern)" } ?? "bad number \(text)"
        case .text: return text
        }
    }

    /// `table`'s rows as PostgreSQL holds them, and as SQLite holds them (the rows with a day).
    static func rows(of table: FleetTable, postgres: PostgresConnection, db: Database) throws -> (fleet: [String], sqlite: [String]) {
        let names = ["cluster", "day"] + table.columns.map(\.name)
        let types: [FleetTable.ColumnType] = [.text, .text] + table.columns.map(\.type)
        let fleet = try postgres.rows("SELECT \(names.map { "\($0)::text" }.joined(separator: ", ")) FROM podtrail.\(table.name)").map { row in
            zip(row, types).map { comparable($0, $1) }.joined(separator: "|")
        }
        let sqlite = try db.connection.rows(
            "SELECT cluster, substr(\(table.day), 1, 10), \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name) WHERE \(table.day) <> ''"
        ).map { row in
            zip(row, types).map { value, type in
                switch (value, type) {
                case (.null, _): "NULL"
                case (_, .integer), (_, .real): value.double.map { "\($0.bitPattern)" } ?? "not a number \(value)"
                default: comparable(value.description, type)
                }
            }.joined(separator: "|")
        }
        return (fleet.sorted(), sqlite.sorted())
    }

    @Test func afterAPruneTheRollupsArePublishedAsSQLiteHoldsThemAndTheFleetAnswersAsBeforeThePrune() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let (path, db, days) = try Self.prunable(seed: 5)
        try #require(days.count >= 4)
        // What the cluster answers before the prune, from its per-pod views alone.
        let startupBefore = try PublishSupport.startupPercentiles(db)
        let totalsBefore = try PublishSupport.dayTotals(db)
        try PublishSupport.publish(path, to: url)
        let postgres = try PostgresConnection(url: url)
        let podsOnFirstDay = try postgres.scalar("SELECT count(*) FROM podtrail.phase_durations WHERE day = $1", [days[0]])

        let pruned = try Retention(database: db).prune(before: try #require(Timestamp.parse("\(days[1])T12:00:00Z")))
        #expect(pruned.pods > 0)
        let figures = Set(try db.connection.rows("SELECT DISTINCT figure FROM rollup_days").map { $0[0].description })
        #expect(figures.isSuperset(of: ["crash_loop_episodes", "evictions", "oom_kills", "container_starts", "running_hours"]), "\(figures)")

        let summary = try PublishSupport.publish(path, to: url)
        // Each pruned pod is published once, but those without a creation, which no day holds.
        let withoutDay = try db.connection.scalar("SELECT count(*) FROM rollup_pods WHERE created_at IS NULL").int ?? -1
        #expect(summary.daysChanged >= 2 && (summary.rows["rollup_pods"] ?? 0) + Int(withoutDay) == pruned.pods, "\(summary.line)")
        // Every table, the rollups included, holds exactly the rows SQLite holds now.
        for table in FleetTable.all where table.name.hasPrefix("rollup_") {
            let (fleet, sqlite) = try Self.rows(of: table, postgres: postgres, db: db)
            #expect(!fleet.isEmpty && fleet == sqlite, "\(table.name): \(fleet.count) rows published, \(sqlite.count) in SQLite")
        }
        for table in FleetTable.all where !table.name.hasPrefix("rollup_") {
            let source = table.name == "container_runs" ? "container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid" : table.name
            let held = try db.connection.scalar("SELECT count(*) FROM \(source)").int ?? -1
            #expect(try postgres.scalar("SELECT count(*) FROM podtrail.\(table.name)") == String(held), "\(table.name)")
        }
        // The first day's pods were rolled up: the fleet holds fewer of their rows than before.
        let podsNow = try postgres.scalar("SELECT count(*) FROM podtrail.phase_durations WHERE day = $1", [days[0]])
        #expect(Int(podsNow ?? "") ?? -1 < Int(podsOnFirstDay ?? "") ?? -1)

        // Publishing again changes nothing.
        let before = try PublishSupport.contents(url, cluster: "south")
        let again = try PublishSupport.publish(path, to: url)
        #expect(again.daysChanged == 0 && again.daysUnchanged == summary.daysChanged + summary.daysUnchanged, "\(again.line)")
        #expect(try PublishSupport.contents(url, cluster: "south") == before)

        // The fleet queries read rollups ∪ per-pod rows: the figures before the prune, every day.
        let queries = try PublishTests.fleetQueries()
        let startup = try postgres.rows(try #require(queries["startup-percentiles-per-day"])).map { $0.map(PublishTests.normalized) }
        #expect(startup.sorted { $0.lexicographicallyPrecedes($1) } == startupBefore.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(startup.contains { $0[1] == days[0] })
        PublishSupport.expectDayTotals(try postgres.rows(try #require(queries["day-totals"])), equal: totalsBefore)
    }

    /// A fleet database made by the first schema (no rollup tables) is migrated by the next
    /// publish, which brings the rollups of the days it publishes.
    @Test func aFleetDatabaseOfTheFirstSchemaGetsTheRollupTables() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let (path, db, days) = try Self.prunable(seed: 6)
        try PublishSupport.publish(path, to: url)
        let postgres = try PostgresConnection(url: url)
        try postgres.execute("DROP TABLE podtrail.rollup_pods, podtrail.rollup_days; UPDATE podtrail.schema_version SET version = 1")
        _ = try Retention(database: db).prune(before: try #require(Timestamp.parse("\(days[1])T00:00:00Z")))
        try PublishSupport.publish(path, to: url)
        #expect(try postgres.scalar("SELECT version FROM podtrail.schema_version") == "2")
        for table in FleetTable.all where table.name.hasPrefix("rollup_") {
            let (fleet, sqlite) = try Self.rows(of: table, postgres: postgres, db: db)
            #expect(!fleet.isEmpty && fleet == sqlite, "\(table.name)")
        }
        // Each day has a partition of every table, the new ones included.
        let partitions = try FleetSchema.partitions(postgres)
        for day in days { #expect(FleetTable.all.allSatisfy { partitions.contains($0.partition(day)) }, "\(day)") }
    }
}
