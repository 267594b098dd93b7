/// podtrail's own Markdown as one self-contained HTML page: what `Markdown` and the reports
/// emit (headings, paragraphs, `- ` lists, pipe tables, code spans, backslash escapes, the
/// entities `&amp; &lt; &gt;`, fenced blocks, Mermaid `pie` and `xychart-beta` charts), nothing
/// more. report.html is rendered from report.md's text, so it holds every section report.md
/// holds, by construction.
///
/// The page fetches nothing: charts are inline SVG (`SVGChart`), the style and the table-sorting
/// script are inline. Every text goes through `escape` or `inline`, so no value can open an
/// element: the Markdown escapers already wrote `<` and `&` as entities, and code spans, whose
/// content Markdown shows as is, are escaped here.
public enum MarkdownHTML {
    /// The HTML page of `markdown`, titled by its first `# ` heading.
    public static func page(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines.first { $0.hasPrefix("# ") }.map { plain(String($0.dropFirst(2))) } ?? "podtrail report"
        var body = ""
        var paragraph: [String] = []
        var sectionOpen = false
        var charts = 0
        func flush() {
            if !paragraph.isEmpty { body += "<p>" + paragraph.map(inline).joined(separator: " ") + "</p>\n" }
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("```") {
                flush()
                let info = String(line.dropFirst(3)).trimmingSpaces()
                var block: [String] = []
                i += 1
                while i < lines.count, lines[i] != "```" {
                    block.append(lines[i])
                    i += 1
                }
                if info == "mermaid", let svg = SVGChart.svg(mermaid: block, id: charts) {
                    charts += 1
                    body += "<figure class=\"chart\">\(svg)</figure>\n"
                } else {
                    body += "<pre><code>" + escape(block.joined(separator: "\n")) + "</code></pre>\n"
                }
            } else if let level = headingLevel(line) {
                flush()
                let text = String(line.dropFirst(level + 1))
                if level == 2 {
                    if sectionOpen { body += "</section>\n" }
                    body += "<section id=\"\(slug(text))\">\n"
                    sectionOpen = true
                }
                body += "<h\(level)>\(inline(text))</h\(level)>\n"
            } else if line.hasPrefix("|") {
                flush()
                var table: [String] = []
                while i < lines.count, lines[i].hasPrefix("|") {
                    table.append(lines[i])
                    i += 1
                }
                body += self.table(table)
                continue
            } else if line.hasPrefix("- ") {
                flush()
                body += "<ul>\n"
                while i < lines.count, lines[i].hasPrefix("- ") {
                    body += "<li>" + inline(String(lines[i].dropFirst(2))) + "</li>\n"
                    i += 1
                }
                body += "</ul>\n"
                continue
            } else if line.trimmingSpaces().isEmpty {
                flush()
            } else {
                paragraph.append(line)
            }
            i += 1
        }
        flush()
        if sectionOpen { body += "</section>\n" }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            \(body)<script>\(script)</script>
            </body>
            </html>

            """
    }

    /// `text` with `&`, `<`, `>` and `"` as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One line of inline Markdown as HTML: code spans (content escaped), backslash escapes, the
    /// entities the Markdown escapers write kept, any other `&`, `<`, `>` escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\\":
                if let next = scalars.first, punctuation.contains(next) {
                    scalars.removeFirst()
                    out += escape(String(next))
                } else {
                    out += "\\"
                }
            case "`":
                if let close = scalars.firstIndex(of: "`") {
                    out += "<code>" + escape(String(String.UnicodeScalarView(scalars[..<close]))) + "</code>"
                    scalars = scalars[scalars.index(after: close)...]
                } else {
                    out += "`"
                }
            case "&":
                let rest = String(String.UnicodeScalarView(scalars.prefix(8)))
                out += ["amp;", "lt;", "gt;", "quot;"].contains(where: rest.hasPrefix) ? "&" : "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text of inline Markdown, without markup (for the page title).
    static func plain(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "<code>", with: "").replacingOccurrences(of: "</code>", with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// 1–6 for a `#` heading line, else nil.
    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        return (1...6).contains(hashes) && line.dropFirst(hashes).hasPrefix(" ") ? hashes : nil
    }

    /// A heading as an id: lower-case letters and digits, other runs as `-`.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in plain(text).lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        return out.trimmingCharacters(in: ["-"])
    }

    /// A pipe table (header, separator, rows) as a sortable table: each body cell that reads as a
    /// number or a duration carries it in `data-value` (seconds for durations), for the script.
    static func table(_ lines: [String]) -> String {
        guard lines.count >= 2 else { return "" }
        let alignments = cells(lines[1]).map { $0.hasSuffix(":") ? " class=\"num\"" : "" }
        func align(_ column: Int) -> String { column < alignments.count ? alignments[column] : "" }
        var html = "<table class=\"sortable\">\n<thead><tr>"
        html += cells(lines[0]).enumerated().map { "<th\(align($0.offset)) title=\"Sort\">\(inline($0.element))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for line in lines.dropFirst(2) {
            html += "<tr>" + cells(line).enumerated().map { column, cell in
                let value = sortKey(plain(cell)).map { " data-value=\"\(ReportNumber.plain($0))\"" } ?? ""
                return "<td\(align(column))\(value)>\(inline(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The ASCII punctuation a backslash escapes (CommonMark).
    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// The number a cell shows, for sorting: `581`, `-3`, `12.5`; a duration as seconds (`4.2 s`,
    /// `12.5 min`, `3.5 h`, `2.1 d`); a change by its signed amount (`+4 (+80%)`, `−10.0 s (−50%)`).
    /// Nil for text.
    static func sortKey(_ cell: String) -> Double? {
        var text = Substring(cell.trimmingSpaces())
        if text.hasSuffix(")"), let open = text.range(of: " (") { text = text[..<open.lowerBound] }
        var sign = 1.0
        if text.hasPrefix("−") || text.hasPrefix("-") {
            sign = -1
            text = text.dropFirst()
        } else if text.hasPrefix("+") {
            text = text.dropFirst()
        }
        let parts = text.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, first.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let number = Double(first) else {
            return nil
        }
        let units: [Substring: Double] = ["s": 1, "min": 60, "h": 3600, "d": 86_400]
        guard parts.count == 1 || units[parts[1]] != nil else { return nil }
        return sign * number * (parts.count == 2 ? units[parts[1]]! : 1)
    }

    /// The cells of a table line: split at each `|` not escaped by a backslash, trimmed.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var scalars = line.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\\", let next = scalars.popFirst() {
                cell.unicodeScalars.append(scalar)
                cell.unicodeScalars.append(next)
            } else if scalar == "|" {
                cells.append(cell.trimmingSpaces())
                cell = ""
            } else {
                cell.unicodeScalars.append(scalar)
            }
        }
        cells.append(cell.trimmingSpaces())
        // "| a | b |": the text before the first pipe and after the last is empty.
        return Array(cells.dropFirst().dropLast())
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.45}\
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}\
        th{background:#f6f8fa;cursor:pointer;user-select:none}th::after{content:" \\2195";color:#8c959f}td.num,th.num{text-align:right}\
        code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}section{border-top:1px solid #d0d7de;margin-top:1.5rem}\
        figure.chart{margin:.5rem 0 1rem}figure.chart svg{max-width:100%;height:auto}
        """

    /// Sorts a table by the column whose header is clicked (again: the other way), by
    /// `data-value` when both cells have one, else by text; `?sort=T:C` in the address sorts
    /// table T by column C on load (0-based; for tests). Sets `data-sortable` on `<html>` to the
    /// number of tables it made sortable.
    static let script = """
        (function(){var tables=document.querySelectorAll('table.sortable');\
        function sortBy(table,column){var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);\
        var down=table.getAttribute('data-sorted')===column+':asc';\
        function key(row){var c=row.cells[column];if(!c)return '';var v=c.getAttribute('data-value');return v===null?c.textContent:parseFloat(v);}\
        rows.sort(function(a,b){var x=key(a),y=key(b),r;if(typeof x==='number'&&typeof y==='number'){r=x-y;}\
        else if(typeof x==='number'){r=-1;}else if(typeof y==='number'){r=1;}else{r=x.localeCompare(y);}return down?-r:r;});\
        rows.forEach(function(row){body.appendChild(row);});table.setAttribute('data-sorted',column+(down?':desc':':asc'));}\
        Array.prototype.forEach.call(tables,function(table){Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,column){\
        th.addEventListener('click',function(){sortBy(table,column);});});});\
        var m=/[?&]sort=(\\d+):(\\d+)/.exec(location.search);if(m&&tables[+m[1]]){sortBy(tables[+m[1]],+m[2]);}\
        document.documentElement.setAttribute('data-sortable',String(tables.length));})();
        """
}
