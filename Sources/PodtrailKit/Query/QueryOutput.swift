import Foundation

/// The output formats of `podtrail query`.
public enum QueryFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal (numbers right-aligned, NULL empty).
    case table
    /// RFC 4180 CSV: a header line, CRLF line ends, fields quoted only when needed, text that a
    /// spreadsheet would run as a formula prefixed with `'` (`CSVWriter`).
    case csv
    /// A JSON array of objects keyed by column name, values typed (numbers, strings, null).
    case json
    /// A Markdown table, cells escaped by `Markdown.inline` and newlines as `<br>`.
    case md
}

/// Renders a query's rows in one `QueryFormat`, streaming where the format allows.
///
/// Call `begin(columns:)`, then `row(_:)` per row, then `finish()`; text goes to `write` as it
/// is ready, in chunks of about 64 KiB (`table` waits for every row to size its columns).
public final class QueryOutput {
    private let format: QueryFormat
    private let sink: (String) -> Void
    private var pending = ""
    private var columns: [String] = []
    private var buffered: [[SQLValue]] = []
    private var count = 0

    /// Creates an output in `format` that hands text to `write`.
    public init(format: QueryFormat, write: @escaping (String) -> Void) {
        self.format = format
        self.sink = write
    }

    /// Buffers `text`, handing it on once about 64 KiB have gathered.
    private func write(_ text: String) {
        pending += text
        if pending.utf8.count >= 1 << 16 { flush() }
    }

    /// Hands on whatever is buffered.
    private func flush() {
        if !pending.isEmpty { sink(pending) }
        pending = ""
    }

    /// Renders a whole result to a string.
    public static func render(_ result: QueryResult, format: QueryFormat) -> String {
        var text = ""
        QueryOutput(format: format) { text += $0 }.write(result)
        return text
    }

    /// Writes a whole result: `begin`, every row, `finish`.
    public func write(_ result: QueryResult) {
        begin(columns: result.columns)
        result.rows.forEach(row)
        finish()
    }

    /// Starts the output with the column names.
    public func begin(columns: [String]) {
        self.columns = columns
        switch format {
        case .csv: write(columns.map { Self.csvField(.text($0)) }.joined(separator: ",") + "\r\n")
        case .md:
            write("| " + columns.map(Self.markdownCell).joined(separator: " | ") + " |\n")
            write("|" + columns.map { _ in " --- |" }.joined() + "\n")
        case .json: write("[")
        case .table: break
        }
    }

    /// Adds one row.
    public func row(_ values: [SQLValue]) {
        defer { count += 1 }
        switch format {
        case .csv: write(values.map(Self.csvField).joined(separator: ",") + "\r\n")
        case .md: write("| " + values.map { Self.markdownCell($0.description) }.joined(separator: " | ") + " |\n")
        case .json: write((count == 0 ? "\n" : ",\n") + jsonObject(values))
        case .table: buffered.append(values)
        }
    }

    /// Ends the output (`table` writes everything here, with a row count line).
    public func finish() {
        switch format {
        case .json: write(count == 0 ? "]\n" : "\n]\n")
        case .table: write(Self.table(columns: columns, rows: buffered))
        case .csv, .md: break
        }
        flush()
    }

    /// One CSV field: text as `CSVWriter` writes it (formulas neutralised, quoted when
    /// needed), numbers as `SQLValue` prints them (every digit, unlike a report's 3 decimals).
    static func csvField(_ value: SQLValue) -> String {
        switch value {
        case .text: CSVWriter.field(value)
        default: value.string ?? ""
        }
    }

    /// One Markdown cell: `Markdown.inline` with line breaks as `<br>`.
    static func markdownCell(_ text: String) -> String {
        Markdown.inline(text, lineBreak: "<br>")
    }

    /// One row as a JSON object; repeated column names get `_2`, `_3` suffixes.
    private func jsonObject(_ values: [SQLValue]) -> String {
        var seen: [String: Int] = [:]
        let members = zip(columns, values).map { column, value in
            seen[column, default: 0] += 1
            let key = seen[column]! > 1 ? "\(column)_\(seen[column]!)" : column
            return Self.jsonString(key) + ": " + Self.json(value)
        }
        return "  {" + members.joined(separator: ", ") + "}"
    }

    /// A value as JSON: integers and finite reals as numbers, text as a string, blobs as hex.
    static func json(_ value: SQLValue) -> String {
        switch value {
        case .null: "null"
        case .integer(let number): String(number)
        case .real(let number): number.isFinite ? SQLValue.format(number) : "null"
        case .text(let text): jsonString(text)
        case .blob: jsonString(value.description)
        }
    }

    /// A JSON string literal with the escapes RFC 8259 requires (control characters as
    /// `\uXXXX`), plus U+2028 and U+2029, which JavaScript parsers reject raw.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Aligned columns: a header, a dashed rule, the rows (numbers right-aligned, control
    /// characters shown as `\n`, `\t`, `\u{1B}`: `TerminalText`), then `(N rows)`.
    static func table(columns: [String], rows: [[SQLValue]]) -> String {
        let columns = columns.map { TerminalText.escaped($0) }
        let cells = rows.map { $0.map { TerminalText.escaped($0.description) } }
        var widths = columns.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        // A column is right-aligned when it holds numbers and NULLs only, at least one number.
        let numeric = columns.indices.map { index in
            rows.contains { $0[index].double != nil } && rows.allSatisfy { $0[index].double != nil || $0[index] == .null }
        }
        func line(_ fields: [String]) -> String {
            var text = fields.enumerated().map { index, field in
                let pad = String(repeating: " ", count: widths[index] - field.count)
                return numeric[index] ? pad + field : field + pad
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var text = line(columns) + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { text += line(row) }
        return text + "(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n"
    }

}

@available(*, unavailable)
extension QueryOutput: Sendable {}
