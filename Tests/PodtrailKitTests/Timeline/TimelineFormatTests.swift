import Foundation
import Testing

@testable import PodtrailKit

/// The four renderings of a timeline: text, Markdown with a Mermaid gantt chart, CSV, JSON.
struct TimelineFormatTests {
    static func cart(_ scope: TimelineScope = .pod("shop/cart-0")) throws -> Timeline {
        try Timeline(database: try TimelineTests.cart(), options: TimelineOptions(scope: scope))
    }

    /// A hand-made timeline whose message holds every character that can break a format.
    static func nasty() throws -> Timeline {
        var timeline = try cart()
        let start = timeline.rows[0].time
        timeline.rows = [
            TimelineRow(time: start, source: .event, pod: "shop/cart-0", object: "pod", reason: "Odd",
                        message: "a|b, \"quoted\"\nline2\r\nline3 `code` <b>bold</b> & *stars* [link](x) back\\slash"),
            TimelineRow(time: start, source: .event, pod: "shop/cart-0", object: "pod", reason: "Plain", message: ""),
        ]
        timeline.rows[0].elapsed = 133.5
        timeline.rows[1].gap = 0.25
        return timeline
    }

    @Test(arguments: [(0.0, "+00:00:00"), (133.5, "+00:02:13.5"), (3725.04, "+01:02:05"), (-1.5, "-00:00:01.5"), (360_000, "+100:00:00")])
    func formatsElapsedTimes(seconds: Double, text: String) {
        #expect(TimelineDuration.elapsed(seconds) == text)
    }

    @Test(arguments: [(0.25, "250ms"), (13.5, "13.5s"), (133.0, "2m13s"), (3720, "1h02m"), (97_200, "1d03h"), (0, "0s")])
    func formatsShortDurations(seconds: Double, text: String) {
        #expect(TimelineDuration.short(seconds) == text)
    }

    // MARK: - CSV

    /// An RFC 4180 reader written for the tests (`QueryShellTests.parseCSV`).
    static func parseCSV(_ text: String) -> [[String]] { QueryShellTests.parseCSV(text) }

    @Test func writesRFC4180CSVWithStableColumns() throws {
        let csv = TimelineFormat.csv.render(try Self.nasty())
        #expect(csv.hasPrefix("time,elapsed,elapsed_s,gap_s,source,pod,pod_uid,object,container,reason,message,count,first_seen,last_seen,warning\r\n"))
        let records = Self.parseCSV(csv)
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.count == 15 })
        #expect(records[1][10] == "a|b, \"quoted\"\nline2\r\nline3 `code` <b>bold</b> & *stars* [link](x) back\\slash")
        // The elapsed text starts with `+`: neutralised as any text cell (`CSVWriter`); the seconds are a number.
        #expect(records[1][1] == "'+00:02:13.5" && records[1][2] == "133.5" && records[1][3] == "")
        #expect(records[2][3] == "0.25" && records[2][10] == "")
    }

    @Test func writesTheFixtureAsCSVRowsWithElapsedSeconds() throws {
        let records = Self.parseCSV(TimelineFormat.csv.render(try Self.cart()))
        #expect(records.count == 34)
        let kills = records.filter { $0[9] == "OOMKilled" }
        #expect(kills.map { [$0[0], $0[2], $0[4], $0[8]] } == [
            ["2026-11-27T02:01:40Z", "100", "termination", "app"], ["2026-11-27T02:02:30Z", "150", "termination", "app"],
            ["2026-11-27T02:03:20Z", "200", "termination", "app"],
        ])
    }

    // MARK: - JSON

    @Test func writesJSONWithTheSameRows() throws {
        let timeline = try Self.cart()
        let data = Data(TimelineFormat.json.render(timeline).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 33)
        #expect(rows.allSatisfy { Set($0.keys) == Set(TimelineFormat.columns) })
        let scheduled = rows[1]
        #expect(scheduled["time"] as? String == "2026-11-27T02:00:00.412345Z")
        #expect(scheduled["elapsed_s"] as? Double == 0.412345)
        #expect(rows[0]["gap_s"] is NSNull)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["oom_kills"] as? Int == 3 && summary["uid"] as? String == TimelineTests.newUID)
        #expect((object["other_pods"] as? [[String: Any]])?.first?["uid"] as? String == TimelineTests.oldUID)
        #expect((object["phases"] as? [[String: Any]])?.count == 8)
        let nasty = try JSONSerialization.jsonObject(with: Data(TimelineFormat.json.render(try Self.nasty()).utf8)) as? [String: Any]
        #expect(((nasty?["rows"] as? [[String: Any]])?.first?["message"] as? String)?.hasPrefix("a|b, \"quoted\"\nline2\r\n") == true)
    }

    // MARK: - Markdown

    /// Splits a Markdown table line into cells at unescaped pipes.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false } else if c == "\\" { current.append(c); escaped = true } else if c == "|" {
                cells.append(current)
                current = ""
            } else { current.append(c) }
        }
        return Array(cells.dropFirst())  // text before the leading pipe
    }

    @Test func escapesMarkdownCellsSoEveryRowHasTheSameColumns() throws {
        let md = TimelineFormat.md.render(try Self.nasty())
        let table = md.split(separator: "\n").map(String.init).filter { $0.hasPrefix("|") }
        #expect(table.count == 4)
        #expect(Set(table.map { Self.cells($0).count }) == [7])
        #expect(table[2].contains(
            "a\\|b, \"quoted\"<br>line2<br>line3 \\`code\\` &lt;b&gt;bold&lt;/b&gt; &amp; \\*stars\\* \\[link\\](x) back\\\\slash"))
        #expect(TimelineMarkdown.cell("a\r\nb\rc\nd") == "a<br>b<br>c<br>d")
        let multi = TimelineFormat.md.render(try Self.cart(.namespace("shop")))
        let rows = multi.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count == 2 + 44 && Set(rows.map { Self.cells(String($0)).count }) == [8])
        #expect(!multi.contains("```mermaid"))
    }

    @Test func drawsAValidMermaidGanttChart() throws {
        let md = TimelineFormat.md.render(try Self.cart())
        let block = try #require(md.components(separatedBy: "```mermaid\n").dropFirst().first?.components(separatedBy: "\n```").first)
        let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "gantt")
        #expect(lines.contains("dateFormat YYYY-MM-DD HH:mm:ss.SSS"))
        #expect(lines.filter { $0.hasPrefix("section ") } == [
            "section pending", "section pulling", "section running", "section crash-loop back-off", "section terminating",
        ])
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "UTC")
        parser.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        let tasks = lines.filter { $0.contains(" :") }
        #expect(tasks.count == 8)
        var ids: Set<String> = []
        var total = 0.0
        for task in tasks {
            let parts = task.split(separator: ":", maxSplits: 1)
            #expect(parts.count == 2 && !parts[0].trimmingCharacters(in: .whitespaces).isEmpty)
            let meta = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let tags = meta.dropLast(3)
            #expect(tags.allSatisfy { ["active", "done", "crit"].contains($0) })
            let id = meta[meta.count - 3]
            #expect(id.range(of: "^[a-z][a-z0-9]*$", options: .regularExpression) != nil && ids.insert(id).inserted)
            let start = try #require(parser.date(from: meta[meta.count - 2]))
            let end = try #require(parser.date(from: meta[meta.count - 1]))
            #expect(start < end)
            total += end.timeIntervalSince(start)
        }
        // pending 5 + pull 3 + running 145 + 39 + 259 + back-off 11 + 21 + terminating 2 seconds.
        #expect(total == 485)
        #expect(lines.contains("CrashLoopBackOff :crit, p6, 2026-11-27 02:02:30.000, 2026-11-27 02:02:41.000"))
    }

    // MARK: - Text

    @Test func alignsTextColumnsAndWrapsLongMessages() throws {
        let text = TimelineFormat.text.render(try Self.cart(), width: 140)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("TIME (UTC)") })
        let messageColumn = try #require(lines[header].range(of: "MESSAGE")).lowerBound.utf16Offset(in: lines[header])
        #expect(messageColumn == 84 + 12)  // widths 27 + 11 + 5 + 11 + 13 + 17, then 2 spaces after each
        let body = lines[(header + 1)...].filter { !$0.isEmpty }
        #expect(body.allSatisfy { $0.count <= 140 })
        #expect(body.contains { $0.hasPrefix(String(repeating: " ", count: messageColumn)) })  // a wrapped continuation
        #expect(lines.contains { $0.hasPrefix("2026-11-27T02:02:30Z         +00:02:30    44s    termination  container/app  OOMKilled") })
        #expect(!text.contains("\u{1B}["))
        #expect(lines[0] == "pod shop/cart-0  uid a41e7b90-new2  node node-a  StatefulSet/cart")
        #expect(lines.contains("other pods named shop/cart-0 (pick one with --uid):"))
    }

    @Test func coloursTextOnlyWhenAsked() throws {
        let timeline = try Self.cart()
        let plain = TimelineFormat.text.render(timeline)
        let coloured = TimelineFormat.text.render(timeline, color: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[31mOOMKilled"))
        #expect(coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression) == plain)
        let unwrapped = plain.split(separator: "\n").filter { $0.hasPrefix("2026-11-27T02:03:42Z") }
        #expect(unwrapped == ["2026-11-27T02:03:42Z         +00:03:42    1s     event        container/app  Unhealthy          Readiness probe failed: HTTP probe failed with statuscode: 503 | upstream | down |"])
    }
}
