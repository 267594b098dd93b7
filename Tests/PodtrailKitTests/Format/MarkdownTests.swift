import Testing

@testable import PodtrailKit

struct MarkdownTests {
    @Test(arguments: [
        ("a | b", "a \\| b"),
        ("line1\nline2\r\nline3", "line1 line2 line3"),
        ("`rm -rf /`", "\\`rm -rf /\\`"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("back\\slash", "back\\\\slash"),
        ("  padded  ", "padded"),
        ("", "–"),
        ("*bold* _it_ [link]", "\\*bold\\* \\_it\\_ \\[link\\]"),
        ("lone\rCR<script>", "lone CR&lt;script&gt;"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
        ("\u{1B}[2J\u{202E}x", "\\\\u{1B}\\[2J\\\\u{202E}x"),
    ])
    func escapesTableCells(input: String, expected: String) {
        #expect(Markdown.cell(input) == expected)
    }

    @Test func inlineTextTurnsEachLineEndingIntoTheGivenBreak() {
        #expect(Markdown.inline("a\r\nb\rc\nd\te", lineBreak: "<br>") == "a<br>b<br>c<br>d e")
        #expect(Markdown.inline("\r<img src=x onerror=alert(1)>") == " &lt;img src=x onerror=alert(1)&gt;")
        #expect(Markdown.inline("\u{0}\u{85}") == "\\\\u{0}\\\\u{85}")
    }

    @Test(arguments: [
        ("shop/web", "`shop/web`"),
        ("x\r<script>alert(1)</script>", "`x <script>alert(1)</script>`"),
        ("a`b``c", "`a'b''c`"),
        ("two\nlines\r\nthree", "`two lines three`"),
        ("\u{1B}[2J", "`\\u{1B}[2J`"),
        ("", "`–`"),
        ("  ", "`–`"),
    ])
    func codeSpansStayOnOneLineAndClosedOnlyByThemselves(input: String, expected: String) {
        #expect(Markdown.codeSpan(input) == expected)
    }

    @Test func mermaidLabelsHoldNoLineEndingQuoteOrTag() {
        #expect(Markdown.label("a\rb\nc\r\nd\"e`f#g;h<i>") == "a b c d'e'f g h‹i›")
        #expect(Markdown.label("x:y,z", spacing: [":", ","]) == "x y z")
        #expect(Markdown.label("\u{1B}]0;t\u{7}") == "\\u{1B}]0 t\\u{7}")
    }

    @Test func cutsLongCellsWithAnEllipsis() {
        #expect(Markdown.cell(String(repeating: "x", count: 200), limit: 10) == "xxxxxxxxx…")
    }

    @Test func keepsTheHeadersColumnCountWhateverTheCellsHold() {
        let text = Markdown.table(
            ["A", "B", "C"],
            [["x|y", "multi\nline|", "`|`"], ["only one"], ["1", "2", "3", "extra"]],
            alignments: [.left, .right, .right])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.map(MarkdownTable.cellCount) == [3, 3, 3, 3, 3])
        #expect(lines[1] == "| --- | --: | --: |")
        #expect(lines[3] == "| only one | – | – |")
    }

    @Test func drawsAPieChartWithQuotedLabels() {
        let text = Markdown.pie(title: "Evictions by cause", [("memory-pressure", 2), ("say \"x\"", 1)])
        #expect(text == "```mermaid\npie showData\n    title Evictions by cause\n    \"memory-pressure\" : 2\n    \"say 'x'\" : 1\n```\n")
    }

    @Test func drawsABarChartWithOneBarPerLabel() {
        let text = Markdown.barChart(title: "OOM", xLabels: ["01h", "02h"], yLabel: "kills", values: [0, 3])
        #expect(text == "```mermaid\nxychart-beta\n    title \"OOM\"\n    x-axis [\"01h\", \"02h\"]\n    y-axis \"kills\" 0 --> 3\n    bar [0, 3]\n```\n")
    }
}

/// Reads Markdown table lines the way GFM splits them: on pipes not escaped by a backslash.
enum MarkdownTable {
    /// The number of cells in a `| a | b |` line.
    static func cellCount(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line.dropFirst() {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "|" { count += 1 }
        }
        return count
    }

    /// Every table in `markdown` (runs of lines starting with `|`), as their lines.
    static func tables(_ markdown: String) -> [[String]] {
        var tables: [[String]] = []
        var current: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                current.append(line)
            } else if !current.isEmpty {
                tables.append(current)
                current = []
            }
        }
        if !current.isEmpty { tables.append(current) }
        return tables
    }
}
