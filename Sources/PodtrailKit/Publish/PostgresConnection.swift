internal import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through libpq, owning its `PGconn`.
///
/// libpq reads what a URL leaves out from the standard places: `PGPASSWORD`, `~/.pgpass`
/// (`PGPASSFILE`), `PGHOST`, `PGUSER`, `PGSSLMODE` and the other `PG*` variables, and it
/// negotiates TLS as `sslmode` asks. Statements run with text parameters and text results;
/// `copy(_:_:)` streams `COPY ... FROM STDIN (FORMAT binary)`. Every message this type
/// returns has the password removed (`PostgresError`).
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// Where the connection goes, without the password: `user@host:port/db`.
    public let target: String
    /// The password in use (from the URL, `PGPASSWORD` or `.pgpass`), to strip from messages.
    private let secrets: [String]

    /// Connects to `url` (a `postgresql://` URL or a libpq `key=value` string).
    ///
    /// - Throws: `PostgresError` of kind `.cannotConnect` or `.authentication` when the server
    ///   is unreachable or refuses the login.
    public init(url: String) throws {
        // Keywords before `dbname` are defaults that the URL's own settings override
        // (libpq: "If expand_dbname is non-zero ... later keywords override earlier ones").
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = ["10", "podtrail", url]
        var secrets = [Self.password(in: url), ProcessInfo.processInfo.environment["PGPASSWORD"]].compactMap { $0 }.filter { !$0.isEmpty }
        let connection: OpaquePointer? = withArrayOfCStrings(keywords) { keys in
            withArrayOfCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else { throw PostgresError(kind: .cannotConnect, message: "out of memory", target: "") }
        let target = Self.describe(connection)
        if PQstatus(connection) != CONNECTION_OK {
            let message = String(cString: PQerrorMessage(connection))
            let usedPassword = PQconnectionUsedPassword(connection) == 1
            let needsPassword = PQconnectionNeedsPassword(connection) == 1
            if let password = PQpass(connection).map({ String(cString: $0) }), !password.isEmpty { secrets.append(password) }
            PQfinish(connection)
            let authentication = needsPassword || (usedPassword && message.contains("authentication failed"))
                || message.contains("password authentication failed") || message.contains("no password supplied")
            throw PostgresError(
                kind: authentication ? .authentication : .cannotConnect, message: Self.redact(message, secrets), target: target)
        }
        if let password = PQpass(connection).map({ String(cString: $0) }), !password.isEmpty { secrets.append(password) }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = connection
        self.target = target
        self.secrets = secrets
    }

    deinit { PQfinish(handle) }

    /// `user@host:port/db` of an open (or failed) connection, never the password.
    private static func describe(_ connection: OpaquePointer) -> String {
        func field(_ value: UnsafeMutablePointer<CChar>?) -> String { value.map { String(cString: $0) } ?? "" }
        var host = field(PQhost(connection))
        if host.hasPrefix("/") { host = "[\(host)]" }
        return "\(field(PQuser(connection)))@\(host):\(field(PQport(connection)))/\(field(PQdb(connection)))"
    }

    /// The password a URL or connection string carries, if any (`PQconninfoParse`).
    private static func password(in url: String) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &message) else {
            PQfreemem(message)
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val { return String(cString: value) }
            option += 1
        }
        return nil
    }

    /// `text` with every secret replaced by `***`, on one line (libpq ends lines with a
    /// newline and indents hints with a tab).
    static func redact(_ text: String, _ secrets: [String]) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return secrets.reduce(line) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Runs one statement (or, without parameters, several separated by `;`) and discards
    /// its rows.
    public func execute(_ sql: String, _ parameters: [String?] = []) throws {
        _ = try rows(sql, parameters)
    }

    /// Runs one statement with text parameters (`$1`, `$2`, …; nil is NULL) and returns its
    /// rows as text (nil for NULL).
    public func rows(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(handle, sql)
        } else {
            result = withArrayOfOptionalCStrings(parameters) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        var rows: [[String?]] = []
        let count = PQntuples(result)
        let columns = PQnfields(result)
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            rows.append(
                (0..<columns).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return rows
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try rows(sql, parameters).first?.first ?? nil
    }

    /// Runs `sql` (a `COPY ... FROM STDIN (FORMAT binary)`), feeding it the rows `produce` writes, and returns
    /// the rows the server loaded with the hash of the bytes sent (`CopyBuffer.hash`).
    ///
    /// `produce` gets a `CopyBuffer` and appends rows to it; the buffer goes to the server
    /// each time it fills. An error thrown by `produce` ends the COPY with a failure, so the
    /// server keeps none of its rows.
    public func copy(_ sql: String, _ produce: (inout CopyBuffer) throws -> Void) throws -> (rows: Int, hash: UInt64) {
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start, sql: sql)
            throw error(message: "the server did not start a COPY", sql: sql)
        }
        var buffer = CopyBuffer { [handle] bytes in
            PQputCopyData(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count)) == 1
        }
        do {
            try produce(&buffer)
            try buffer.finish()
        } catch {
            PQputCopyEnd(handle, "podtrail stopped the COPY")
            drainResults()
            if error is CopyBuffer.SendFailed { throw self.error(message: nil, sql: sql) }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw self.error(message: nil, sql: sql) }
        var loaded = 0
        var failure: Error?
        while let result = PQgetResult(handle) {
            if failure == nil {
                do {
                    try check(result, sql: sql)
                    loaded += Int(String(cString: PQcmdTuples(result))) ?? 0
                } catch { failure = error }
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return (loaded, buffer.hash)
    }

    /// Reads and frees every pending result (after an abandoned COPY).
    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    /// Throws when `result` is not a success.
    private func check(_ result: OpaquePointer?, sql: String) throws {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY: return
        default:
            let message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) }
            let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            throw error(message: message, sql: sql, sqlState: state)
        }
    }

    /// The error for a failed statement: `.connectionLost` when the connection is gone (or the
    /// server is shutting down, SQLSTATE class 57P), else `.statement`.
    private func error(message: String?, sql: String, sqlState: String? = nil) -> PostgresError {
        let text = (message?.isEmpty == false ? message : nil) ?? String(cString: PQerrorMessage(handle))
        let lost = PQstatus(handle) == CONNECTION_BAD || (sqlState?.hasPrefix("57P") ?? false)
        return PostgresError(
            kind: lost ? .connectionLost : .statement, message: Self.redact(text, secrets), target: target, sql: sql,
            sqlState: sqlState)
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// Calls `body` with a C array of C strings for `strings`, NULL-terminated.
private func withArrayOfCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withArrayOfOptionalCStrings(strings) { body($0) }
}

/// Calls `body` with a C array of C strings for `strings` (nil as a NULL pointer), with a
/// NULL after the last.
private func withArrayOfOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
