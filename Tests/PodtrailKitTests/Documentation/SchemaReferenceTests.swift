import Foundation
import Testing

@testable import PodtrailKit

/// Docs/SCHEMA.md against a freshly created database: the same tables, views, columns and types.
struct SchemaReferenceTests {
    /// One documented object: its `### name` and the rows of its `| column | type | meaning |` table.
    struct Documented: Equatable {
        var columns: [String] = []
        var types: [String] = []
        var meanings: [String] = []
    }

    static let path = TestSupport.packageRoot.appendingPathComponent("Docs/SCHEMA.md").path

    /// Parses SCHEMA.md: a `### name` heading starts an object, `## ` ends it, table rows add columns.
    static func parse(_ markdown: String) -> [String: Documented] {
        var objects: [String: Documented] = [:]
        var current: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                current = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                objects[current!] = Documented()
            } else if line.hasPrefix("## ") || line.hasPrefix("# ") {
                current = nil
            } else if let name = current, line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == 3, cells[0] != "column", !cells[0].hasPrefix("---") else { continue }
                objects[name]!.columns.append(cells[0])
                objects[name]!.types.append(cells[1])
                objects[name]!.meanings.append(cells[2])
            }
        }
        return objects
    }

    /// Every way `markdown` and the database disagree, one line each (empty when they agree).
    static func differences(_ markdown: String, _ db: Database) throws -> [String] {
        let documented = parse(markdown)
        let objects = try db.connection.rows(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var problems: [String] = []
        for object in objects {
            let (name, kind) = (object[0].description, object[1].description)
            let info = try db.connection.rows("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", [.text(name)])
            let columns = info.map { $0[0].description }
            guard let entry = documented[name] else {
                problems.append("\(kind) \(name) is not in Docs/SCHEMA.md: add a `### \(name)` section")
                continue
            }
            for column in columns where !entry.columns.contains(column) {
                problems.append("\(kind) \(name): column \(column) is missing from Docs/SCHEMA.md")
            }
            for column in entry.columns where !columns.contains(column) {
                problems.append("\(kind) \(name): Docs/SCHEMA.md documents column \(column), which the database does not have")
            }
            if Set(columns) == Set(entry.columns), columns != entry.columns {
                problems.append("\(kind) \(name): Docs/SCHEMA.md lists the columns in another order than the database")
            }
            if kind == "table" {
                for (column, type) in info.map({ ($0[0].description, $0[1].description) }) {
                    if let index = entry.columns.firstIndex(of: column), entry.types[index] != type {
                        problems.append("table \(name): column \(column) is \(type), Docs/SCHEMA.md says \(entry.types[index])")
                    }
                }
            }
            for (column, meaning) in zip(entry.columns, entry.meanings) where meaning.isEmpty {
                problems.append("\(kind) \(name): column \(column) has no meaning in Docs/SCHEMA.md")
            }
        }
        let names = Set(objects.map { $0[0].description })
        for name in documented.keys.sorted() where !names.contains(name) {
            problems.append("Docs/SCHEMA.md documents \(name), which is no table or view of a new database")
        }
        return problems
    }

    @Test func schemaReferenceMatchesAFreshDatabase() throws {
        let markdown = try String(contentsOfFile: Self.path, encoding: .utf8)
        let db = try Database(path: ":memory:")
        #expect(try Self.differences(markdown, db) == [])
        #expect(Self.parse(markdown)["pods"]?.columns.first == "id")
    }

    @Test func driftIsReportedInBothDirections() throws {
        let markdown = try String(contentsOfFile: Self.path, encoding: .utf8)
        let db = try Database(path: ":memory:")
        let withoutRow = markdown.replacingOccurrences(of: "| restart_policy | TEXT | spec.restartPolicy |\n", with: "")
        #expect(try Self.differences(withoutRow, db) == ["table pods: column restart_policy is missing from Docs/SCHEMA.md"])
        try db.connection.execute("CREATE VIEW extra AS SELECT 1 AS one")
        try db.connection.execute("ALTER TABLE rejects ADD COLUMN added TEXT")
        let problems = try Self.differences(markdown + "\n### gone\n\n| column | type | meaning |\n| --- | --- | --- |\n| x | TEXT | y |\n", db)
        #expect(problems == [
            "view extra is not in Docs/SCHEMA.md: add a `### extra` section",
            "table rejects: column added is missing from Docs/SCHEMA.md",
            "Docs/SCHEMA.md documents gone, which is no table or view of a new database",
        ])
        let wrongType = markdown.replacingOccurrences(of: "| snapshots | INTEGER |", with: "| snapshots | TEXT |")
        #expect(try Self.differences(wrongType, try Database(path: ":memory:")) == [
            "table pods: column snapshots is INTEGER, Docs/SCHEMA.md says TEXT"
        ])
    }
}
