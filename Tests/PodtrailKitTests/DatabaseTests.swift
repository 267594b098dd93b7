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
