import Foundation
import PackagePlugin

/// Embeds the package's SQL into the PodtrailKit target as Swift string literals: every
/// `Queries/*.sql` (views and named queries) and every schema migration under
/// `Sources/PodtrailKit/Store/Migrations/`. The installed binary needs no source tree.
@main
struct EmbedQueries: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let queries = try sqlFiles(in: root.appending(path: "Queries"))
        let migrations = try sqlFiles(in: root.appending(path: "Sources/PodtrailKit/Store/Migrations"))
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSQL.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(queries.count) queries and \(migrations.count) migrations",
                executable: try context.tool(named: "QueryEmbedder").url,
                arguments: [output.path()] + queries.map { $0.path() } + ["--"] + migrations.map { $0.path() },
                inputFiles: queries + migrations,
                outputFiles: [output]
            )
        ]
    }

    private func sqlFiles(in folder: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: folder.path()) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path())
            .filter { $0.hasSuffix(".sql") }
            .sorted()
            .map { folder.appending(path: $0) }
    }
}
