import ArgumentParser
import Foundation
import PodtrailKit

extension QueryFormat: ExpressibleByArgument {}

extension Podtrail {
    /// `podtrail query`: one read-only SQL statement or named query, its rows printed.
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one read-only SQL statement or named query and print its rows.",
            discussion: """
                QUERY is a named query, a view (SELECT * FROM it; both listed by --list) or one SQL statement. Parameters (:name) are \
                bound with --param NAME=VALUE; unset ones are NULL, which named queries read as \
                "no filter". Tables and columns: Docs/SCHEMA.md.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format: table (default on a terminal), csv (default otherwise), json or md.")
        var format: QueryFormat?

        @Option(name: .customLong("param"), help: ArgumentHelp("Bind a named parameter.", valueName: "NAME=VALUE"))
        var parameters: [String] = []

        @Option(help: "Read the SQL from this file.")
        var file: String?

        @Flag(help: "List the named queries with their descriptions and parameters, then the views (as rows with --format or in a pipe).")
        var list = false

        @Argument(help: "A named query, a view, or one SQL statement.")
        var query: String?

        func validate() throws {
            if !list, (query == nil) == (file == nil) {
                throw ValidationError("give exactly one of QUERY (a named query or SQL) and --file PATH, or --list")
            }
        }

        func run() throws {
            let terminal = isatty(STDOUT_FILENO) == 1
            let output = QueryOutput(format: format ?? (terminal ? .table : .csv)) {
                FileHandle.standardOutput.write(Data($0.utf8))
            }
            if list {
                if format == nil, terminal { return print(NamedQuery.listing() + NamedQuery.viewListing(), terminator: "") }
                return output.write(NamedQuery.listResult(withViews: true))
            }
            let sql = try file.map(NamedQuery.sql(fromFile:)) ?? NamedQuery.sql(forArgument: query ?? "")
            let bindings = try QueryRunner.parameters(parameters)
            let db = try Database(path: database.db, readOnly: true)
            try QueryRunner(connection: db.connection).run(sql, parameters: bindings, columns: output.begin, row: output.row)
            output.finish()
        }
    }
}
