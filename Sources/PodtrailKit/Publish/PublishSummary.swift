import Foundation

/// What a publish did: days and rows per table, for the summary line.
public struct PublishSummary: Sendable {
    /// Where it went: `user@host:port/db`.
    public var target: String
    /// The clusters published, in order.
    public var clusters: [String] = []
    /// Days whose rows were replaced.
    public var daysChanged = 0
    /// Days found as PostgreSQL held them already (nothing written).
    public var daysUnchanged = 0
    /// Rows sent per table (unchanged days included), by table name.
    public var rows: [String: Int] = [:]
    /// Rows without any time, which no day can hold (not published).
    public var skippedRows = 0
    /// Wall time in seconds.
    public var seconds = 0.0

    init(target: String) { self.target = target }

    mutating func add(_ outcome: Publisher.DayOutcome, table names: [String]) {
        if outcome.unchanged { daysUnchanged += 1 } else { daysChanged += 1 }
        for (name, count) in zip(names, outcome.rows) { rows[name, default: 0] += count }
    }

    /// Rows sent in all.
    public var totalRows: Int { rows.values.reduce(0, +) }

    /// The one line `podtrail publish` prints on standard error.
    public var line: String {
        let perTable = FleetTable.all.map { "\($0.name) \(rows[$0.name] ?? 0)" }.joined(separator: ", ")
        let rate = seconds > 0 ? Int((Double(totalRows) / seconds).rounded()) : 0
        var text = "publish: \(clusters.joined(separator: ", ")) → \(target): \(daysChanged + daysUnchanged) days "
        text += "(\(daysChanged) replaced, \(daysUnchanged) unchanged), \(totalRows) rows (\(perTable)) "
        text += "in \(String(format: "%.2f", seconds)) s, \(rate) rows/s"
        if skippedRows > 0 { text += "; \(skippedRows) rows without any time not published" }
        return text
    }
}
