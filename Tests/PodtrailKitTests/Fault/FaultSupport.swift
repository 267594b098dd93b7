import Foundation
import Testing

@testable import PodtrailKit

/// Helpers for the fault suite: running the built `podtrail` binary, content checksums of a
/// database, and a generated archive folder.
enum FaultSupport {
    /// The outcome of one `podtrail` run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when the process was ended by a signal (e.g. our SIGKILL).
        var signalled: Bool
    }

    /// The `podtrail` executable built next to the test bundle (`.build/debug/podtrail`).
    static let binary: String? = {
        var folders = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        for bundle in Bundle.allBundles { folders.append(bundle.bundleURL.deletingLastPathComponent()) }
        // Last resort: the package's own .build/debug, found from this source file's path.
        let root = TestSupport.packageRoot
        folders.append(root.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("podtrail").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }()

    /// Starts `podtrail arguments` with its output going to files; `environment` is added to ours.
    /// `wrapper` (a command and its flags, e.g. `setpriv ...`) runs the binary when given;
    /// `executable` replaces the built binary.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], in folder: URL, wrapper: [String] = [],
        executable: String? = nil
    ) throws -> (Process, URL, URL) {
        let process = Process()
        let binary = try #require(executable ?? binary, "podtrail binary not built")
        let command = wrapper + [binary] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["PODTRAIL_DB"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let out = folder.appendingPathComponent(".out-\(id)")
        let err = folder.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Waits for a started run and collects its outcome.
    static func finish(_ started: (Process, URL, URL)) -> Run {
        let (process, out, err) = started
        process.waitUntilExit()
        let run = Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            signalled: process.terminationReason == .uncaughtSignal)
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return run
    }

    /// Runs `podtrail arguments` to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL, wrapper: [String] = []) throws -> Run {
        finish(try start(arguments, environment: environment, in: folder, wrapper: wrapper))
    }

    /// The user and group unprivileged runs use when the tests run as root (CI does).
    static let unprivilegedID: (uid: uid_t, gid: gid_t) = (65534, 65534)

    /// Runs `podtrail arguments` to the end as an unprivileged user, so that file permissions
    /// apply to it: as root, through `setpriv` as nobody:nogroup with no supplementary groups;
    /// otherwise as ourselves.
    static func runUnprivileged(_ arguments: [String], in folder: URL) throws -> Run {
        guard geteuid() == 0 else { return try run(arguments, in: folder) }
        let setpriv = ["/usr/bin/setpriv", "--reuid=\(unprivilegedID.uid)", "--regid=\(unprivilegedID.gid)", "--clear-groups", "--"]
        let binary: String = try #require(everyonesBinary, "no podtrail binary that others can run")
        return finish(try start(arguments, in: folder, wrapper: setpriv, executable: binary))
    }

    /// The binary, or a copy of it where every user can run it when the checkout is not
    /// open to them (a build in root's home folder). Its libraries come from the toolchain.
    static let everyonesBinary: String? = {
        guard let binary else { return nil }
        var path = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
        func openToOthers(_ path: String, _ bits: mode_t) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & bits == bits
        }
        var folder = (path as NSString).deletingLastPathComponent
        var open = openToOthers(path, S_IROTH | S_IXOTH)
        while open, folder != "/", !folder.isEmpty {
            open = openToOthers(folder, S_IXOTH)
            folder = (folder as NSString).deletingLastPathComponent
        }
        if open { return path }
        guard let copyFolder = try? TestSupport.temporaryFolder() else { return nil }
        path = copyFolder.appendingPathComponent("podtrail").path
        guard (try? FileManager.default.copyItem(atPath: binary, toPath: path)) != nil else { return nil }
        chmod(copyFolder.path, 0o755)
        chmod(path, 0o755)
        return path
    }()

    /// A new temporary folder the unprivileged user owns (and so can write), with `subfolders`.
    static func unprivilegedFolder(_ subfolders: String...) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        try giveAway(folder)
        for name in subfolders {
            let sub = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try giveAway(sub)
        }
        return folder
    }

    /// Makes the unprivileged user own `url` (without following a link) when we are root.
    static func giveAway(_ url: URL) throws {
        guard geteuid() == 0 else { return }
        try #require(lchown(url.path, unprivilegedID.uid, unprivilegedID.gid) == 0, "lchown \(url.path)")
    }

    /// A checksum of every table's content: each table's rows rendered as text, sorted, and
    /// hashed; `excluding` names columns left out (`sources.ingested_at` always is).
    static func checksum(_ path: String, excluding: Set<String> = []) throws -> [String: String] {
        let connection = try Connection(path: path, mode: .readOnly)
        var sums: [String: String] = [:]
        let tables = try connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for table in tables.map(\.[0].description) {
            let columns = try connection.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).map(\.[0].description)
                .filter { !excluding.contains($0) && !(table == "sources" && $0 == "ingested_at") }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try connection.rows("SELECT \(list) FROM \"\(table)\"").map { $0.map(\.description).joined(separator: "\u{1f}") }.sorted()
            sums[table] = "\(rows.count):" + String(Fingerprint.hash(Array(rows.joined(separator: "\n").utf8)), radix: 16)
        }
        return sums
    }

    /// Writes an archive folder: `files` files of events and pod snapshots (every second one
    /// gzip), `records` records each, plus one truncated gzip and one file with bad lines.
    static func archive(files: Int, records: Int, tag: String = "") throws -> URL {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in 0..<files {
            var lines: [String] = []
            for i in 0..<records {
                let n = file * records + i
                if i % 3 == 0 {
                    lines.append(IngestorTests.pod(
                        uid: "\(tag)pod\(n % 97)", rv: "\(n)", ready: n % 2 == 0, readySince: "2026-11-27T02:\(String(format: "%02d", n % 60)):00Z",
                        terminated: n % 5 == 0 ? "2026-11-27T01:\(String(format: "%02d", n % 60)):00Z" : nil, restarts: n % 7))
                } else {
                    lines.append(IngestorTests.event(uid: "\(tag)e\(n % 5000)", reason: n % 4 == 0 ? "BackOff" : "Pulled", count: n % 11 + 1))
                }
            }
            let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
            let name = String(format: "%02d-events", file) + (file % 2 == 0 ? ".ndjson.gz" : ".ndjson")
            try Data(file % 2 == 0 ? try TestSupport.gzip(bytes) : bytes).write(to: folder.appendingPathComponent(name))
        }
        let cut = try TestSupport.gzip(Array((0..<200).map { IngestorTests.event(uid: "\(tag)cut\($0)") + "\n" }.joined().utf8))
        try Data(cut.prefix(cut.count * 2 / 3)).write(to: folder.appendingPathComponent("90-cut.gz"))
        try Data(("{bad\n" + IngestorTests.event(uid: "\(tag)after-bad") + "\nnot json\n").utf8).write(to: folder.appendingPathComponent("91-bad.ndjson"))
        return folder
    }
}
