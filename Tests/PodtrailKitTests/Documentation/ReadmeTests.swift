import Foundation
import Testing

@testable import PodtrailKit

/// README.md shows real output; these tests keep it true.
struct ReadmeTests {
    static let root = SampleReportTests.root

    /// The text block after `<!-- timeline: podtrail timeline --db sample.sqlite NS/POD -->`.
    static func timelineBlock(_ readme: String) throws -> (pod: String, text: String) {
        let marker = "<!-- timeline: podtrail timeline --db sample.sqlite "
        let start = try #require(readme.range(of: marker))
        let afterMarker = readme[start.upperBound...]
        let pod = String(afterMarker.prefix { $0 != " " })
        let open = try #require(afterMarker.range(of: "```text\n"))
        let close = try #require(afterMarker[open.upperBound...].range(of: "\n```"))
        return (pod, String(afterMarker[open.upperBound..<close.lowerBound]))
    }

    @Test func theTimelineShownIsWhatTheSampleLogsGive() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let (pod, shown) = try Self.timelineBlock(readme)
        let parts = pod.split(separator: "/").map(String.init)
        try #require(parts.count == 2)
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [Self.root.appendingPathComponent("SampleLogs").path])
        let timeline = try Timeline(database: db, options: TimelineOptions(scope: .pod(namespace: parts[0], name: parts[1], uid: nil)))
        let rendered = TimelineFormat.text.render(timeline, width: nil, color: false)
        #expect(rendered.trimmingCharacters(in: .newlines) == shown)
        // What the README says the pod is: crash-looping and OOM-killed.
        #expect(shown.contains("CrashLoopBackOff") && shown.contains("OOMKilled"))
    }

    /// Each `<!-- report excerpt: HEADING -->` block of the README (quoted lines) is taken from
    /// that section of Docs/sample-report/report.md: its lines appear there, in order (rows may
    /// be left out), and every section the report added for issue 30 has one.
    @Test func theReportExcerptsAreFromTheSampleReport() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let report = try String(contentsOf: Self.root.appendingPathComponent("Docs/sample-report/report.md"), encoding: .utf8)
        var headings: [String] = []
        for block in readme.components(separatedBy: "<!-- report excerpt: ").dropFirst() {
            let heading = try #require(block.range(of: " -->").map { String(block[..<$0.lowerBound]) })
            headings.append(heading)
            let quoted = block.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { $0.hasPrefix(">") }
            let lines = quoted.map { $0.dropFirst(min(2, $0.count)) }.filter { !$0.isEmpty }.map(String.init)
            #expect(lines.count >= 3, "\(heading)")
            let start = try #require(report.range(of: "\n## \(heading)\n"), "\(heading)")
            let rest = report[start.upperBound...]
            var remaining = Array((rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest).split(separator: "\n").map(String.init))[...]
            for line in lines {
                guard let found = remaining.firstIndex(of: line) else {
                    Issue.record("README excerpt of \(heading): not in the sample report (in this order): \(line)")
                    break
                }
                remaining = remaining[(found + 1)...]
            }
        }
        #expect(headings == ["Warning events", "Unschedulable pods", "Image pull failures", "Pods never Ready", "Slow terminations"])
    }

    @Test func theFirstCommandIsTheNightlyJobOnSampleLogs() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").prefix(6).map(String.init)
        #expect(lines.contains { $0.hasPrefix("swift run -c release podtrail nightly --input SampleLogs --db sample.sqlite --out report ") })
        #expect(lines.contains { $0.hasPrefix("swift test ") })
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.split(separator: "\n").contains("swift test"))
    }
}
