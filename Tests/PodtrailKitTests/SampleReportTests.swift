import Foundation
import Testing

@testable import PodtrailKit

/// The README's first command — `podtrail nightly --input SampleLogs --db sample.sqlite --out
/// report` — run through `NightlyJob`, its files compared with the copy the README links to,
/// `Docs/sample-report/` (`RECORD_SNAPSHOTS=1 swift test` rewrites it; review the diff).
struct SampleReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Docs/sample-report")

    /// Runs the nightly job over SampleLogs in a temporary folder; returns the latest report folder.
    static func runNightly() throws -> (folder: URL, result: NightlyJob.Result) {
        let folder = try TestSupport.temporaryFolder()
        let job = NightlyJob(
            databasePath: folder.appendingPathComponent("sample.sqlite").path,
            inputs: [root.appendingPathComponent("SampleLogs").path],
            outputFolder: folder.appendingPathComponent("report").path, windowSeconds: 86_400)
        return (folder, try job.run())
    }

    @Test func nightlyOverSampleLogsMatchesTheReportInDocs() throws {
        let (folder, result) = try Self.runNightly()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.exitCode == 0)
        #expect(result.ingest.rejects == 0)
        let latest = folder.appendingPathComponent("report/latest")
        let names = try FileManager.default.contentsOfDirectory(atPath: latest.path).sorted()
        #expect(names == ReportTests.fileNames.sorted())
        for name in ReportTests.fileNames {
            let text = try String(contentsOf: latest.appendingPathComponent(name), encoding: .utf8)
            try ReportSnapshot.assert(text, named: name, in: Self.golden)
        }
    }

    @Test func sampleReportCSVsParseWithPythonsCSVModule() throws {
        let (folder, _) = try Self.runNightly()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latest = folder.appendingPathComponent("report/latest")
        for name in ReportTests.fileNames where name.hasSuffix(".csv") {
            let text = try String(contentsOf: latest.appendingPathComponent(name), encoding: .utf8)
            let rows = try #require(try CSVParse.python(text), "python3 is needed for this test")
            #expect(rows.count > 1, "\(name) has no rows")
            // Every row has the header's column count, and the header is the documented one.
            #expect(rows.allSatisfy { $0.count == rows[0].count }, "\(name) is ragged")
            let header = text.components(separatedBy: "\r\n")[0]
            #expect(rows.first?.joined(separator: ",") == header, "\(name) header")
        }
    }
}
