/// The timeline's read access to the database: named-parameter queries returning rows whose
/// columns are read by name.
struct TimelineStore {
    /// One result row, columns addressed by name.
    struct Row {
        let values: [SQLValue]
        let columns: [String: Int]

        /// The value of a column, NULL when the row has no such column.
        subscript(_ name: String) -> SQLValue { columns[name].map { values[$0] } ?? .null }
        /// The column as text.
        func text(_ name: String) -> String? { self[name].string }
        /// The column as an integer.
        func int(_ name: String) -> Int? { self[name].int.map { Int($0) } }
        /// The column as a number.
        func double(_ name: String) -> Double? { self[name].double }
        /// The column parsed as an RFC 3339 time.
        func stamp(_ name: String) -> Timestamp? { text(name).flatMap { Timestamp.parse($0) } }
    }

    let connection: Connection
    /// Counts the rows read through this store.
    let counter = RowCounter()

    /// Statements prepared so far, by SQL text, shared by copies of the store.
    private let prepared = StatementCache()

    /// A count shared by copies of the store.
    final class RowCounter {
        var rows = 0
    }

    /// Prepared statements by SQL text: a timeline runs the same few queries once per pod, and
    /// preparing those that read views (`pod_events`) cost more than running them.
    private final class StatementCache {
        var statements: [String: Statement] = [:]
    }

    /// The statement of `sql`, prepared once, reset and without bindings.
    private func statement(_ sql: String) throws -> Statement {
        if let statement = prepared.statements[sql] {
            statement.resetAndClear()
            return statement
        }
        let statement = try connection.prepare(sql)
        prepared.statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `:name` parameters bound from `parameters` (missing ones stay NULL).
    func rows(_ sql: String, _ parameters: [String: SQLValue] = [:]) throws -> [Row] {
        let statement = try statement(sql)
        for (name, value) in parameters { try statement.bind(value, named: name) }
        let names = statement.columnNames
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try statement.allRows().map { Row(values: $0, columns: columns) }
        counter.rows += rows.count
        return rows
    }

    /// Steps through the rows of `sql` without keeping them and returns the first for which
    /// `matches` is true (memory: one row, whatever the result's size).
    func first(_ sql: String, _ parameters: [String: SQLValue] = [:], where matches: (Row) -> Bool) throws -> Row? {
        let statement = try statement(sql)
        defer { statement.resetAndClear() }
        for (name, value) in parameters { try statement.bind(value, named: name) }
        let names = statement.columnNames
        let columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        while try statement.step() {
            counter.rows += 1
            let row = Row(values: statement.currentRow, columns: columns)
            if matches(row) { return row }
        }
        return nil
    }

    /// True when the database has an index of that name.
    func hasIndex(_ name: String) throws -> Bool {
        try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", [.text(name)]).int ?? 0 > 0
    }

    /// True when the database has a table or view of that name (temporary ones included).
    func hasRelation(_ name: String) throws -> Bool {
        let sql = """
            SELECT count(*) FROM (SELECT name, type FROM sqlite_master UNION ALL SELECT name, type FROM sqlite_temp_master)
            WHERE name = ? AND type IN ('view', 'table')
            """
        return try connection.scalar(sql, [.text(name)]).int ?? 0 > 0
    }
}

extension SQLValue {
    /// Text, or NULL for nil.
    static func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
}
