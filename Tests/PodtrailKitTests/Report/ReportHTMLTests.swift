import Foundation
import Testing

@testable import PodtrailKit

/// report.html: report.md rendered as one self-contained page. Checked as text (no fetch, every
/// value escaped, every section, table row and chart there) and in a real browser: Chromium,
/// headless, loads the page and runs its script; the test reads the DOM it dumps.
struct ReportHTMLTests {
    /// The SampleLogs report's Markdown and HTML (the nightly job's files).
    static func sampleReport() throws -> (markdown: String, html: String, folder: URL) {
        let (folder, _) = try SampleReportTests.runNightly()
        let latest = folder.appendingPathComponent("report/latest")
        return (
            try String(contentsOf: latest.appendingPathComponent("report.md"), encoding: .utf8),
            try String(contentsOf: latest.appendingPathComponent("report.html"), encoding: .utf8), latest
        )
    }

    /// The `## ` headings, table body rows and Mermaid blocks of podtrail's Markdown.
    static func outline(_ markdown: String) -> (sections: [String], rows: Int, charts: Int) {
        let lines = markdown.split(separator: "\n").map(String.init)
        let sections = lines.filter { $0.hasPrefix("## ") }.map { MarkdownHTML.plain(String($0.dropFirst(3))) }
        let tableLines = lines.filter { $0.hasPrefix("|") }.count
        let separators = lines.filter { $0.hasPrefix("| ---") || $0.hasPrefix("| --:") }.count
        return (sections, tableLines - 2 * separators, lines.filter { $0 == "```mermaid" }.count)
    }

    /// Occurrences of `needle` in `text`.
    static func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func holdsEverySectionRowAndChartOfReportMarkdown() throws {
        let (markdown, html, folder) = try Self.sampleReport()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let outline = Self.outline(markdown)
        #expect(outline.sections.contains("Unschedulable pods") && outline.charts >= 3)
        for section in outline.sections { #expect(html.contains("<h2>\(MarkdownHTML.escape(section))</h2>"), "\(section)") }
        #expect(Self.occurrences("<section id=", in: html) == outline.sections.count)
        #expect(Self.occurrences("<tr><td", in: html) == outline.rows)
        #expect(Self.occurrences("<svg ", in: html) == outline.charts)
        #expect(!html.contains("```"))
        // Self-contained: nothing is fetched (no src, no link, no URL but the SVG namespace).
        #expect(!html.contains(" src=") && !html.contains("<link") && !html.contains("@import"))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
    }

    @Test func keepsHostileValuesAsText() {
        // Cells as Markdown.cell writes them, and a code span with markup inside.
        let markdown = "# t\n\n## s\n\n" + Markdown.table(["a", "b"], [["<script>alert(1)</script>", "x | y & z"]])
            + "\nsee " + Markdown.codeSpan("<img src=x onerror=alert(1)>") + "\n"
        let html = MarkdownHTML.page(markdown)
        #expect(!html.contains("<script>alert") && !html.contains("<img"))
        #expect(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>x | y &amp; z</td>"))
        #expect(html.contains("<code>&lt;img src=x onerror=alert(1)&gt;</code>"))
    }

    @Test(arguments: [("4.2 s", 4.2), ("12.5 min", 750), ("3.5 h", 12_600), ("2.1 d", 181_440), ("581", 581), ("+4 (+80%)", 4), ("−10.0 s (−50%)", -10)])
    func sortsNumbersAndDurationsByValue(cell: String, value: Double) {
        #expect(MarkdownHTML.sortKey(cell) == value)
    }

    @Test func sortKeyLeavesTextAsText() {
        #expect(MarkdownHTML.sortKey("shop (324)") == nil)
        #expect(MarkdownHTML.sortKey("registry.example.com/shop/api:1.9.0") == nil)
        #expect(MarkdownHTML.sortKey("2026-11-27T00:30:24Z") == nil)
    }

    @Test func drawsThePieOfTheMarkdownAsSVG() throws {
        let block = Markdown.pie(title: "Evictions by cause", [("memory-pressure", 3), ("taint", 1)])
        let lines = block.split(separator: "\n").dropFirst().dropLast().map(String.init)
        let svg = try #require(SVGChart.svg(mermaid: lines, id: 0))
        // Two slices (3 of 4: a large arc), a legend line each with its share.
        #expect(Self.occurrences("class=\"slice\"", in: svg) == 2)
        #expect(svg.contains("memory-pressure — 3 (75%)") && svg.contains("taint — 1 (25%)"))
        #expect(svg.contains(" 0 1 1 "))  // the 75 % slice's large-arc flag
    }

    /// The Chromium binary (Debian's `chromium` package), nil when not installed.
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM Chromium holds after loading `url` and running its scripts.
    static func dumpDOM(_ url: String, chromium: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let profile = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)",
            "--virtual-time-budget=5000", "--dump-dom", url,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    // CI installs chromium (.ci/run), so this runs there; without it the test is skipped, saying why.
    @Test(.enabled(if: chromium != nil, "no chromium binary here (apt-get install chromium); CI installs it and runs this check"))
    func rendersInARealBrowserWithEverySectionTableChartAndTheSortScript() throws {
        let chromium = try #require(Self.chromium)
        let (markdown, _, folder) = try Self.sampleReport()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let page = folder.appendingPathComponent("report.html").resolvingSymlinksInPath()
        let outline = Self.outline(markdown)
        let dom = try Self.dumpDOM(page.absoluteString, chromium: chromium)
        // The script ran: it marks the page with the number of sortable tables.
        let tables = Self.occurrences("<table class=\"sortable\"", in: dom)
        #expect(tables > 10)
        #expect(dom.contains("data-sortable=\"\(tables)\""))
        for section in outline.sections { #expect(dom.contains("<h2>\(MarkdownHTML.escape(section))</h2>"), "\(section)") }
        #expect(Self.occurrences("<tr><td", in: dom) == outline.rows)
        #expect(Self.occurrences("<svg ", in: dom) == outline.charts)
        #expect(Self.occurrences("class=\"slice\"", in: dom) >= 2)
        // Sorting: the "Warning events" table (by occurrences, most first in report.md) sorted
        // by its first column, the reason, ascending: alphabetical order in the DOM.
        let index = try #require(Self.tableIndex(of: "<th title=\"Sort\">Reason</th>", in: dom))
        let sorted = try Self.dumpDOM(page.absoluteString + "?sort=\(index):0", chromium: chromium)
        let reasons = Self.firstColumn(ofTableAt: index, in: sorted)
        #expect(reasons.count >= 5)
        #expect(reasons == reasons.sorted { $0.localizedCompare($1) == .orderedAscending })
        #expect(reasons != Self.firstColumn(ofTableAt: index, in: dom))
        #expect(sorted.contains("data-sorted=\"0:asc\""))
    }

    /// The 0-based index of the first table whose header holds `header`.
    static func tableIndex(of header: String, in html: String) -> Int? {
        let tables = html.components(separatedBy: "<table class=\"sortable\"").dropFirst()
        return tables.firstIndex { $0.components(separatedBy: "</thead>").first?.contains(header) == true }.map { $0 - 1 }
    }

    /// The text of the first cell of each body row of table `index`.
    static func firstColumn(ofTableAt index: Int, in html: String) -> [String] {
        let tables = Array(html.components(separatedBy: "<table class=\"sortable\"").dropFirst())
        guard index < tables.count, let body = tables[index].components(separatedBy: "</table>").first else { return [] }
        // Each row's text after "<tr><td" runs ">CELL</td>…" (the first column has no attributes).
        return body.components(separatedBy: "<tr><td>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }
}
