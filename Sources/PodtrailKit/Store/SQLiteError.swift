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

    /// The primary result code: the low byte of the extended code.
    public var primaryCode: Int { code & 0xff }

    /// True for SQLITE_BUSY and SQLITE_LOCKED, which a caller may retry.
    public var isBusy: Bool { primaryCode == 5 || primaryCode == 6 }

    /// True for SQLITE_FULL: the disk or `max_page_count` is exhausted.
    public var isFull: Bool { primaryCode == 13 }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql {
            text += " - while executing `\(sql.trimmingCharacters(in: .whitespacesAndNewlines))`"
        }
        return text
    }
}

import Foundation
