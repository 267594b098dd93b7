import Foundation
import Testing

@testable import PodtrailKit

/// Issue 25: a database file from a shared folder is untrusted: its views cannot call
/// functions that reach SQLite's internals (SQLite marks `fts3_tokenizer` direct-only), and
/// `podtrail query` runs with SQLite's defences for untrusted SQL.
struct ConnectionDefencesTests {
    /// A database file whose view calls `sql`, written by a connection that trusts it (as
    /// the stock `sqlite3` shell does).
    static func hostileFile(view sql: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).sqlite").path
        let writer = try Connection(path: path)
        try writer.execute("PRAGMA trusted_schema = ON; CREATE VIEW evil AS \(sql)")
        return path
    }

    @Test(arguments: ["SELECT hex(fts3_tokenizer('simple')) AS p", "SELECT fts3_tokenizer('simple', X'4141414141414141') AS p"])
    func viewsOfAFileCannotCallTheFTS3Tokenizer(view: String) throws {
        let path = try Self.hostileFile(view: view)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for mode in [Connection.Mode.readOnly, .readWrite] {
            let connection = try Connection(path: path, mode: mode)
            #expect { try connection.rows("SELECT * FROM evil") } throws: { "\($0)".contains("unsafe use of fts3_tokenizer()") }
        }
        let query = try Connection(path: path, mode: .readOnly)
        #expect { try QueryRunner(connection: query).result("SELECT * FROM evil") } throws: { "\($0)".contains("fts3_tokenizer()") }
    }

    @Test func queriesRunWithSQLitesDefencesOn() throws {
        let db = try Database(path: ":memory:")
        let runner = QueryRunner(connection: db.connection)
        #expect(try runner.result("SELECT 1").rows == [[.integer(1)]])
        // Set by the runner: the two-argument tokenizer is off even outside podtrail query's authorizer.
        #expect(throws: SQLiteError.self) { try db.connection.rows("SELECT fts3_tokenizer('x', X'4141414141414141')") }
        #expect(try db.connection.scalar("PRAGMA trusted_schema") == .integer(0))
    }
}
