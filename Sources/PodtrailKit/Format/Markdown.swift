/// Markdown building blocks for reports and timelines: escaped inline text, table cells, code
/// spans, tables and Mermaid charts that GitHub and GitLab render. The escapers of Markdown
/// output, all built on `inline(_:lineBreak:)`.
///
/// No value can leave its place: inline text escapes every character CommonMark or GFM give a
/// meaning inside a paragraph or a table cell (backslash, backtick, `*`, `_`, `[`, `]`, `|`,
/// `~` backslashed; `&`, `<`, `>` as entities, so no HTML element, comment or entity can open), and no value holds
/// a line ending (CR, LF or CRLF, each a line ending to CommonMark), so none can end a cell,
/// a paragraph or a fence. Other control characters are shown as `TerminalText` escapes
/// (`\u{1B}`), so a report printed on a terminal does not act on it either.
public enum Markdown {
    /// Column alignment in a table.
    public enum Alignment: Sendable {
        case left, right
    }

    /// `text` as inline Markdown that renders as exactly that text: each line ending (CR, LF,
    /// CRLF) as `lineBreak` (`<br>` in a cell that keeps lines, a space where it must not),
    /// tabs as spaces, other control characters as visible escapes, Markdown punctuation
    /// backslashed and `&`, `<`, `>` as entities.
    ///
    /// Works on Unicode scalars: `"\r\n"` is one `Character`, and a test on Characters misses a
    /// lone CR or LF.
    public static func inline(_ text: String, lineBreak: String = " ") -> String {
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\r":
                if scalars.first == "\n" { scalars.removeFirst() }
                out += lineBreak
            case "\n": out += lineBreak
            case "\t": out += " "
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                // The escape starts with a backslash, itself escaped: it renders as `\u{1B}`.
                if TerminalText.isControl(scalar) {
                    out += "\\" + TerminalText.escape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` made safe for one table cell or a name in a sentence: `inline` on one line,
    /// trimmed, and cut to `limit` characters with `…` (before escaping, so no escape is cut).
    /// An empty result is shown as `–` so no cell is blank.
    public static func cell(_ text: String, limit: Int = 120) -> String {
        var flat = TerminalText.oneLine(text).trimmingSpaces()
        if flat.count > limit { flat = String(flat.prefix(limit - 1)).trimmingSpaces() + "…" }
        let escaped = inline(flat)
        return escaped.isEmpty ? "–" : escaped
    }

    /// `text` as a code span for a sentence: on one line (line endings and tabs as spaces,
    /// other control characters escaped), backticks as `'` so none can close the span early,
    /// `–` when empty (an empty pair of backticks is no code span). Inside a code span nothing
    /// else has a meaning: `<script>` shows as text.
    public static func codeSpan(_ text: String) -> String {
        var content = ""
        for scalar in TerminalText.oneLine(text).unicodeScalars {
            if scalar == "`" { content += "'" } else { content.unicodeScalars.append(scalar) }
        }
        return "`" + (content.trimmingSpaces().isEmpty ? "–" : content) + "`"
    }

    /// A table: header, separator and one line per row, every line with the header's column
    /// count (short rows are padded with `–`, long rows are cut). Cells are escaped here.
    public static func table(_ header: [String], _ rows: [[String]], alignments: [Alignment] = []) -> String {
        let width = header.count
        func line(_ cells: [String]) -> String {
            let fitted = Array(cells.prefix(width)) + Array(repeating: "", count: max(0, width - cells.count))
            return "| " + fitted.map { cell($0) }.joined(separator: " | ") + " |\n"
        }
        let separator = (0..<width).map { index in
            index < alignments.count && alignments[index] == .right ? "--:" : "---"
        }
        var text = line(header)
        text += "| " + separator.joined(separator: " | ") + " |\n"
        for row in rows { text += line(row) }
        return text
    }

    /// A Mermaid pie chart; slices in the given order, labels quoted.
    public static func pie(title: String, _ slices: [(label: String, value: Int)]) -> String {
        var text = "```mermaid\npie showData\n    title \(label(title))\n"
        for slice in slices { text += "    \"\(label(slice.label))\" : \(slice.value)\n" }
        return text + "```\n"
    }

    /// A Mermaid `xychart-beta` bar chart with one bar per x label.
    public static func barChart(title: String, xLabels: [String], yLabel: String, values: [Int]) -> String {
        let top = max(1, values.max() ?? 1)
        var text = "```mermaid\nxychart-beta\n    title \"\(label(title))\"\n"
        text += "    x-axis [" + xLabels.map { "\"\(label($0))\"" }.joined(separator: ", ") + "]\n"
        text += "    y-axis \"\(label(yLabel))\" 0 --> \(top)\n"
        text += "    bar [" + values.map(String.init).joined(separator: ", ") + "]\n"
        return text + "```\n"
    }

    /// `text` safe inside a Mermaid quoted label, title or task name: no quotes, line endings,
    /// fence backticks or entity codes (`#`, `;`), `<` and `>` as `‹` and `›` (Mermaid may
    /// render labels as HTML), control characters escaped; `spacing` names more characters
    /// shown as spaces (a gantt task name cannot hold `:` or `,`).
    public static func label(_ text: String, spacing: Set<Unicode.Scalar> = []) -> String {
        var result = ""
        for scalar in TerminalText.oneLine(text).unicodeScalars {
            switch scalar {
            case "\"", "`": result += "'"
            case "#", ";": result += " "
            case "<": result += "‹"
            case ">": result += "›"
            default:
                if spacing.contains(scalar) { result += " " } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result.trimmingSpaces()
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
