/// Writes a timeline as RFC 4180 CSV: a header of `TimelineFormat.columns`, CRLF line ends,
/// text as `CSVWriter` writes it (quoted when needed, formulas neutralised with `'`). Nulls are
/// empty. Each row is written as it comes (`TimelineWriter`).
struct TimelineCSV {
    /// The column titles' line.
    func header() -> String { TimelineFormat.columns.joined(separator: ",") + "\r\n" }

    /// One record.
    func row(_ row: TimelineRow) -> String { row.fields.map(Self.field).joined(separator: ",") + "\r\n" }

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
