import Foundation

extension Database {
    /// Throws when `path` names something that cannot be a database file: a folder, a device,
    /// a pipe or a socket (SQLite's own words for those are "disk I/O error", or it writes a
    /// journal next to `/dev/null`). A missing file passes: a writer creates it.
    ///
    /// - Throws: `DatabaseError.notAFile`.
    public static func checkPath(_ path: String) throws {
        guard let file = fileSystemPath(path) else { return }
        var info = stat()
        guard stat(file, &info) == 0 else { return }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a folder"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFIFO: kind = "a named pipe"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw DatabaseError.notAFile(path: path, kind: kind)
    }

    /// True when a writer can open `path` here: the file exists and both it and its folder
    /// are writable (SQLite makes its -wal and -shm files next to it). The report opens the
    /// database read-write only then, to bring its views up to date.
    public static func isWritable(_ path: String) -> Bool {
        guard !path.hasPrefix("file:"), path != ":memory:" else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// The file an SQLite path or `file:` URI names (its percent escapes decoded), nil for
    /// `:memory:` and in-memory URIs.
    static func fileSystemPath(_ path: String) -> String? {
        guard path.hasPrefix("file:") else { return path == ":memory:" || path.isEmpty ? nil : path }
        var rest = path.dropFirst("file:".count)
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            // "file://localhost/x" and "file:///x": the authority is empty or localhost.
            rest = rest.drop { $0 != "/" }
        }
        let file = String(rest.prefix { $0 != "?" && $0 != "#" })
        guard !file.isEmpty, file != ":memory:" else { return nil }
        return file.removingPercentEncoding ?? file
    }

    /// Opens `path` read-only.
    ///
    /// A database in WAL mode is read through its -shm file, which SQLite makes next to the
    /// database ("the -shm and -wal files already exists or those files can be created or the
    /// database is immutable", SQLite's WAL documentation): in a folder the reader cannot
    /// write, such as a shared read-only mount, every read then fails (SQLITE_CANTOPEN or
    /// SQLITE_READONLY_DIRECTORY). When no -wal file holds changes, the database file holds
    /// everything and is reopened immutable (no locks, no -shm): nothing can write to such a
    /// folder's files through us, and the mount is taken to be a snapshot. With changes in a
    /// -wal file, reading the file alone would answer without them: the error names the log.
    static func openReader(_ path: String) throws -> Connection {
        let connection = try Connection(path: path, mode: .readOnly, busyTimeout: 10_000)
        do {
            _ = try connection.scalar("SELECT count(*) FROM sqlite_master")
            return connection
        } catch let error as SQLiteError where error.code == SQLiteError.readOnlyDirectory || error.is(.cantOpen) {
            guard let file = fileSystemPath(path), !path.hasPrefix("file:") else { throw error }
            let given = (file as NSString).deletingLastPathComponent
            let folder = given.isEmpty ? "." : given
            guard access(folder, W_OK) != 0 else { throw error }
            var log = stat()
            if stat(file + "-wal", &log) == 0, log.st_size > 0 { throw DatabaseError.unreadableLog(path: path, folder: folder) }
            return try Connection(path: immutableURI(file), mode: .readOnly, busyTimeout: 10_000)
        } catch let error as SQLiteError where error.is(.notADatabase) {
            throw DatabaseError.notADatabase(path: path)
        }
    }

    /// The URI that opens the file at `path` read-only and immutable.
    static func immutableURI(_ path: String) -> String {
        var uri = "file:"
        // SQLite decodes %HH in a URI's path; ?, # and % must be escaped, the rest may stay.
        for scalar in URL(fileURLWithPath: path).standardizedFileURL.path.unicodeScalars {
            uri += "?#%".unicodeScalars.contains(scalar) ? String(format: "%%%02X", scalar.value) : String(scalar)
        }
        return uri + "?mode=ro&immutable=1"
    }
}
