import Foundation
import Testing

@testable import PodtrailKit

/// The sections over events and pods (Warning events, unschedulable pods, image pull failures,
/// pods never Ready, slow terminations) on `ReportFixture`, each figure worked out by hand from
/// the rows the fixture inserts (its comments), then on SampleLogs against the golden files.
struct ReportSectionTests {
    private func report(_ scope: ReportScope = ReportScope(window: ReportFixture.window)) throws -> [String: String] {
        let files = try ReportBuilder(database: try ReportFixture.database(), scope: scope, top: 10).build()
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) })
    }

    @Test func comparesWarningReasonsWithThePreviousDay() throws {
        let text = try #require(try report()["report.md"])
        // The 27th: BackOff 6 (w1) + 3 (c2), Failed 2 + 5 (c1's pull), FailedScheduling 4 (e1):
        // 20 in 5 Event objects; the 26th: BackOff 5 (c0). Change: 20 vs 5 = +15 (+300%).
        #expect(text.contains("20 Warning occurrences (5 Event objects) of 3 reasons in this window; the most: `BackOff` (9 on 2 objects); previous window: 5 (+15 (+300%))."))
        #expect(text.contains("| BackOff | 9 | 5 | +4 (+80%) | 2 | 2 | shop (9) |"))
        #expect(text.contains("| Failed | 7 | 0 | +7 | 2 | 1 | shop (7) |"))
        #expect(text.contains("| FailedScheduling | 4 | 0 | +4 | 1 | 1 | batch (4) |"))
        let csv = try #require(try report()["warning_reasons.csv"])
        #expect(csv == "cluster,namespace,reason,occurrences,events,objects\r\nprod,batch,FailedScheduling,4,1,1\r\nprod,shop,BackOff,9,2,2\r\nprod,shop,Failed,7,2,1\r\n")
    }

    @Test func warningReasonsWithoutAComparisonSaySo() throws {
        // An open window has no previous one: no Previous/Change columns.
        let text = try #require(try report(ReportScope())["report.md"])
        #expect(text.contains("| Reason | Occurrences | Events | Objects | Most in namespace |"))
        #expect(text.contains("| BackOff | 14 | 3 | 3 | shop (14) |"))  // 6 + 3 + 5 (c0 on the 26th)
        #expect(text.contains("No comparison with a previous window (see the summary)."))
    }

    @Test func countsTheUnschedulablePodUnderEachCauseOfItsMessage() throws {
        let files = try report()
        let text = try #require(files["report.md"])
        // e1's one message names 1 Insufficient cpu and 2 untolerated taints: one pod under two
        // causes, its 4 failures counted once.
        #expect(text.contains("1 pod could not be scheduled in this window (4 scheduling failures); no single most common cause: `insufficient-cpu`, `taint` (1 pod each)."))
        #expect(text.contains("| batch/etl-1 | insufficient-cpu, taint | 4 | 2026-11-27T04:00:00Z | 2026-11-27T04:20:00Z | podtrail timeline batch/etl-1 --uid e1 |"))
        let csv = try #require(files["scheduling_failures.csv"])
        #expect(csv.contains("prod,e1,etl-1,batch,insufficient-cpu,1,3,4,"))
        #expect(csv.contains("prod,e1,etl-1,batch,taint,2,3,4,"))
    }

    @Test func countsAFailedPullOnceThoughTheKubeletReportsItTwice() throws {
        let files = try report()
        let text = try #require(files["report.md"])
        // c1: "Failed to pull image" ×2; back-offs: "Back-off pulling image" ×7 and its echo
        // "Error: ImagePullBackOff" ×5 → the larger, 7 (not 12). The echo names no image and c1's
        // spec was not archived: it takes the image its other events name (one row, not two).
        #expect(text.contains("1 container in 1 pod could not pull 1 image from 1 registry in this window (2 failed pulls, 7 back-offs)"))
        #expect(text.contains("1 unknown (pods known only from events)"))
        #expect(text.contains("| registry.example.com/shop/cart:bad | registry.example.com | 1 | 2 | 7 | rpc error: code = NotFound desc = not found |"))
        #expect(text.contains("| shop/cart-7d9f-bbbbb | 2 | podtrail timeline shop/cart-7d9f-bbbbb --uid c1 |"))
    }

    @Test func pullTimePercentilesPerImageAreNearestRank() throws {
        let files = try report()
        // cart:1.0 pulled twice, 3 s and 12 s including waiting: p50 = 1st of 2 (3), p90 = p99 =
        // 2nd (12); nginx only already present: no figure, never 0.
        #expect(files["report.md"]?.contains("| registry.example.com/shop/cart:1.0 | 2 | 0 | 3.0 s | 12.0 s | 12.0 s | 12.0 s |") == true)
        #expect(files["report.md"]?.contains("| nginx:1.27 | 0 | 2 | – | – | – | – |") == true)
        #expect(files["image_pull_times.csv"] == "image,pulls,already_present,timed,p50_s,p90_s,p99_s,max_s\r\nnginx:1.27,0,2,0,,,,\r\nregistry.example.com/shop/cart:1.0,2,0,2,3,12,12,12\r\n")
    }

    @Test func neverReadyLeavesOutPodsKnownOnlyFromEvents() throws {
        let files = try report()
        // w1 was observed (2 snapshots) and never Ready; c1, c2 and e1 have no snapshot: unknown.
        #expect(files["report.md"]?.contains("1 pod created in this window never showed Ready") == true)
        #expect(files["report.md"]?.contains("| shop/web\\|0 | web | CrashLoopBackOff | 60.0 min | 4 | BackOff | podtrail timeline shop/web\\|0 --uid w1 |") == true)
        #expect(files["never_ready.csv"]?.split(separator: "\r\n").count == 2)
    }

    @Test func terminationsCountTheUnknownApartNeverAsZero() throws {
        let files = try report()
        let text = try #require(files["report.md"])
        // c1 30 s and w1 120 s (grace 30: 90 s over); e1 never seen gone. Nearest rank over
        // [30, 120]: p50 = 30, p90 = 120.
        #expect(text.contains("3 pods asked to terminate in this window (deletion requested): 2 seen gone, p50 30.0 s, p90 2.0 min, max 2.0 min; 1 took longer than their grace period; 1 never seen gone"))
        #expect(text.contains("| shop/web\\|0 | 2.0 min | 30.0 s | 1.5 min | n2 | CrashLoopBackOff | podtrail timeline shop/web\\|0 --uid w1 |"))
        let section = try #require(text.components(separatedBy: "## Slow terminations\n").last?.components(separatedBy: "\n## ").first)
        #expect(!section.contains("etl-1"))  // unknown: not in the table, never as 0 s
        let csv = try #require(files["terminations.csv"])
        #expect(csv.contains("prod,e1,etl-1,batch,etl,n1,2026-11-27T05:00:00Z,,30,,,,\r\n"))
    }

    /// Each new section of the SampleLogs report, alone, against its golden file in Snapshots/.
    @Test(arguments: ["Warning events", "Unschedulable pods", "Image pull failures", "Pods never Ready", "Slow terminations"])
    func sampleLogsSectionMatchesGoldenFile(heading: String) throws {
        let (folder, _) = try SampleReportTests.runNightly()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: folder.appendingPathComponent("report/latest/report.md"), encoding: .utf8)
        let start = try #require(text.range(of: "\n## \(heading)\n"))
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        let section = "## \(heading)\n" + rest[..<end] + "\n"
        try ReportSnapshot.assert(section, named: "sampleLogs-\(heading.lowercased().replacingOccurrences(of: " ", with: "-")).md")
    }
}
