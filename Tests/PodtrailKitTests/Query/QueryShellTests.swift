import Foundation
import Testing

@testable import PodtrailKit

/// Named queries in the stock `sqlite3` shell, and their query plans.
struct QueryShellTests {
    /// A value for every parameter any named query takes, chosen so that each filter keeps some rows.
    static let sampleParameters: [String: SQLValue] = [
        "namespace": .text("shop"), "since": .text("2026-11-27T10:00:00Z"), "until": .text("2026-11-27T11:00:00Z"),
        "limit": .integer(3), "minutes": .integer(1), "min_restarts": .integer(1), "node": .text("node-a"),
        "image": .text("web:1.0"), "type": .text("Warning"), "pod": .text("web-2"), "uid": .text("u-web2"),
        "seconds": .integer(10), "path": .text("a.ndjson"),
    ]

    /// The `sqlite3` binary on PATH, if any (.ci/run installs the Debian package).
    static let shell: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { $0 + "/sqlite3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: shell != nil, "sqlite3 is not on PATH"), arguments: NamedQuery.all.map(\.name))
    func runsUnchangedInTheSQLiteShell(name: String) throws {
        let query = try #require(NamedQuery.named(name))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try QueryFixture.database(path: path)
        let runner = QueryRunner(connection: db.connection)
        let statement = try db.connection.prepare(query.sql)
        let bound = Self.sampleParameters.filter { statement.parameterNames.contains($0.key) }
        for parameters in [[:], bound] {
            let ours = QueryOutput.render(try runner.result(query.sql, parameters: parameters), format: .csv)
            let settings = parameters.sorted { $0.key < $1.key }.map { name, value in
                if case .text(let text) = value { return ".parameter set :\(name) \"'\(text)'\"\n" }
                return ".parameter set :\(name) \(value)\n"
            }.joined()
            let theirs = try Self.runShell(path: path, input: settings + ".mode csv\n.headers on\n" + query.sql + "\n")
            // The shell quotes more fields than RFC 4180 needs and prints no header for no rows.
            let (ourRows, theirRows) = (Self.parseCSV(ours), Self.parseCSV(theirs))
            #expect(theirRows == (theirRows.isEmpty ? [] : ourRows), "\(name) \(parameters)")
            #expect(ourRows.count - 1 == (theirRows.isEmpty ? 0 : theirRows.count - 1))
        }
    }

    /// Runs `sqlite3 -bail path` with `input` on standard input and returns standard output.
    static func runShell(path: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(shell))
        process.arguments = ["-bail", path]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(errors.isEmpty, "\(String(decoding: errors, as: UTF8.self))")
        return String(decoding: output, as: UTF8.self)
    }

    /// Splits RFC 4180 CSV (CRLF records, quoted fields with doubled quotes) into records of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append(characters.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(field)
                field = ""
            } else if scalar == "\r", characters.first == "\n" {
                characters.removeFirst()
                record.append(field)
                records.append(record)
                (record, field) = ([], "")
            } else {
                field.unicodeScalars.append(scalar)
            }
        }
        return records
    }

    /// podtrail's tables: a `SCAN` of one of them is a full scan.
    static let tables: Set = [
        "sources", "events", "pods", "containers", "pod_snapshots", "container_snapshots", "container_terminations",
        "rejects",
    ]

    /// The query's own table references (`FROM pods AS p`) are searched through an index, never
    /// scanned whole; queries built on the analysis views inherit the views' plans.
    @Test(arguments: NamedQuery.all.map(\.name))
    func searchesTablesThroughIndexesNeverAFullScan(name: String) throws {
        let query = try #require(NamedQuery.named(name))
        let db = try QueryFixture.database()
        let aliases = try Regex(#"(?i)\b(?:FROM|JOIN)\s+(\w+)\s+AS\s+(\w+)"#)
        let tableAliases = Set(query.sql.matches(of: aliases).compactMap { match -> String? in
            let table = String(match.output[1].substring ?? "")
            return Self.tables.contains(table) ? String(match.output[2].substring ?? "") : nil
        })
        let statement = try db.connection.prepare("EXPLAIN QUERY PLAN " + query.sql)
        for (parameter, value) in Self.sampleParameters { try statement.bind(value, named: parameter) }
        let plan = try statement.allRows().map { $0[3].description }
        #expect(plan.contains { $0.hasPrefix("SEARCH ") })
        for step in plan where step.hasPrefix("SCAN ") {
            let alias = String(step.dropFirst(5).prefix { !$0.isWhitespace })
            #expect(!tableAliases.contains(alias), "\(name): \(step)")
        }
    }

    /// An event without its pod's uid finds the newest pod of its name by one index search
    /// (schema v3's `pods_name_created`), not by sorting every pod that ever had the name.
    @Test func podEventsFindAPodByNameThroughTheCreationIndex() throws {
        let db = try Database(path: ":memory:")
        let statement = try db.connection.prepare(
            "EXPLAIN QUERY PLAN SELECT pod_uid FROM pod_events WHERE reason IN ('Evicted', 'TaintManagerEviction')")
        let plan = try statement.allRows().map { $0[3].description }
        #expect(plan.contains { $0.contains("USING INDEX pods_name_created") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
