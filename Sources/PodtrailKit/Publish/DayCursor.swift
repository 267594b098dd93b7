/// One fleet table's rows of one cluster, read from SQLite in day order, a day at a time.
///
/// The publish reads each table once: the day's transaction takes the rows of that day from
/// every table's cursor in turn, and the next day continues where each cursor stopped.
final class DayCursor {
    /// The table this cursor fills.
    let table: FleetTable
    private let statement: Statement
    /// The day of the row the statement stands on; nil when the rows are done.
    private(set) var currentDay: String?
    /// Rows skipped because they carry no time to place them in a day.
    private(set) var rowsWithoutDay = 0

    /// Starts reading `table`'s rows of `cluster` from `firstDay` on (every day when nil).
    init(table: FleetTable, database: Database, cluster: String, firstDay: String?) throws {
        self.table = table
        statement = try database.connection.prepare(table.selectSQL)
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

    /// Writes the rows of `day` as COPY text (`cluster`, `day`, then the table's columns) and
    /// moves past them.
    func write(day: String, cluster: String, to buffer: inout CopyBuffer) throws {
        while currentDay == day {
            buffer.append(cluster)
            buffer.appendPlain(day)
            for (offset, column) in table.columns.enumerated() {
                let index = offset + 1
                switch (column.type, statement.value(at: index)) {
                case (_, .null): buffer.appendNull()
                case (.integer, let value): buffer.appendPlain(value.int.map { String($0) } ?? value.description)
                case (.real, .integer(let number)): buffer.appendPlain(String(number))
                case (.real, .real(let number)): buffer.appendPlain(number.isFinite ? "\(number)" : "NaN")
                default:
                    _ = statement.withUTF8(at: index) { buffer.append(utf8: $0) }
                }
            }
            try buffer.endRow()
            try advance()
        }
    }
}

@available(*, unavailable)
extension DayCursor: Sendable {}
