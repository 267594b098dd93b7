import Foundation
import Testing

/// Golden files for reports: `Snapshots/<name>` (or another folder) compared byte-for-byte;
/// `RECORD_SNAPSHOTS=1 swift test` rewrites them (then review the diff).
enum ReportSnapshot {
    /// The Snapshots folder in the source tree (not the bundle, so recording writes there).
    static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/PodtrailKitTests/Snapshots")

    /// Compares `text` with the golden file `name`, or records it when `RECORD_SNAPSHOTS=1`.
    static func assert(
        _ text: String, named name: String, in folder: URL = Self.folder, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("No snapshot \(name): run RECORD_SNAPSHOTS=1 swift test and review it.", sourceLocation: sourceLocation)
            return
        }
        let actual = Data(text.utf8)
        if actual != expected {
            let expectedLines = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
            let actualLines = text.components(separatedBy: "\n")
            let index = (0..<min(expectedLines.count, actualLines.count)).first { expectedLines[$0] != actualLines[$0] }
                ?? min(expectedLines.count, actualLines.count)
            let want = index < expectedLines.count ? expectedLines[index] : "<end>"
            let got = index < actualLines.count ? actualLines[index] : "<end>"
            Issue.record("\(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)", sourceLocation: sourceLocation)
        }
    }
}
