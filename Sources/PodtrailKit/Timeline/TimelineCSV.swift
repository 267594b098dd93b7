/// Writes a timeline as RFC 4180 CSV: a header of `TimelineFormat.columns`, CRLF line ends,
/// text as `CSVWriter` writes it (quoted when needed, formulas neutralised with `'`). Nulls are
/// empty.
struct TimelineCSV {
    /// The whole CSV text: header and one record per row.
    func render(_ timeline: Timeline) -> String {
        var lines = [TimelineFormat.columns.joined(separator: ",")]
        for row in timeline.rows {
            lines.append(row.fields.map(Self.field).joined(separator: ","))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// One field: numbers unquoted, booleans 1/0, nulls empty, text through `CSVWriter.field`.
    static func field(_ value: TimelineField) -> String {
        switch value {
        case .null: ""
        case .number(let number): TimelineField.format(number)
        case .bool(let flag): flag ? "1" : "0"
        case .text(let text): CSVWriter.field(.text(text))
        }
    }
}
