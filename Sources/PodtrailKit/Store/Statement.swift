internal import CSQLite
import Foundation

/// A compiled SQL statement, owning its `sqlite3_stmt` handle.
///
/// Bulk writers prepare once and loop bind → `run()`; `run()` resets and clears the bindings.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL text the statement was compiled from.
    public let sql: String
    /// The text after the first statement (what `sqlite3_prepare_v3` did not compile).
    public let tail: String
    private let connection: Connection

    init(connection: Connection, sql: String) throws {
        var prepared: OpaquePointer?
        let utf8 = Array(sql.utf8CString)
        var tailOffset = utf8.count - 1
        let code = utf8.withUnsafeBufferPointer { buffer in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(
                connection.handle, buffer.baseAddress, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
            if let tail, let base = buffer.baseAddress { tailOffset = tail - base }
            return code
        }
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            if code == SQLITE_OK {
                throw SQLiteError(code: SQLiteError.Code.error.rawValue, message: "no statement to run", sql: sql)
            }
            throw connection.error(sql: sql)
        }
        self.handle = prepared
        self.sql = sql
        self.tail = String(decoding: utf8[tailOffset..<(utf8.count - 1)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: - Binding

    /// Binds positional values starting at parameter 1.
    public func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() { try bind(value, at: offset + 1) }
    }

    /// Binds one value at a 1-based parameter index.
    ///
    /// - Throws: `SQLiteError` when SQLite refuses the value (`SQLITE_TOOBIG` for text or a blob
    ///   over `SQLITE_LIMIT_LENGTH`, `SQLITE_RANGE` for an index the statement does not have).
    public func bind(_ value: SQLValue, at index: Int) throws {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, Int32(index)), at: index)
        case .integer(let number): try check(sqlite3_bind_int64(handle, Int32(index), number), at: index)
        case .real(let number): try check(sqlite3_bind_double(handle, Int32(index), number), at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes):
            let code = bytes.withUnsafeBytes {
                sqlite3_bind_blob64(handle, Int32(index), $0.baseAddress ?? Self.emptyBytes, UInt64($0.count), csqlite_transient())
            }
            try check(code, at: index)
        }
    }

    /// Binds a string or NULL.
    ///
    /// The text is bound with its byte length, never up to a NUL: a `\u0000` inside a JSON
    /// string is stored with what follows it.
    public func bind(_ text: String?, at index: Int) throws {
        guard var text else { return try check(sqlite3_bind_null(handle, Int32(index)), at: index) }
        try text.withUTF8 { try bind(utf8: UnsafeRawBufferPointer($0), at: index) }
    }

    /// Binds UTF-8 bytes as TEXT (all of them, NULs included), copying them.
    public func bind(utf8 bytes: UnsafeRawBufferPointer, at index: Int) throws {
        let base = bytes.baseAddress ?? Self.emptyBytes
        let code = sqlite3_bind_text64(
            handle, Int32(index), base.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), csqlite_transient(),
            UInt8(SQLITE_UTF8))
        try check(code, at: index)
    }

    /// Binds a timestamp's UTC text or NULL, without allocating.
    public func bind(_ timestamp: Timestamp?, at index: Int) throws {
        if let timestamp {
            try timestamp.withText { try bind(utf8: $0, at: index) }
        } else {
            try check(sqlite3_bind_null(handle, Int32(index)), at: index)
        }
    }

    /// Binds an integer or NULL.
    public func bind(_ number: Int?, at index: Int) throws {
        if let number {
            try check(sqlite3_bind_int64(handle, Int32(index), Int64(number)), at: index)
        } else {
            try check(sqlite3_bind_null(handle, Int32(index)), at: index)
        }
    }

    /// Binds a real or NULL.
    public func bind(_ number: Double?, at index: Int) throws {
        if let number {
            try check(sqlite3_bind_double(handle, Int32(index), number), at: index)
        } else {
            try check(sqlite3_bind_null(handle, Int32(index)), at: index)
        }
    }

    /// Binds a boolean as 0/1, or NULL.
    public func bind(_ flag: Bool?, at index: Int) throws {
        try bind(flag.map { $0 ? 1 : 0 }, at: index)
    }

    /// A non-null pointer for empty text and blobs: SQLite binds NULL for a null pointer.
    private static var emptyBytes: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

    /// Throws the connection's error, naming the parameter, unless `code` is SQLITE_OK.
    private func check(_ code: Int32, at index: Int) throws {
        guard code != SQLITE_OK else { return }
        var error = connection.error(sql: sql)
        error.code = Int(code)
        error.message += " (binding parameter \(index))"
        throw error
    }

    /// Binds a value to a named parameter (`:name`, `@name` or `$name`).
    ///
    /// - Returns: false when the statement has no such parameter.
    @discardableResult
    public func bind(_ value: SQLValue, named name: String) throws -> Bool {
        for prefix in [":", "@", "$"] {
            let index = sqlite3_bind_parameter_index(handle, prefix + name)
            if index > 0 {
                try bind(value, at: Int(index))
                return true
            }
        }
        return false
    }

    /// The names of the statement's parameters without their prefix (`:since` → `since`).
    public var parameterNames: [String] {
        let count = sqlite3_bind_parameter_count(handle)
        guard count > 0 else { return [] }
        return (1...count).compactMap { index in
            sqlite3_bind_parameter_name(handle, index).map { String(String(cString: $0).dropFirst()) }
        }
    }

    // MARK: - Stepping

    /// Advances to the next row: true when a row is available, false when done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, then resets it and clears its bindings.
    public func run() throws {
        defer { resetAndClear() }
        while try step() {}
    }

    /// Resets the statement for another run and clears its bindings.
    public func resetAndClear() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Steps through every row and returns them, then resets.
    public func allRows() throws -> [[SQLValue]] {
        defer { sqlite3_reset(handle) }
        var rows: [[SQLValue]] = []
        while try step() { rows.append(currentRow) }
        return rows
    }

    /// True when the statement does not write (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    // MARK: - Columns

    /// The number of columns in a result row.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The column names of a result row.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: sqlite3_column_name(handle, Int32($0))) }
    }

    /// The current row's values.
    public var currentRow: [SQLValue] {
        (0..<columnCount).map { value(at: $0) }
    }

    /// The value of a column of the current row.
    public func value(at column: Int) -> SQLValue {
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(text(at: column) ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    /// A column as Int64, or nil when NULL.
    public func int(at column: Int) -> Int64? {
        sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, Int32(column))
    }

    /// A column as Double, or nil when NULL.
    public func double(at column: Int) -> Double? {
        sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL ? nil : sqlite3_column_double(handle, Int32(column))
    }

    /// A column as String, or nil when NULL.
    ///
    /// Read with the column's byte length (`sqlite3_column_bytes`), so a NUL inside the text
    /// does not end it.
    public func text(at column: Int) -> String? {
        withUTF8(at: column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with a column's UTF-8 text in SQLite's own buffer (valid only during the
    /// call: no String is made), or returns nil when NULL.
    func withUTF8<Result>(at column: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        guard let text = sqlite3_column_text(handle, Int32(column)) else { return nil }
        return try body(UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(column)))))
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
