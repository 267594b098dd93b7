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

    @Test func theFirstCommandIsTheNightlyJobOnSampleLogs() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").prefix(6).map(String.init)
        #expect(lines.contains { $0.hasPrefix("swift run -c release podtrail nightly --input SampleLogs --db sample.sqlite --out report ") })
        #expect(lines.contains { $0.hasPrefix("swift test ") })
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.split(separator: "\n").contains("swift test"))
    }
}
