/// The derived-data definitions of a set of `Queries/` files: the view files with the views of
/// their cached analyses generated, the triggers generated from `pod_events`' placement rule,
/// and the cached analyses in the order they are refreshed. What `Database` installs and hashes.
struct DerivedDefinitions {
    /// The files that define views (those holding a `CREATE VIEW`), expanded (`CachedAnalysis.expanding`).
    let views: [(name: String, sql: String)]
    /// The triggers that list stale pods (`EventPlacement`); empty without a `pod_events` file.
    let triggers: String
    /// The cached analyses, in refresh order.
    let cachedAnalyses: [CachedAnalysis]

    /// The definitions of `queries` (`Queries/*.sql`, by name).
    ///
    /// - Throws: `PlumbingError` for a directive that cannot be expanded.
    init(queries: [(name: String, sql: String)]) throws {
        let files = queries.filter { $0.sql.range(of: "CREATE VIEW", options: .caseInsensitive) != nil }
        views = try files.map { ($0.name, try CachedAnalysis.expanding($0.sql, name: $0.name)) }
        triggers = try files.first { $0.name == "pod_events" }.map { try EventPlacement.triggers(from: $0.sql) } ?? ""
        cachedAnalyses = try CachedAnalysis.inRefreshOrder(files)
    }

    /// This build's definitions, from the embedded `Queries/`.
    static let shipped: DerivedDefinitions = {
        do {
            return try DerivedDefinitions(queries: EmbeddedSQL.queries)
        } catch {
            // The shipped files are not input: every test that opens a database stops here first.
            preconditionFailure("\(error)")
        }
    }()

    /// Everything installed, in one text: what `Database.definitionsHash` hashes.
    var text: String { views.map(\.sql).joined(separator: "\n") + "\n" + triggers }
}
