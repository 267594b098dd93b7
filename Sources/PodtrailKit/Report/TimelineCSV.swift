import Foundation

/// Writes a timeline as RFC 4180 CSV: a header of `TimelineFormat.columns`, CRLF line ends,
/// fields quoted when they hold a comma, quote, CR or LF (quotes doubled). Nulls are empty.
struct TimelineCSV {
    /// The whole CSV text: header and one record per row.
    func render(_ timeline: Timeline) -> String {
        var lines = [TimelineFormat.columns.joined(separator: ",")]
        for row in timeline.rows {
            lines.append(row.fields.map(Self.field).joined(separator: ","))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// One field: numbers unquoted, booleans 1/0, nulls empty, text quoted when needed.
    static func field(_ value: TimelineField) -> String {
        switch value {
        case .null: ""
        case .number(let number): TimelineField.format(number)
        case .bool(let flag): flag ? "1" : "0"
        case .text(let text): quote(text)
        }
    }

    /// Quotes `text` when RFC 4180 requires it.
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
