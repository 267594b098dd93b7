/// One fleet table's rows of one cluster, read from SQLite a day at a time: in day order, or
/// as stored when the table is expected to hold a single day.
///
/// The publish reads each table once: the day's transaction takes the rows of that day from
/// every table's cursor in turn, and the next day continues where each cursor stopped. Unordered,
/// the cursor spares SQLite sorting every row by day (most publishes hold one day), and throws
/// `SecondDay` as soon as a row of another day shows: the publish then rolls back and reads in
/// day order.
final class DayCursor {
    /// Thrown by an unordered cursor that meets a second day.
    struct SecondDay: Error {}

    /// The table this cursor fills.
    let table: FleetTable
    /// False when the rows come as SQLite finds them, not sorted by day.
    let ordered: Bool
    private let statement: Statement
    /// The day of the row the statement stands on; nil when the rows are done.
    private(set) var currentDay: String?
    /// Rows skipped because they carry no time to place them in a day.
    private(set) var rowsWithoutDay = 0

    /// Starts reading `table`'s rows of `cluster` from `firstDay` on (every day when nil), in
    /// day order or, when not `ordered`, as SQLite finds them.
    init(table: FleetTable, database: Database, cluster: String, firstDay: String?, ordered: Bool) throws {
        self.table = table
        self.ordered = ordered
        statement = try database.connection.prepare(table.selectSQL(ordered: ordered))
        try statement.bind([.text(cluster), firstDay.map(SQLValue.text) ?? .null])
        try advance()
    }

    deinit { statement.resetAndClear() }

    /// Steps to the next row that has a day.
    private func advance() throws {
        while try statement.step() {
            if let day = statement.text(at: 0), Self.isDay(day) {
                currentDay = day
                return
            }
            rowsWithoutDay += 1
        }
        currentDay = nil
    }

    /// True for `YYYY-MM-DD` (digits and dashes where a date has them).
    static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// Writes the rows of `day` in binary COPY format (`cluster`, `day`, then the table's
    /// columns) and moves past them.
    ///
    /// - Throws: `FleetError.unreadableValue` for a time or number that its column's type
    ///   cannot hold (never in a podtrail database, whose times are ISO-8601 UTC text);
    ///   `SecondDay` when unordered and a row of another day follows.
    func write(day: String, cluster: String, to buffer: inout CopyBuffer) throws {
        guard let midnight = Timestamp.parse("\(day)T00:00:00Z") else { throw FleetError.unreadableValue(table: table.name, column: "day", value: day) }
        let days = midnight.micros / 86_400_000_000
        while currentDay == day {
            try buffer.beginRow(fields: table.columns.count + 2)
            buffer.append(cluster)
            buffer.appendDate(daysSinceUnixEpoch: days)
            for (offset, column) in table.columns.enumerated() {
                try write(column: offset + 1, as: column, to: &buffer)
            }
            try advance()
        }
        if !ordered, currentDay != nil { throw SecondDay() }
    }

    /// Writes one column of the current row in its PostgreSQL type's binary form.
    ///
    /// Text and times are read in SQLite's own buffer: no String is made for them.
    private func write(column index: Int, as column: (name: String, type: FleetTable.ColumnType), to buffer: inout CopyBuffer) throws {
        switch column.type {
        case .text:
            if statement.withUTF8(at: index, { buffer.append(utf8: $0) }) == nil { buffer.appendNull() }
        case .time:
            switch statement.withUTF8(at: index, { Timestamp.parse($0) }) {
            case .none: buffer.appendNull()
            case .some(.some(let time)): buffer.append(time)
            case .some(.none):
                throw FleetError.unreadableValue(table: table.name, column: column.name, value: statement.value(at: index).description)
            }
        case .integer, .real:
            switch (column.type, statement.value(at: index)) {
            case (_, .null): buffer.appendNull()
            case (.integer, .integer(let number)): buffer.append(number)
            case (.integer, .real(let number)) where number.rounded() == number && abs(number) < 0x1p63: buffer.append(Int64(number))
            case (.real, .integer(let number)): buffer.append(Double(number))
            case (.real, .real(let number)): buffer.append(number)
            case (_, let value):
                throw FleetError.unreadableValue(table: table.name, column: column.name, value: value.description)
            }
        }
    }
}

@available(*, unavailable)
extension DayCursor: Sendable {}
