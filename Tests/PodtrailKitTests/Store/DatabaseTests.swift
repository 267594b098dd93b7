import Foundation
import Testing

@testable import PodtrailKit

struct DatabaseTests {
    @Test func migratesANewFileToTheCurrentVersion() throws {
        let db = try Database(path: ":memory:")
        #expect(try db.connection.userVersion == Database.schemaVersion)
        let tables = try db.connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .map { $0[0].description }
        #expect(tables.contains("pod_snapshots"))
        #expect(tables.contains("events"))
    }

    /// Schema v12 gives a database of schema v11 the index of the events without a pod uid,
    /// where the refresh and the timelines find them by name (a nightly run's refresh read every
    /// event of every pod that ever had the name without it).
    @Test func aVersion11DatabaseGainsTheIndexOfEventsWithoutAPodUID() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("v11.sqlite").path
        do {
            let db = try Database(path: path)
            try db.connection.execute("DROP INDEX events_pod_name_without_uid; PRAGMA user_version = 11")
        }
        let db = try Database(path: path)
        #expect(try db.connection.userVersion == Database.schemaVersion)
        #expect(
            try TestSupport.rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_pod_name_without_uid'")
                == ["events_pod_name_without_uid"])
    }

    /// Inside a read transaction every statement sees the database as at its first read, while
    /// another connection writes; inside a transaction already, the body just runs in it.
    @Test func aReadTransactionReadsOneSnapshot() throws {
        let path = try TestSupport.temporaryFolder().appendingPathComponent("snapshot.sqlite").path
        let reader = try Database(path: path)
        let writer = try Database(path: path)
        func count(_ db: Database) throws -> Int64 {
            try db.connection.scalar("SELECT count(*) FROM podtrail_meta WHERE key LIKE 'test-%'").int ?? -1
        }
        func write() throws { try writer.connection.execute("INSERT INTO podtrail_meta (key, value) VALUES ('test-1', 'x')") }
        let seen = try reader.connection.readTransaction { () -> [Int64] in
            let first = try count(reader)
            try write()
            return [first, try count(reader), try count(writer)]
        }
        #expect(seen == [0, 0, 1])
        #expect(try count(reader) == 1)
        // Nested in a write transaction: the body sees that transaction's own rows.
        let nested = try reader.connection.transaction {
            try reader.connection.execute("INSERT INTO podtrail_meta (key, value) VALUES ('test-2', 'x')")
            return try reader.connection.readTransaction { try count(reader) }
        }
        #expect(nested == 2)
    }

    @Test func refusesADatabaseFromANewerPodtrailAndChangesNothing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("newer-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let connection = try Connection(path: path)
            try connection.execute("PRAGMA user_version = 999")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: DatabaseError.newerSchema(path: path, found: 999, supported: Database.schemaVersion)) {
            _ = try Database(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notdb-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: DatabaseError.notADatabase(path: path)) { _ = try Database(path: path) }
    }
}
