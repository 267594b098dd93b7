/// Runs one read-only SQL statement for `podtrail query`, streaming its rows.
///
/// The statement is refused before it runs when it would write (`sqlite3_stmt_readonly`), so
/// nothing changes even on a writable connection; the command also opens the file read-only.
/// It is refused too when it calls, itself or through a view, a function of
/// `Connection.forbiddenFunctions` (`fts3_tokenizer`, `load_extension`), and it runs with
/// SQLite's defences for untrusted SQL on (`Connection.closeDoorsToUntrustedSQL`).
public struct QueryRunner {
    /// The connection the statement runs on.
    public let connection: Connection

    /// Creates a runner on `connection`.
    public init(connection: Connection) {
        self.connection = connection
    }

    /// Compiles `sql`, binds `parameters` by name, and streams the column names then each row.
    ///
    /// Parameters the statement does not name are an error; named parameters left unbound are
    /// NULL, which podtrail's named queries read as "no filter".
    /// - Throws: `QueryError` (with SQLite's message and position for SQL errors).
    public func run(
        _ sql: String,
        parameters: [String: SQLValue] = [:],
        columns: ([String]) throws -> Void,
        row: ([SQLValue]) throws -> Void
    ) throws {
        guard !Self.isBlank(sql) else { throw QueryError.empty }
        try connection.closeDoorsToUntrustedSQL()
        let (outcome, refused) = connection.refusingFunctions(Set(Connection.forbiddenFunctions.keys)) {
            try runChecked(sql, parameters: parameters, columns: columns, row: row)
        }
        if let refused { throw QueryError.forbiddenFunction(refused, why: Connection.forbiddenFunctions[refused] ?? "") }
        try outcome.get()
    }

    /// `run` once the connection is set up: compile, check, bind, step.
    private func runChecked(
        _ sql: String,
        parameters: [String: SQLValue],
        columns: ([String]) throws -> Void,
        row: ([SQLValue]) throws -> Void
    ) throws {
        let statement: Statement
        do {
            statement = try connection.prepare(sql)
        } catch let error as SQLiteError {
            throw QueryError.sql(error, sql: sql)
        }
        guard Self.isBlank(statement.tail) else { throw QueryError.multipleStatements }
        guard statement.isReadOnly else { throw QueryError.writes }
        let known = statement.parameterNames
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            guard try statement.bind(value, named: name) else {
                throw QueryError.unknownParameter(name, known: known)
            }
        }
        try columns(statement.columnNames)
        do {
            while try statement.step() { try row(statement.currentRow) }
        } catch let error as SQLiteError {
            throw QueryError.sql(error, sql: sql)
        }
    }

    /// Runs `sql` and collects every row (for tests and small results).
    public func result(_ sql: String, parameters: [String: SQLValue] = [:]) throws -> QueryResult {
        var result = QueryResult(columns: [], rows: [])
        try run(sql, parameters: parameters, columns: { result.columns = $0 }, row: { result.rows.append($0) })
        return result
    }

    /// Turns `NAME=VALUE` arguments into bindings: integers and reals bind as numbers, the rest as text.
    ///
    /// - Throws: `QueryError.badParameter` for an argument without `=` or with an empty name.
    public static func parameters(_ arguments: [String]) throws -> [String: SQLValue] {
        var bindings: [String: SQLValue] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { throw QueryError.badParameter(argument) }
            var name = String(argument[..<equals])
            if let first = name.first, ":@$".contains(first) { name.removeFirst() }
            guard !name.isEmpty else { throw QueryError.badParameter(argument) }
            bindings[name] = value(String(argument[argument.index(after: equals)...]))
        }
        return bindings
    }

    /// The binding for a parameter value: `42` → integer, `1.5`/`1e3` → real, anything else text.
    static func value(_ text: String) -> SQLValue {
        if let integer = Int64(text) { return .integer(integer) }
        let numeric = text.allSatisfy { "0123456789+-.eE".contains($0) } && text.contains(where: \.isNumber)
        if numeric, let real = Double(text), real.isFinite { return .real(real) }
        return .text(text)
    }

    /// True when `sql` holds only whitespace and comments.
    static func isBlank(_ sql: String) -> Bool {
        var rest = Substring(sql)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == ";" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return true }
                rest = rest[end.upperBound...]
            } else {
                return rest.isEmpty
            }
        }
    }
}

/// The columns and rows of a query's result.
public struct QueryResult: Equatable, Sendable {
    /// The column names, in order.
    public var columns: [String]
    /// Every row, values in column order.
    public var rows: [[SQLValue]]
}
