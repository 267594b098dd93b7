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
                throw SQLiteError(code: 1, message: "no statement to run", sql: sql)
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
    public func bind(_ value: SQLValue, at index: Int) throws {
        let position = Int32(index)
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, position)
        case .integer(let number): code = sqlite3_bind_int64(handle, position, number)
        case .real(let number): code = sqlite3_bind_double(handle, position, number)
        case .text(let text): code = sqlite3_bind_text(handle, position, text, -1, csqlite_transient())
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob(handle, position, $0.baseAddress, Int32($0.count), csqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw connection.error(sql: sql) }
    }

    /// Binds a string or NULL.
    public func bind(_ text: String?, at index: Int) {
        if let text {
            sqlite3_bind_text(handle, Int32(index), text, -1, csqlite_transient())
        } else {
            sqlite3_bind_null(handle, Int32(index))
        }
    }

    /// Binds UTF-8 bytes as TEXT, copying them.
    public func bind(utf8 bytes: UnsafeRawBufferPointer, at index: Int) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sqlite3_bind_text(handle, Int32(index), "", 0, csqlite_transient())
            return
        }
        sqlite3_bind_text(
            handle, Int32(index), base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), csqlite_transient())
    }

    /// Binds a timestamp's UTC text or NULL, without allocating.
    public func bind(_ timestamp: Timestamp?, at index: Int) {
        if let timestamp {
            timestamp.withText { bind(utf8: $0, at: index) }
        } else {
            sqlite3_bind_null(handle, Int32(index))
        }
    }

    /// Binds an integer or NULL.
    public func bind(_ number: Int?, at index: Int) {
        if let number {
            sqlite3_bind_int64(handle, Int32(index), Int64(number))
        } else {
            sqlite3_bind_null(handle, Int32(index))
        }
    }

    /// Binds a real or NULL.
    public func bind(_ number: Double?, at index: Int) {
        if let number {
            sqlite3_bind_double(handle, Int32(index), number)
        } else {
            sqlite3_bind_null(handle, Int32(index))
        }
    }

    /// Binds a boolean as 0/1, or NULL.
    public func bind(_ flag: Bool?, at index: Int) {
        bind(flag.map { $0 ? 1 : 0 }, at: index)
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
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, index)))
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
    public func text(at column: Int) -> String? {
        guard let text = sqlite3_column_text(handle, Int32(column)) else { return nil }
        return String(cString: text)
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
