/// A problem with publishing that is not PostgreSQL's own error.
public enum FleetError: Error, CustomStringConvertible, Equatable {
    /// The fleet database was migrated by a newer podtrail.
    case newerSchema(found: Int, supported: Int)
    /// `--cluster` names a cluster the database does not hold.
    case unknownCluster(name: String, known: [String])
    /// A value its fleet column's type cannot hold (a time that is not ISO-8601, text in a number).
    case unreadableValue(table: String, column: String, value: String)
    /// The database holds no cluster's data.
    case empty(path: String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let supported):
            "the fleet database has podtrail schema version \(found), but this podtrail writes version \(supported): upgrade podtrail to publish to it (nothing was published)"
        case .unknownCluster(let name, let known):
            "the database holds no cluster \(name): it holds \(known.isEmpty ? "none" : known.joined(separator: ", ")) (ingest with --cluster NAME to name one)"
        case .unreadableValue(let table, let column, let value):
            "\(table).\(column) holds \(value.prefix(100)), which is not a \(column.hasSuffix("_at") ? "time" : "number"): run `podtrail rebuild` on the database; if it stays, report it (that day was not published)"
        case .empty(let path):
            "\(path) holds no pods: ingest archives into it first (nothing was published)"
        }
    }
}
