import Foundation
import Testing

@testable import PodtrailKit

/// Docs/FLEET.md against the fleet schema podtrail creates (`FleetTable`) and Docs/SCHEMA.md:
/// every table's columns in order with their PostgreSQL types, each column meaning what it
/// means in the SQLite view it comes from.
struct FleetReferenceTests {
    @Test func fleetMDListsEachTablesColumnsWithSchemaMDsMeanings() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Docs")
        let fleet = SchemaReferenceTests.parse(try String(contentsOf: root.appendingPathComponent("FLEET.md"), encoding: .utf8))
        let schema = SchemaReferenceTests.parse(try String(contentsOf: root.appendingPathComponent("SCHEMA.md"), encoding: .utf8))
        #expect(Set(fleet.keys) == Set(FleetTable.all.map(\.name) + ["publications"]))
        for table in FleetTable.all {
            let documented = try #require(fleet[table.name], "\(table.name) is not in Docs/FLEET.md")
            #expect(documented.columns == ["cluster", "day"] + table.columns.map(\.name), "\(table.name)")
            #expect(documented.types == ["text", "date"] + table.columns.map(\.type.rawValue), "\(table.name)")
            let view = try #require(schema[table.name])
            // container_runs adds its pod's namespace and workload, as phase_durations has them.
            let pods = try #require(schema["phase_durations"])
            for (column, meaning) in zip(documented.columns, documented.meanings).dropFirst(2) {
                let source = view.columns.contains(column) ? view : pods
                let index = try #require(source.columns.firstIndex(of: column), "\(table.name).\(column)")
                #expect(meaning == source.meanings[index], "\(table.name).\(column): not SCHEMA.md's meaning")
            }
        }
    }

    @Test func theSchemaSQLCreatesWhatFleetMDDescribes() {
        let sql = FleetSchema.migrations.joined()
        for table in FleetTable.all {
            #expect(sql.contains("CREATE TABLE podtrail.\(table.name) ("))
            #expect(sql.contains("PARTITION BY RANGE (day)"))
        }
        #expect(FleetSchema.version == 2)
        // Version 1's tables stay in migration 1: a fleet database made by it is upgraded by 2.
        #expect(!FleetSchema.migrations[0].contains("rollup_"))
        #expect(FleetSchema.migrations[1].contains("CREATE TABLE podtrail.rollup_pods (") && !FleetSchema.migrations[1].contains("phase_durations"))
    }
}
