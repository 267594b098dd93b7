internal import CSQLite
import Foundation

/// An open SQLite database connection, owning its `sqlite3` handle.
///
/// Opened with explicit flags and extended result codes on; closed in `deinit`. A connection is
/// used from one thread at a time.
public final class Connection {
    /// How to open the database file.
    public enum Mode: Sendable {
        /// Read and write, creating the file when it does not exist.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read only: any statement that would write fails.
        case readOnly
    }

    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    private var functions: [FunctionBox] = []

    /// Opens the database at `path` (`:memory:` for a private in-memory database).
    ///
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock
    ///   before failing with SQLITE_BUSY, in milliseconds.
    public init(path: String, mode: Mode = .readWriteCreate, busyTimeout: Int = 10_000) throws {
        _ = Self.configured
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened, code == SQLITE_OK else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw SQLiteError(code: Int(code), message: "\(message) (opening \(path))")
        }
        sqlite3_extended_result_codes(opened, 1)
        sqlite3_busy_timeout(opened, Int32(busyTimeout))
        self.handle = opened
        self.path = path
        if Self.profileThreshold != nil {
            sqlite3_trace_v2(opened, UInt32(SQLITE_TRACE_PROFILE), { _, _, statement, elapsed in
                Connection.printProfile(statement: statement, elapsed: elapsed)
                return 0
            }, nil)
        }
        try execute("PRAGMA foreign_keys = ON")
        if mode == .readOnly { try execute("PRAGMA query_only = ON") }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// `PODTRAIL_PROFILE_SQL=MS`: every statement that ran for MS milliseconds or longer is
    /// written to standard error with its time (a developer's tool: where a command's time
    /// goes, Docs/PERFORMANCE.md).
    private static let profileThreshold: Int64? = ProcessInfo.processInfo.environment["PODTRAIL_PROFILE_SQL"]
        .flatMap { Int64($0) }.map { $0 * 1_000_000 }

    private static func printProfile(statement: UnsafeMutableRawPointer?, elapsed: UnsafeMutableRawPointer?) {
        guard let threshold = profileThreshold, let statement, let elapsed else { return }
        let nanoseconds = elapsed.load(as: Int64.self)
        guard nanoseconds >= threshold else { return }
        let sql = sqlite3_sql(OpaquePointer(statement)).map { String(cString: $0) } ?? "?"
        let line = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("--") }.joined(separator: " ")
        FileHandle.standardError.write(Data(String(format: "[sql %8.1f ms] %@\n", Double(nanoseconds) / 1e6,
            String(line.prefix(240))).utf8))
    }

    /// Configures SQLite once per process, before the first connection.
    private static let configured: Int32 = csqlite_configure_for_single_thread_connections()

    /// Runs one or more statements separated by semicolons, discarding any rows.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: Int(sqlite3_extended_errcode(handle)), message: text, sql: sql)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs `sql` with positional bindings and returns every row.
    public func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        return try statement.allRows()
    }

    /// Runs `sql` and returns the first column of the first row, or `.null`.
    public func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws -> SQLValue {
        try rows(sql, bindings).first?.first ?? .null
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try inTransaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` inside one read transaction, so that every statement in it reads the same
    /// snapshot of the database while other processes write; inside a transaction already, it
    /// just runs `body`.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        return try inTransaction(begin: "BEGIN DEFERRED", body)
    }

    /// Runs `body` between `begin` and `COMMIT`, rolling back when it throws.
    private func inTransaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` with sorts in temporary files, on this thread only, and an 8 MB page cache,
    /// then restores the three: for work over every row (an analysis cache refresh, an index
    /// build) that must not grow memory with the database. As fast here as memory: such work
    /// reads rows in key order. Sorter threads writing temporary files made a day's index build
    /// five times slower (24 s against 5 s).
    func withLowMemorySorts<T>(_ body: () throws -> T) throws -> T {
        let tempStore = try scalar("PRAGMA temp_store").int ?? 0
        let cacheSize = try scalar("PRAGMA cache_size").int ?? -2000
        let threads = try scalar("PRAGMA threads").int ?? 0
        try execute("PRAGMA temp_store = FILE; PRAGMA cache_size = -8192; PRAGMA threads = 0")
        defer { try? execute("PRAGMA temp_store = \(tempStore); PRAGMA cache_size = \(cacheSize); PRAGMA threads = \(threads)") }
        return try body()
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the most recent successful INSERT. Setting it (to 0) before a statement
    /// tells afterwards whether the statement inserted (an upsert that updates leaves it as
    /// set; comparing with the previous value would not do: rowids of different tables meet).
    public var lastInsertRowID: Int64 {
        get { sqlite3_last_insert_rowid(handle) }
        set { sqlite3_set_last_insert_rowid(handle, newValue) }
    }

    /// The largest text, blob or row SQLite accepts on this connection, in bytes
    /// (`SQLITE_LIMIT_LENGTH`: 1,000,000,000 unless lowered). Setting it can only lower it below
    /// the compile-time maximum; SQLite refuses a larger bind with SQLITE_TOOBIG.
    public var maxLength: Int {
        get { Int(sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, -1)) }
        set { sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, Int32(clamping: max(1, newValue))) }
    }

    /// `PRAGMA user_version`, where podtrail keeps its schema version.
    public var userVersion: Int {
        get throws { Int(try scalar("PRAGMA user_version").int ?? 0) }
    }

    /// True when the connection cannot write (opened read-only or the file is read-only).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    func error(sql: String?) -> SQLiteError {
        let offset = sqlite3_error_offset(handle)
        return SQLiteError(
            code: Int(sqlite3_extended_errcode(handle)),
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql,
            offset: offset >= 0 ? Int(offset) : nil
        )
    }

    // MARK: - SQL functions

    /// Registers a scalar SQL function implemented in Swift.
    ///
    /// - Parameters:
    ///   - argumentCount: the number of arguments, or -1 for any.
    ///   - deterministic: true when the same arguments always give the same result, which lets
    ///     SQLite use the function in indexes and views.
    public func createFunction(
        _ name: String,
        argumentCount: Int,
        deterministic: Bool = true,
        _ body: @escaping ([SQLValue]) throws -> SQLValue
    ) throws {
        let box = FunctionBox(body)
        functions.append(box)
        var flags = SQLITE_UTF8
        if deterministic { flags |= SQLITE_DETERMINISTIC }
        let code = sqlite3_create_function_v2(
            handle, name, Int32(argumentCount), flags,
            Unmanaged.passUnretained(box).toOpaque(),
            { context, count, values in
                let box = Unmanaged<FunctionBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                var arguments: [SQLValue] = []
                arguments.reserveCapacity(Int(count))
                for index in 0..<Int(count) { arguments.append(SQLValue(values![index]!)) }
                do {
                    try box.body(arguments).result(in: context!)
                } catch {
                    sqlite3_result_error(context, "\(error)", -1)
                }
            },
            nil, nil, nil
        )
        guard code == SQLITE_OK else { throw self.error(sql: nil) }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}

private final class FunctionBox {
    let body: ([SQLValue]) throws -> SQLValue
    init(_ body: @escaping ([SQLValue]) throws -> SQLValue) { self.body = body }
}

extension SQLValue {
    init(_ value: OpaquePointer) {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            // With its byte length: a NUL inside the text does not end it.
            let text = sqlite3_value_text(value)
            let count = Int(sqlite3_value_bytes(value))
            self = .text(text.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: count), as: UTF8.self) } ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_value_bytes(value))
            if let bytes = sqlite3_value_blob(value), count > 0 {
                self = .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
            } else {
                self = .blob([])
            }
        default: self = .null
        }
    }

    func result(in context: OpaquePointer) {
        switch self {
        case .null: sqlite3_result_null(context)
        case .integer(let value): sqlite3_result_int64(context, value)
        case .real(let value): sqlite3_result_double(context, value)
        case .text(var value):
            value.withUTF8 { bytes in
                let base = UnsafeRawPointer(bytes.baseAddress ?? ("" as StaticString).utf8Start)
                sqlite3_result_text64(
                    context, base.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            bytes.withUnsafeBytes { sqlite3_result_blob64(context, $0.baseAddress, UInt64($0.count), csqlite_transient()) }
        }
    }
}
