/// A problem with the database file itself, described so that the user knows what to do.
public enum DatabaseError: Error, CustomStringConvertible, Equatable {
    /// The file was written by a newer podtrail.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A read-only command was pointed at a file that does not exist.
    case missing(path: String)
    /// The disk (or the database's size limit) is full.
    case full(path: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let found, let supported):
            "\(path) has schema version \(found), but this podtrail supports up to \(supported): upgrade podtrail to read it (nothing was changed)"
        case .notADatabase(let path):
            "\(path) is not a podtrail (SQLite) database: point --db at a new or existing podtrail database"
        case .cannotOpen(let path, let reason):
            "cannot open database \(path): \(reason)"
        case .missing(let path):
            "database \(path) does not exist: run `podtrail ingest --db \(path) PATH...` first"
        case .full(let path):
            "the disk holding \(path) is full: free space and run again (every file ingested before this one is kept)"
        }
    }
}
