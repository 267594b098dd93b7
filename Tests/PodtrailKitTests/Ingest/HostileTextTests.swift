import Foundation
import Testing

@testable import PodtrailKit

/// Issue 25: values from a hostile archive (event messages, reasons, names, namespaces, file
/// names) reach every human-facing output as visible text: no control character acts on a
/// terminal, no value leaves its Markdown cell or code span or opens an HTML element, and every
/// CSV neutralises formulas, fullwidth ones included.
struct HostileTextTests {
    /// Sets the terminal title, clears the screen, moves the cursor with a C1 CSI, reverses the
    /// text that follows and isolates it, with CR, LF, CRLF, DEL and a tab between.
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil\u{2066}x\u{2069}\u{200F}\u{061C}\r\nnext\rlone\nlf\u{7F}\tz"

    /// The scalars a terminal or a bidi renderer acts on: C0, DEL, C1 and the bidi controls.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The hidden scalars of `text` other than the LFs that end its lines.
    static func hidden(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { isHidden($0) && $0 != "\n" }
    }

    /// A namespace holding `hostile` with one pod whose events carry it as reason and message.
    static func database() throws -> Database {
        func event(_ uid: String, reason: String, message: String) throws -> String {
            let object: [String: Any] = [
                "kind": "Event", "apiVersion": "v1",
                "metadata": ["uid": uid, "name": "e" + uid, "namespace": "ns"],
                "involvedObject": ["kind": "Pod", "namespace": "ns", "name": "api-0" + hostile, "uid": "pod-1"],
                "reason": reason, "message": message, "type": "Warning", "count": 1,
                "firstTimestamp": "2026-11-27T02:00:0\(uid)Z", "lastTimestamp": "2026-11-27T02:00:0\(uid)Z",
                "source": ["component": "kubelet", "host": "node-b"],
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let text = try [event("1", reason: "Odd" + hostile, message: hostile), event("2", reason: "BackOff", message: "=1+1 " + hostile)]
            .joined(separator: "\n")
        let (db, summary) = try TestSupport.ingest(text, options: IngestOptions(cluster: "prod" + hostile))
        #expect(summary.rejects == 0)
        return db
    }

    // MARK: - Terminal

    @Test func timelineTextShowsControlCharactersAsEscapes() throws {
        let timeline = try Timeline(database: try Self.database(), options: TimelineOptions(scope: .namespace("ns")))
        let plain = TimelineFormat.text.render(timeline, width: 100)
        #expect(Self.hidden(plain) == [])
        #expect(plain.contains("\\u{1B}]0;owned\\u{7}\\u{1B}[2J\\u{9B}31m\\u{202E}evil"))
        let coloured = TimelineFormat.text.render(timeline, color: true)
        let withoutOurColours = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        #expect(Self.hidden(withoutOurColours) == [])
    }

    @Test func queryTableShowsControlCharactersAsEscapes() {
        let result = QueryResult(columns: ["m" + Self.hostile], rows: [[.text(Self.hostile)], [.blob(Array(Self.hostile.utf8))]])
        let table = QueryOutput.render(result, format: .table)
        #expect(Self.hidden(table) == [])
        #expect(table.split(separator: "\n").count == 5)
        #expect(table.contains("\\u{1B}[2J\\u{9B}31m\\u{202E}evil\\u{2066}x\\u{2069}\\u{200F}\\u{61C}\\r\\nnext\\rlone\\nlf\\u{7F}\\tz"))
    }

    @Test func statsShowControlCharactersAsEscapes() throws {
        let stats = try DatabaseStats(try Self.database().connection).render()
        #expect(Self.hidden(stats) == [])
        #expect(stats.contains("clusters: prod\\u{1B}]0;owned"))
    }

    @Test(arguments: [["query", "--db", "x.sqlite", "--file", "no\u{1B}[2Jfile\u{9B}\u{202E}"], ["ingest", "--db", "x.sqlite", "gone\u{1B}]0;t\u{07}"]])
    func errorMessagesShowControlCharactersAsEscapes(arguments: [String]) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try FaultSupport.run(arguments, in: folder)
        #expect(run.status != 0)
        #expect(run.stderr.contains("\\u{1B}"))
        #expect(Self.hidden(run.stderr) == [])
    }

    // MARK: - Markdown

    @Test func reportMarkdownKeepsEveryValueInItsCellOrCodeSpan() throws {
        let db = try ReportFixture.database()
        let script = "x' || char(13) || '<script>alert(1)</script>' || char(27) || '[2J' || char(10) || '```"
        try db.connection.execute("""
            UPDATE evictions SET namespace = '\(script)', cause = 'c\(script)';
            UPDATE crash_loops SET container = 'app\(script)' WHERE pod_uid = 'c1';
            UPDATE status_durations SET status = 'S\(script)' WHERE status = 'Running';
            UPDATE phase_durations SET namespace = 'ns\(script)' WHERE namespace = 'shop';
            """)
        for namespaces in [[], [Self.hostile]] {
            let scope = ReportScope(window: ReportFixture.window, namespaces: namespaces)
            let report = try ReportBuilder(database: db, scope: scope).build(formats: .markdown)[0].text
            #expect(Self.hidden(report) == [])
            // Outside code spans no `<` is left, on any line CommonMark sees (CR, LF, CRLF).
            let lines = report.split { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.map(String.init)
            let outsideCodeSpans = lines.map {
                $0.replacingOccurrences(of: "\\`", with: "").replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
            }
            #expect(!outsideCodeSpans.contains { $0.contains("<") })
            #expect(namespaces.isEmpty == report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // Fences open and close in pairs, each on a line of its own: no value closed one early.
            #expect(report.components(separatedBy: "```").count % 2 == 1)
            #expect(report.split(separator: "\n").allSatisfy { !$0.contains("```") || $0 == "```" || $0 == "```mermaid" })
        }
    }

    @Test func timelineMarkdownKeepsEveryValueInItsCell() throws {
        let timeline = try Timeline(database: try Self.database(), options: TimelineOptions(scope: .namespace("ns")))
        let md = TimelineFormat.md.render(timeline)
        #expect(Self.hidden(md) == [])
        let table = md.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(Set(table.map { TimelineFormatTests.cells(String($0)).count }) == [8])
    }

    @Test func ganttTextHasNoLoneLineBreaks() {
        let text = TimelineMarkdown.ganttText("a\rb\nc\r\nd:e;f#g,h" + Self.hostile)
        #expect(!text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == ":" || $0 == ";" || $0 == "#" || $0 == "," })
        #expect(Self.hidden(text) == [])
    }

    @Test func queryMarkdownOpensNoHTMLElement() {
        let result = QueryResult(columns: ["a<b>"], rows: [[.text("<script>alert(1)</script>\r<img src=x>" + Self.hostile)]])
        let md = QueryOutput.render(result, format: .md)
        #expect(!md.contains("<script") && !md.contains("<img") && !md.contains("<b>"))
        #expect(Self.hidden(md) == [])
    }

    // MARK: - CSV

    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠SUM(A1)"])
    func everyCSVNeutralisesFormulas(formula: String) throws {
        #expect(CSVWriter.field(.text(formula)).hasPrefix("'") || CSVWriter.field(.text(formula)).hasPrefix("\"'"))
        let timeline = try Timeline(database: try Self.database(), options: TimelineOptions(scope: .namespace("ns")))
        var nasty = timeline
        nasty.rows = [timeline.rows[0]]
        nasty.rows[0].message = formula
        let records = TimelineFormatTests.parseCSV(TimelineFormat.csv.render(nasty))
        #expect(records[1][10] == "'" + formula)
        let query = TimelineFormatTests.parseCSV(QueryOutput.render(QueryResult(columns: ["m"], rows: [[.text(formula)]]), format: .csv))
        #expect(query[1] == ["'" + formula])
    }
}
