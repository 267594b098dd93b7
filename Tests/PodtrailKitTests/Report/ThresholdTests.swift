import Foundation
import Testing

@testable import PodtrailKit

/// `nightly --fail-on`: conditions over the summary's figures, their breaches listed first in
/// report.md, and exit code 3.
struct ThresholdTests {
    @Test func readsKeyComparisonAndValue() throws {
        let t = try Threshold(parsing: "startup_p90 >= 2m")
        #expect(t.key == "startup_p90" && t.comparison == ">=" && t.limit == 120)
        #expect(try Threshold(parsing: "oom_kills>0").limit == 0)
        #expect(try Threshold(parsing: "evictions<=10").comparison == "<=")
        #expect(try Threshold(parsing: "startup_p90>90").limit == 90)
        #expect(throws: ThresholdError.unknownKey("oom>0", key: "oom")) { try Threshold(parsing: "oom>0") }
        #expect(throws: ThresholdError.badValue("oom_kills>many", value: "many")) { try Threshold(parsing: "oom_kills>many") }
        #expect(throws: ThresholdError.badValue("oom_kills>5m", value: "5m")) { try Threshold(parsing: "oom_kills>5m") }
        #expect(throws: ThresholdError.malformed("oom_kills")) { try Threshold(parsing: "oom_kills") }
        #expect("\(ThresholdError.unknownKey("oom>0", key: "oom"))"
            == "--fail-on oom>0: no figure oom; the figures are pods_created, startup_p90, crash_loops, crash_loop_restarts, evictions, oom_kills, node_oom_events.")
    }

    @Test func nightlyOverSampleLogsListsTheBreachesAndExitsThree() throws {
        // SampleLogs' nightly report (Docs/sample-report/report.md): 368 pods created, p90 pod
        // startup 24.0 s, 110 pods evicted, 61 container OOM kills.
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var job = NightlyJob(
            databasePath: folder.appendingPathComponent("db.sqlite").path,
            inputs: [TestSupport.packageRoot.appendingPathComponent("SampleLogs").path],
            outputFolder: folder.appendingPathComponent("out").path, windowSeconds: 86_400)
        job.thresholds = try ["oom_kills>60", "oom_kills>61", "startup_p90>=24s", "startup_p90>24s", "evictions<1", "pods_created==368"]
            .map(Threshold.init(parsing:))
        let result = try job.run()
        #expect(result.breached.map(\.description) == ["oom_kills>60", "startup_p90>=24s", "pods_created==368"])
        #expect(result.exitCode == 3)
        #expect(result.line.hasSuffix("; breached: oom_kills>60, startup_p90>=24s, pods_created==368"))
        let report = try String(contentsOf: folder.appendingPathComponent("out/latest/report.md"), encoding: .utf8)
        // The table's cells are escaped for Markdown (`_` and `>`), so they render as written.
        let section = report.components(separatedBy: "## Thresholds\n\n").last?.components(separatedBy: "\n## ").first ?? ""
        #expect(section == """
            3 --fail-on conditions of 6 breached:

            | Condition | This window |
            | --- | --: |
            | oom\\_kills&gt;60 | 61 |
            | startup\\_p90&gt;=24s | 24.0 s |
            | pods\\_created==368 | 368 |

            """)
        // First thing after the window line.
        #expect(report.range(of: "## Thresholds")!.lowerBound < report.range(of: "## Data coverage")!.lowerBound)
    }

    @Test func aFigureTheDataCannotAnswerIsABreach() throws {
        // Events only: no pod status, so the OOM kills are unknown, never 0: the condition
        // cannot be shown to hold.
        var (folder, job) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        job.thresholds = [try Threshold(parsing: "oom_kills>0")]
        let result = try job.run()
        #expect(result.exitCode == 3)
        let report = try String(contentsOf: folder.appendingPathComponent("out/latest/report.md"), encoding: .utf8)
        // (The table escapes the condition's `_` and `>` for Markdown.)
        #expect(report.contains("| oom\\_kills&gt;0 | unknown (no pod status data) |"))
    }

    @Test func conditionsThatHoldLeaveTheExitCodeAlone() throws {
        var (folder, job) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        job.thresholds = [try Threshold(parsing: "node_oom_events>0")]
        let result = try job.run()
        #expect(result.exitCode == 0)
        #expect(result.breached.isEmpty)
        let report = try String(contentsOf: folder.appendingPathComponent("out/latest/report.md"), encoding: .utf8)
        #expect(report.contains("Every --fail-on condition held: none of `node_oom_events>0` happened."))
    }
}
