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
    /// The path names a folder, a device or another thing that is not a file.
    case notAFile(path: String, kind: String)
    /// A reader cannot use the database's write-ahead log: it may not write the folder.
    case unreadableLog(path: String, folder: String)

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
        case .notAFile(let path, "a folder"):
            "\(path) is a folder, not a database file: give --db a file path, such as \(path.hasSuffix("/") ? path : path + "/")podtrail.sqlite"
        case .notAFile(let path, let kind):
            "\(path) is \(kind), not a database file: give --db the path of a database file"
        case .unreadableLog(let path, let folder):
            """
            cannot read database \(path): its write-ahead log \(path)-wal holds changes, and reading them needs \
            write access to the folder \(folder) (for \(path)-shm); ask someone who can write there to run \
            `sqlite3 \(path) 'PRAGMA wal_checkpoint(TRUNCATE)'`, or copy the database with its -wal file to a folder you can write
            """
        case .full(let path):
            "the disk holding \(path) is full: free space and run again (every file ingested before this one is kept)"
        }
    }
}
