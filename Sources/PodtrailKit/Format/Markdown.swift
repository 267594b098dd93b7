/// Markdown building blocks for reports: escaped table cells, tables and Mermaid charts that
/// GitHub and GitLab render.
public enum Markdown {
    /// Column alignment in a table.
    public enum Alignment: Sendable {
        case left, right
    }

    /// `text` made safe for one table cell: pipes and backticks escaped, `&`, `<` and `>` as
    /// HTML entities (so no tag or comment can open), CR/LF/tab as spaces, trimmed, and cut to
    /// `limit` characters with `…`. An empty result is shown as `–` so no cell is blank.
    public static func cell(_ text: String, limit: Int = 120) -> String {
        var flat = ""
        for character in text {
            switch character {
            case "\r\n", "\n", "\r", "\t": flat.append(" ")
            default: flat.append(character)
            }
        }
        flat = flat.trimmingSpaces()
        if flat.count > limit { flat = String(flat.prefix(limit - 1)).trimmingSpaces() + "…" }
        var escaped = ""
        for character in flat {
            switch character {
            case "\\": escaped += "\\\\"
            case "|": escaped += "\\|"
            case "`": escaped += "\\`"
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "*", "_", "[", "]": escaped += "\\" + String(character)
            default: escaped.append(character)
            }
        }
        return escaped.isEmpty ? "–" : escaped
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

    /// `text` safe inside a Mermaid quoted label: no quotes, newlines, or fence backticks.
    public static func label(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "'"
            case "\n", "\r", "\r\n", "\t": result += " "
            case "`": result += "'"
            case "#", ";": result += " "
            default: result.append(character)
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
