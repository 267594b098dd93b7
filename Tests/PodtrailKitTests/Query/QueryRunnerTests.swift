import Foundation
import Testing

@testable import PodtrailKit

/// `QueryRunner`: read-only enforcement, one statement, parameters, errors with positions.
struct QueryRunnerTests {
    @Test func refusesAWritingStatementAndChangesNothing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try QueryFixture.database(path: path)
        let db = try Database(path: path, readOnly: true)
        let runner = QueryRunner(connection: db.connection)
        for sql in ["DELETE FROM pods", "UPDATE pods SET restarts = 0", "DROP TABLE events",
                    "CREATE TABLE x (a)", "INSERT INTO rejects (cluster, source_id, reason) VALUES ('c', 1, 'r')"] {
            #expect(throws: QueryError.writes) { try runner.result(sql) }
        }
        // PRAGMA assignments are not seen as writes by sqlite3_stmt_readonly: the connection refuses them.
        #expect(throws: QueryError.self) { try runner.result("PRAGMA user_version = 7") }
        #expect(try db.connection.userVersion == Database.schemaVersion)
        #expect(try db.connection.scalar("SELECT count(*) FROM pods") == .integer(5))
        #expect(try db.connection.scalar("SELECT count(*) FROM rejects") == .integer(3))
        #expect(QueryError.writes.description.contains("nothing was changed"))
        #expect(try runner.result("SELECT k8s_bytes('1Ki'), duration_text(61)").rows == [[.integer(1024), .text("1m01s")]])
    }

    @Test(arguments: [
        "SELECT hex(fts3_tokenizer('simple'))", "SELECT fts3_tokenizer('x', X'0102030405060708')",
        "SELECT 1 WHERE FTS3_Tokenizer('porter') IS NOT NULL", "SELECT load_extension('/tmp/x.so')",
    ])
    func refusesFunctionsThatReachSQLitesInternals(sql: String) throws {
        let db = try QueryFixture.database()
        #expect {
            try QueryRunner(connection: db.connection).result(sql)
        } throws: { error in
            let text = "\(error)"
            return text.contains("not allowed") && (text.contains("fts3_tokenizer()") || text.contains("load_extension()"))
        }
    }

    @Test func refusesWritesEvenOnAWritableConnection() throws {
        let db = try QueryFixture.database()
        #expect(throws: QueryError.writes) { try QueryRunner(connection: db.connection).result("DELETE FROM pods") }
        #expect(try db.connection.scalar("SELECT count(*) FROM pods") == .integer(5))
    }

    @Test func runsExactlyOneStatement() throws {
        let db = try Database(path: ":memory:")
        let runner = QueryRunner(connection: db.connection)
        #expect(throws: QueryError.multipleStatements) { try runner.result("SELECT 1; SELECT 2") }
        #expect(try runner.result("SELECT 1 AS one; -- trailing comment\n").rows == [[.integer(1)]])
        #expect(throws: QueryError.empty) { try runner.result("  -- nothing\n /* at all */ ") }
    }

    @Test func bindsNamedParametersWithNumbersAsNumbers() throws {
        let db = try Database(path: ":memory:")
        let bindings = try QueryRunner.parameters(["a=42", ":b=1.5", "c=shop", "d=", "e=1e3", "f=-7", "g=10.0.1", "h=a=b"])
        #expect(bindings == [
            "a": .integer(42), "b": .real(1.5), "c": .text("shop"), "d": .text(""), "e": .real(1000),
            "f": .integer(-7), "g": .text("10.0.1"), "h": .text("a=b"),
        ])
        let result = try QueryRunner(connection: db.connection).result(
            "SELECT typeof(:a), typeof(:b), :c || '!', :a + 1, :unset IS NULL", parameters: ["a": .integer(41), "b": .real(2), "c": .text("x")])
        #expect(result.rows == [[.text("integer"), .text("real"), .text("x!"), .integer(42), .integer(1)]])
    }

    @Test func rejectsParametersTheStatementDoesNotName() throws {
        let db = try Database(path: ":memory:")
        #expect(throws: QueryError.unknownParameter("nope", known: ["ns"])) {
            try QueryRunner(connection: db.connection).result("SELECT :ns", parameters: ["nope": .integer(1)])
        }
        #expect(throws: QueryError.badParameter("novalue")) { try QueryRunner.parameters(["novalue"]) }
        #expect(throws: QueryError.badParameter("=1")) { try QueryRunner.parameters(["=1"]) }
    }

    @Test func showsSQLitesMessageWithACaretUnderTheError() throws {
        let db = try Database(path: ":memory:")
        let sql = "SELECT *\n  FORM pods"
        let error = try #require(throws: QueryError.self) { try QueryRunner(connection: db.connection).result(sql) }
        #expect(error.description == """
            near "FORM": syntax error (line 2, column 3)
                FORM pods
                ^
            """)
        let missing = try #require(throws: QueryError.self) {
            try QueryRunner(connection: db.connection).result("SELECT nosuch FROM pods")
        }
        #expect(missing.description == """
            no such column: nosuch (line 1, column 8)
              SELECT nosuch FROM pods
                     ^
            """)
    }

    @Test func countsTheCaretColumnInCharactersNotBytes() throws {
        // "é" is two UTF-8 bytes: byte 4 is the "b" of the second line.
        let position = try #require(QueryError.position(of: 4, in: "é\nab x"))
        #expect(position.line == 2 && position.column == 2 && position.text == "ab x")
        let db = try Database(path: ":memory:")
        let error = try #require(throws: QueryError.self) {
            try QueryRunner(connection: db.connection).result("SELECT 'café', * FORM pods")
        }
        #expect(error.description.hasPrefix("near \"FORM\": syntax error (line 1, column 18)"))
    }

    @Test func saysHowToInstallAMissingView() throws {
        let db = try Database(path: ":memory:")
        try db.connection.execute("DROP VIEW oom_kills")
        let error = try #require(throws: QueryError.self) {
            try QueryRunner(connection: db.connection).result("SELECT * FROM oom_kills")
        }
        #expect(error.description.hasPrefix(
            "no such table: oom_kills (a view this database predates: any `podtrail ingest` into it installs the views)"))
    }

    @Test func resolvesNamedQueriesAndRefusesUnknownWords() throws {
        #expect(try NamedQuery.sql(forArgument: "event-reasons") == NamedQuery.named("event-reasons")?.sql)
        #expect(try NamedQuery.sql(forArgument: "SELECT 1") == "SELECT 1")
        #expect(throws: QueryError.unknownQuery("no-such-query")) { try NamedQuery.sql(forArgument: "no-such-query") }
        // A view runs as SELECT * FROM it; a near miss names the closest queries and views.
        #expect(try NamedQuery.sql(forArgument: "eviction_causes") == "SELECT * FROM \"eviction_causes\"")
        #expect(NamedQuery.views.contains { $0.name == "startup_sli" && $0.description.hasPrefix("the Kubernetes pod-startup SLI") })
        #expect(!NamedQuery.views.contains { $0.name.hasSuffix("_stale") })
        #expect(NamedQuery.closestNames(to: "evictionz") == ["evictions"])
        #expect(NamedQuery.closestNames(to: "stuck_pending") == ["stuck-pending"])
        #expect(NamedQuery.closestNames(to: "xyz").isEmpty)
        #expect(QueryError.unknownQuery("crash_loop").description.contains("did you mean crash_loops"))
        #expect(ClosestNames.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(ClosestNames.editDistance([], Array("abc")) == 3)
        #expect(throws: QueryError.unreadableFile("/nonexistent/q.sql")) { try NamedQuery.sql(fromFile: "/nonexistent/q.sql") }
    }

    @Test func everyNamedQueryDocumentsItsDescriptionParametersAndExample() throws {
        let db = try Database(path: ":memory:")
        #expect(NamedQuery.all.count >= 12)
        for query in NamedQuery.all {
            #expect(!query.description.isEmpty && query.description.hasSuffix("."), "\(query.name)")
            let statement = try db.connection.prepare(query.sql)
            #expect(Set(query.parameters.map(\.name)) == Set(statement.parameterNames), "\(query.name)")
            #expect(query.parameters.allSatisfy { !$0.meaning.isEmpty }, "\(query.name)")
            #expect(query.example.hasPrefix("podtrail query \(query.name)"), "\(query.name)")
            #expect(statement.isReadOnly, "\(query.name)")
        }
    }

    @Test func parsesTheLeadingCommentLayout() {
        let query = NamedQuery(name: "x", sql: """
            -- Pods by thing.
            --
            -- Free text.
            --
            -- Parameters:
            --   :namespace  only this namespace
            --   :limit      at most this many (unset: 20)
            --
            -- Example:
            --   podtrail query x --param limit=5
            SELECT 1 WHERE :namespace IS NULL LIMIT ifnull(:limit, 20);
            """)
        #expect(query.description == "Pods by thing.")
        #expect(query.parameters.map(\.name) == ["namespace", "limit"])
        #expect(query.parameters.map(\.meaning) == ["only this namespace", "at most this many (unset: 20)"])
        #expect(query.example == "podtrail query x --param limit=5")
        #expect(QueryOutput.render(NamedQuery.listResult([query]), format: .csv)
            == "name,description,parameters,example\r\nx,Pods by thing.,:namespace :limit,podtrail query x --param limit=5\r\n")
        #expect(NamedQuery.listing([query]) == """
            x  Pods by thing.
                 :namespace  only this namespace
                 :limit      at most this many (unset: 20)

            """)
    }
}
