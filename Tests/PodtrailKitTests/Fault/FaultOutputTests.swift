import Foundation
import Testing

@testable import PodtrailKit

/// Output folders other users can write to: links planted at the names podtrail writes,
/// nightly runs killed midway, and a file of the user's at `OUT/latest`.
struct FaultOutputTests {
    /// A file only its owner may read and write, outside every output folder: what a planted
    /// link points at.
    static func victim(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("victim")
        try Data("secret\n".utf8).write(to: url)
        chmod(url.path, 0o600)
        return url
    }

    /// Plants a link named `name` in `folder` to `target`, owned by the unprivileged user as an
    /// attacker's would be.
    static func plant(_ name: String, in folder: URL, to target: URL) throws {
        let link = folder.appendingPathComponent(name)
        try #require(symlink(target.path, link.path) == 0)
        try FaultSupport.giveAway(link)
    }

    /// True when `path` is a regular file (not a link to one).
    static func isRegularFile(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Every file in `folder` (through a link to it) by name, with its bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func linksPlantedAtTemporaryAndFinalNamesOfReportFilesAreNotFollowed() throws {
        let folder = try FaultSupport.unprivilegedFolder("out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = try Self.victim(in: folder)
        let out = folder.appendingPathComponent("out")
        for name in ["report.md", "x.csv"] { try Self.plant(".\(name).tmp-\(getpid())", in: out, to: victim) }
        try Self.plant("x.csv", in: out, to: victim)
        try ReportOutput.write([("report.md", "new\n"), ("x.csv", "h\r\n")], to: out.path)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "secret\n")
        #expect(Self.isRegularFile(out.appendingPathComponent("report.md")))
        #expect(Self.isRegularFile(out.appendingPathComponent("x.csv")))
        #expect(try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8) == "new\n")
        #expect(try String(contentsOf: out.appendingPathComponent("x.csv"), encoding: .utf8) == "h\r\n")
    }

    @Test func linksPlantedInTheNightlyFolderAreReplacedNotFollowed() throws {
        let (folder, job) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = try Self.victim(in: folder)
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("kept\n".utf8).write(to: elsewhere.appendingPathComponent("keep.txt"))
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FaultSupport.giveAway(out)
        try Self.plant("2026-11-27", in: out, to: elsewhere)
        try Self.plant(".latest.tmp-\(getpid())", in: out, to: victim)
        #expect(try job.run().exitCode == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == ["keep.txt"])
        #expect(try String(contentsOf: victim, encoding: .utf8) == "secret\n")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-11-27").path, isDirectory: &isDirectory))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("2026-11-27").path)) == nil)
        #expect(Self.isRegularFile(out.appendingPathComponent("2026-11-27/report.md")))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "2026-11-27")
        #expect(try NightlyTests.hiddenNames(out).isEmpty)
    }

    /// strace, when it can trace here (it kills a run at a chosen system call).
    static let strace: String? = {
        guard let path = ["/usr/bin/strace", "/bin/strace"].first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: path)
        probe.arguments = ["-o", "/dev/null", "/bin/true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? path : nil
    }()

    @Test(.enabled(if: FaultOutputTests.strace != nil, "needs strace that can trace (.ci/run installs it)"))
    func aNightlyKilledAtAnyRenameLeavesLatestWholeAndTheNextRunCleansUp() throws {
        let (folder, _) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["nightly", "--db", "db.sqlite", "--input", "inputs", "--out", "out", "--quiet"]
        #expect(try FaultSupport.run(arguments, in: folder).status == 0)
        let latest = folder.appendingPathComponent("out/latest")
        let old = try Self.contents(of: latest)
        // Later data of the same date: the rerun writes a different report into the same folder.
        let more = NightlyTests.event("e4", pod: "cart-4", reason: "Started", at: "2026-11-27T11:00:00Z")
            + IngestorTests.pod(uid: "p4", rv: "1", readySince: "2026-11-27T02:00:10Z") + "\n"
        try Data(more.utf8).write(to: folder.appendingPathComponent("inputs/day1b.ndjson"))
        var states: [[String: Data]] = []
        // Kill the run just before its first rename, then its second, and so on, until a run
        // gets through; after each kill, latest must be the whole old or the whole new report.
        for call in 1...100 {
            let syscalls = "rename,renameat,renameat2"
            let wrapper = [Self.strace!, "-f", "-o", "/dev/null", "-e", "trace=\(syscalls)", "-e", "inject=\(syscalls):signal=KILL:when=\(call)"]
            let run = try FaultSupport.run(arguments, in: folder, wrapper: wrapper)
            if !run.signalled {
                #expect(run.status == 0, "\(run.stderr)")
                break
            }
            states.append(try Self.contents(of: latest))
        }
        let new = try Self.contents(of: latest)
        #expect(new != old)
        #expect(!states.isEmpty)
        for (index, state) in states.enumerated() {
            #expect(state == old || state == new, "killed at rename \(index + 1): \(state.keys.sorted()) is a mix")
        }
        #expect(try NightlyTests.hiddenNames(folder.appendingPathComponent("out")).isEmpty)
        #expect(try NightlyTests.hiddenNames(latest).isEmpty)
    }

    @Test(arguments: [false, true])
    func aFileOrFolderOfTheUsersNamedLatestIsRefusedAndLeftAsItWas(isFolder: Bool) throws {
        let (folder, job) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let latest = out.appendingPathComponent("latest")
        try FileManager.default.createDirectory(at: isFolder ? latest : out, withIntermediateDirectories: true)
        let notes = isFolder ? latest.appendingPathComponent("notes") : latest
        try Data("my notes\n".utf8).write(to: notes)
        let error = #expect(throws: ReportError.self) { try job.run() }
        let kind = isFolder ? "a folder" : "a file"
        #expect(error?.description == """
            cannot write \(latest.path): it is \(kind), not the link to the newest report that podtrail keeps there; \
            move it away or choose another --out, then run again.
            """)
        #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["latest"])
    }

    @Test func aFileOfTheUsersAtTheDatedFolderNameIsRefusedAndLeftAsItWas() throws {
        let (folder, job) = try NightlyTests.setUp()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("2026-11-27"))
        let error = #expect(throws: ReportError.self) { try job.run() }
        #expect(error?.description == """
            cannot write \(out.path)/2026-11-27: it is a file, not a report folder; move it away or choose another --out, then run again.
            """)
        #expect(try String(contentsOf: out.appendingPathComponent("2026-11-27"), encoding: .utf8) == "mine\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["2026-11-27"])
    }

    @Test func onlyLeftoversOfFinishedRunsOfOursAreRemovedAndNoLinkInThemIsFollowed() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = folder.appendingPathComponent("kept")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        try Data("k\n".utf8).write(to: kept.appendingPathComponent("k"))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let out = folder.appendingPathComponent("out")
        let leftover = out.appendingPathComponent(".2026-11-27.podtrail-tmp-\(dead)-3f2a")
        try FileManager.default.createDirectory(at: leftover.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("half\n".utf8).write(to: leftover.appendingPathComponent("sub/report.md"))
        try #require(symlink(kept.path, leftover.appendingPathComponent("link").path) == 0)
        try #require(symlink(kept.path, out.appendingPathComponent(".latest.tmp-\(dead)").path) == 0)
        // Not ours, or of a run still going (pid 1 always is): left alone.
        let others = [".2026-11-27.podtrail-tmp-1-3f2a", ".notes", "notes.tmp-\(dead)", ".x.podtrail-tmp-\(dead)-not-hex"]
        for name in others { try Data().write(to: out.appendingPathComponent(name)) }
        try ReportOutput.write([("report.md", "new\n")], to: out.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == (others + ["report.md"]).sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept.path) == ["k"])
    }
}
