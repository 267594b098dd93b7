/// A Swift value stored in one SQLite column: how it is bound and read back.
protocol StoredValue: SendableMetatype {
    func bind(to statement: Statement, at index: Int) throws
    /// The column's value; nil when it is NULL (or, for a time, not a time).
    static func read(_ statement: Statement, column: Int) -> Self?
}

extension String: StoredValue {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
    static func read(_ statement: Statement, column: Int) -> String? { statement.text(at: column) }
}

extension Int: StoredValue {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
    static func read(_ statement: Statement, column: Int) -> Int? { statement.int(at: column).map { Int($0) } }
}

extension Bool: StoredValue {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
    static func read(_ statement: Statement, column: Int) -> Bool? { statement.int(at: column).map { $0 != 0 } }
}

extension Timestamp: StoredValue {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
    static func read(_ statement: Statement, column: Int) -> Timestamp? {
        statement.withUTF8(at: column) { Timestamp.parse($0) } ?? nil
    }
}

extension Optional: StoredValue where Wrapped: StoredValue {
    func bind(to statement: Statement, at index: Int) throws {
        if let self { try self.bind(to: statement, at: index) } else { try statement.bind(.null, at: index) }
    }

    /// Always a value: NULL reads as `.some(nil)`, a stored nil.
    static func read(_ statement: Statement, column: Int) -> Wrapped?? { .some(Wrapped.read(statement, column: column)) }
}

/// One column of a table row held in Swift (`PodRow`, `ContainerRow`): its name and the
/// property it holds, so that the statements that write and read the row are made from one list.
struct StoredColumn<Row>: Sendable {
    let name: String
    let bind: @Sendable (Row, Statement, Int) throws -> Void
    let read: @Sendable (inout Row, Statement, Int) -> Void

    init<Value: StoredValue>(_ name: String, _ property: WritableKeyPath<Row, Value> & Sendable) {
        self.name = name
        bind = { row, statement, index in try row[keyPath: property].bind(to: statement, at: index) }
        read = { row, statement, column in
            if let value = Value.read(statement, column: column) { row[keyPath: property] = value }
        }
    }
}

extension Array {
    /// Binds `row`'s columns to parameters `first`, `first + 1`, …
    func bind<Row>(_ row: Row, to statement: Statement, from first: Int) throws where Element == StoredColumn<Row> {
        for (offset, column) in enumerated() { try column.bind(row, statement, first + offset) }
    }

    /// Reads `row`'s columns from result columns 0, 1, … of the current row.
    func read<Row>(into row: inout Row, from statement: Statement) where Element == StoredColumn<Row> {
        for (offset, column) in enumerated() { column.read(&row, statement, offset) }
    }
}
