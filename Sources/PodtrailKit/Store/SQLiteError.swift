/// An error reported by SQLite, carrying the extended result code, SQLite's message and the SQL.
///
/// Described like GRDB: ``SQLite error 1555: UNIQUE constraint failed: events.uid - while executing `INSERT ...` ``.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    /// The extended result code (`sqlite3_extended_errcode`).
    public var code: Int
    /// SQLite's message (`sqlite3_errmsg`).
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?
    /// The byte offset in `sql` where SQLite located the error, or nil.
    public var offset: Int?

    public init(code: Int, message: String, sql: String? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.offset = offset
    }

    /// The primary result codes podtrail acts on (https://sqlite.org/rescode.html), by name.
    public enum Code: Int, Sendable {
        case error = 1
        case busy = 5
        case locked = 6
        case readOnly = 8
        case full = 13
        case cantOpen = 14
        case notADatabase = 26
    }

    /// SQLITE_READONLY_DIRECTORY (an extended code): the database's folder is not writable.
    public static let readOnlyDirectory = 1544

    /// The primary result code: the low byte of the extended code.
    public var primaryCode: Int { code & 0xff }

    /// True when the primary result code is `primary`.
    public func `is`(_ primary: Code) -> Bool { primaryCode == primary.rawValue }

    /// True for SQLITE_BUSY and SQLITE_LOCKED, which a caller may retry.
    public var isBusy: Bool { `is`(.busy) || `is`(.locked) }

    /// True for SQLITE_FULL: the disk or `max_page_count` is exhausted.
    public var isFull: Bool { `is`(.full) }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql {
            text += " - while executing `\(sql.trimmingCharacters(in: .whitespacesAndNewlines))`"
        }
        return text
    }
}

import Foundation
