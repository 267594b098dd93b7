import Foundation
import Testing

@testable import PodtrailKit

/// Input paths and `--db` paths that cannot be used: one clear line, the documented exit code,
/// and nothing written where nothing should be.
struct FaultPathTests {
    @Test func aMissingPathIsAUsageErrorWithExitTwo() throws {
        let folder = try TestSupport.temporaryFolder()
        #expect(throws: InputError.missing(path: "nope.json")) {
            try Ingestor(database: try Database(path: ":memory:")).ingest(paths: ["nope.json"])
        }
        let run = try FaultSupport.run(["ingest", "--db", "t.sqlite", "nope.json"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Error: nope.json: no such file or directory.\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.sqlite").path))
    }

    /// Run as an unprivileged user (through setpriv when the tests run as root), so that the
    /// folder's permissions apply.
    @Test func aFolderWithoutPermissionIsListedAsUnreadableAndTheRestIsRead() throws {
        let folder = try FaultSupport.unprivilegedFolder("in")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        let locked = input.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Data((IngestorTests.event(uid: "hidden") + "\n").utf8).write(to: locked.appendingPathComponent("e.json"))
        try Data((IngestorTests.event(uid: "open") + "\n").utf8).write(to: input.appendingPathComponent("e.json"))
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o755) }
        let run = try FaultSupport.runUnprivileged(["ingest", "--db", "t.sqlite", "in"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("cannot read in/locked: cannot list the folder (Permission denied)\n"))
        let db = try Database(path: folder.appendingPathComponent("t.sqlite").path, readOnly: true)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events") == ["open"])
    }

    /// Testable as root: a file that opens but cannot be read (`/proc/self/mem` at offset 0).
    @Test func aFileThatCannotBeReadIsListedAndTheOthersAreRead() throws {
        let folder = try TestSupport.temporaryFolder()
        let good = folder.appendingPathComponent("e.json").path
        try Data((IngestorTests.event(uid: "ok") + "\n").utf8).write(to: URL(fileURLWithPath: good))
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: ["/proc/self/mem", good])
        #expect(summary.failures == ["/proc/self/mem: Input/output error"])
        #expect(summary.exitCode(strict: false) == 1)
        #expect(try TestSupport.rows(db, "SELECT uid FROM events") == ["ok"])
        #expect(try TestSupport.rows(db, "SELECT path FROM sources") == [good])
    }

    @Test func aSymlinkLoopIsNamedAsSuchAndLinksInsideFoldersDoNotLoop() throws {
        let folder = try TestSupport.temporaryFolder()
        let a = folder.appendingPathComponent("a").path
        let b = folder.appendingPathComponent("b").path
        symlink(b, a)
        symlink(a, b)
        symlink(folder.path, folder.appendingPathComponent("self").path)
        try Data((IngestorTests.event(uid: "real") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        #expect(throws: InputError.unreadable(path: a, reason: "symbolic link loop (Too many levels of symbolic links)")) {
            try Ingestor(database: try Database(path: ":memory:")).ingest(paths: [a])
        }
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db).ingest(paths: [folder.path])
        #expect(summary.exitCode(strict: true) == 0)
        #expect(try TestSupport.rows(db, "SELECT path FROM sources") == [folder.appendingPathComponent("e.json").path])
        let run = try FaultSupport.run(["ingest", "--db", "t.sqlite", "a"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Error: a: symbolic link loop (Too many levels of symbolic links).\n"))
    }

    @Test func unusualFileNamesAreReadAndRecordedExactly() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("in put")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = ["with space.json", "new\nline.json", "ünïcødé-日本語.json", "-dash.json", "'quote\".json", "tab\there.json"]
        for (i, name) in names.enumerated() {
            try Data((IngestorTests.event(uid: "u\(i)") + "\n").utf8).write(to: folder.appendingPathComponent(name))
        }
        let run = try FaultSupport.run(["ingest", "--db", "t.sqlite", "--", "in put", "in put/-dash.json"], in: folder.deletingLastPathComponent())
        #expect(run.status == 0)
        let db = try Database(path: folder.deletingLastPathComponent().appendingPathComponent("t.sqlite").path, readOnly: true)
        #expect(try db.connection.scalar("SELECT count(*) FROM events").int == Int64(names.count))
        #expect(try TestSupport.rows(db, "SELECT path FROM sources ORDER BY path") == names.map { "in put/" + $0 }.sorted())
        #expect(try db.connection.scalar("SELECT count(*) FROM sources WHERE status = 'complete'").int == Int64(names.count))
    }

    @Test func aDatabaseInAMissingFolderFailsWithExitOne() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let run = try FaultSupport.run(["ingest", "--db", "no/such/t.sqlite", "e.json"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: cannot open database no/such/t.sqlite: the folder no/such does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))
    }

    @Test func aDatabaseOnAReadOnlyLocationFailsWithExitOne() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        // sysfs refuses new files even to root.
        let run = try FaultSupport.run(["ingest", "--db", "/sys/podtrail-test.sqlite", "e.json"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: cannot open database /sys/podtrail-test.sqlite: Permission denied: choose a --db path in a folder you can write to\n")
        #expect(throws: DatabaseError.cannotOpen(path: "/sys/podtrail-test.sqlite", reason: "Permission denied: choose a --db path in a folder you can write to")) {
            try Database(path: "/sys/podtrail-test.sqlite")
        }
    }

    /// Run as an unprivileged user (through setpriv when the tests run as root).
    @Test func aReadOnlyDatabaseFileFailsWithExitOneAndIsUnchanged() throws {
        let folder = try FaultSupport.unprivilegedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.sqlite").path
        _ = try Database(path: path)
        chmod(path, 0o444)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let run = try FaultSupport.runUnprivileged(["ingest", "--db", "t.sqlite", "e.json"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: cannot open database t.sqlite: Permission denied: choose a --db path in a folder you can write to\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// A database on a shared read-only mount: every read command answers (as a user who cannot
    /// write the folder) and nothing is created next to the database.
    @Test func readCommandsWorkOnADatabaseInAFolderTheReaderCannotWrite() throws {
        let folder = try FaultSupport.unprivilegedFolder("out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try Data((IngestorTests.event(uid: "a") + "\n" + IngestorTests.event(uid: "b") + "\n").utf8)
            .write(to: folder.appendingPathComponent("e.json"))
        #expect(try FaultSupport.run(["ingest", "--db", "shared/t.sqlite", "e.json"], in: folder).status == 0)
        chmod(shared.path, 0o555)
        defer { chmod(shared.path, 0o755) }
        let before = try Data(contentsOf: shared.appendingPathComponent("t.sqlite"))
        let commands = [
            ["stats", "--db", "shared/t.sqlite"],
            ["query", "--db", "shared/t.sqlite", "SELECT count(*) AS n FROM events"],
            ["query", "--db", "file:shared/t.sqlite?immutable=1", "SELECT count(*) AS n FROM events"],
            ["timeline", "--db", "shared/t.sqlite", "--namespace", "ns"],
            ["report", "--db", "shared/t.sqlite", "--out", "out/report"],
        ]
        for command in commands {
            let run = try FaultSupport.runUnprivileged(command, in: folder)
            #expect(run.status == 0, "\(command): \(run.stderr)")
            if command[0] == "query" { #expect(run.stdout == "n\r\n2\r\n", "\(command)") }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/report/report.md").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.path) == ["t.sqlite"])
        #expect(try Data(contentsOf: shared.appendingPathComponent("t.sqlite")) == before)
    }

    /// A write-ahead log the reader cannot use (no -shm, and no right to make one): named, with
    /// what to do, rather than read around (which would answer without the log's rows).
    @Test func aReaderWhoCannotUseTheWriteAheadLogIsToldWhy() throws {
        let folder = try FaultSupport.unprivilegedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let writer = folder.appendingPathComponent("w.sqlite").path
        let db = try Database(path: writer)
        _ = try Ingestor(database: db).ingest(bytes: Array((IngestorTests.event(uid: "a") + "\n").utf8), name: "e.json")
        // Copied while the writer is open: the rows are in the -wal only.
        try FileManager.default.copyItem(atPath: writer, toPath: shared.appendingPathComponent("t.sqlite").path)
        try FileManager.default.copyItem(atPath: writer + "-wal", toPath: shared.appendingPathComponent("t.sqlite-wal").path)
        withExtendedLifetime(db) {}
        chmod(shared.path, 0o555)
        defer { chmod(shared.path, 0o755) }
        let run = try FaultSupport.runUnprivileged(["stats", "--db", "shared/t.sqlite"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == """
            Error: cannot read database shared/t.sqlite: its write-ahead log shared/t.sqlite-wal holds changes, \
            and reading them needs write access to the folder shared (for shared/t.sqlite-shm); ask someone who can \
            write there to run `sqlite3 shared/t.sqlite 'PRAGMA wal_checkpoint(TRUNCATE)'`, or copy the database \
            with its -wal file to a folder you can write

            """)
    }

    /// `--db` naming a device or a folder: one clear line from every command, and nothing
    /// created next to it (run unprivileged: root could create /dev/null.lock).
    @Test(arguments: ["/dev/null", "folder"])
    func aDatabasePathThatIsNotAFileIsRefusedByEveryCommand(path: String) throws {
        let folder = try FaultSupport.unprivilegedFolder("folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let commands = [
            ["ingest", "e.json"], ["nightly", "--input", "e.json", "--out", "out"], ["report", "--out", "report"],
            ["timeline", "--namespace", "ns"], ["query", "SELECT 1"], ["stats"],
        ]
        let message = path == "folder"
            ? "Error: folder is a folder, not a database file: give --db a file path, such as folder/podtrail.sqlite\n"
            : "Error: /dev/null is a device, not a database file: give --db the path of a database file\n"
        for command in commands {
            let run = try FaultSupport.runUnprivileged([command[0], "--db", path] + command.dropFirst(), in: folder)
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr == message, "\(command)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["e.json", "folder"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("folder").path).isEmpty)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUnchanged() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        let notes = Array("these are my notes, not a database\n".utf8) + [UInt8](repeating: 0x41, count: 5000)
        try Data(notes).write(to: folder.appendingPathComponent("notes.txt"))
        let run = try FaultSupport.run(["ingest", "--db", "notes.txt", "e.json"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: notes.txt is not a podtrail (SQLite) database: point --db at a new or existing podtrail database\n")
        #expect(try Array(Data(contentsOf: folder.appendingPathComponent("notes.txt"))) == notes)
        // Another application's SQLite database is refused too, and stays as it was.
        let other = folder.appendingPathComponent("other.db").path
        try Connection(path: other).execute("CREATE TABLE t (x); INSERT INTO t VALUES (42)")
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        #expect(throws: DatabaseError.notADatabase(path: other)) { try Database(path: other) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before)
    }

    @Test func aDatabaseFromANewerSchemaIsRefusedByEveryCommandAndLeftUnchanged() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("t.sqlite").path
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        do {
            let db = try Database(path: path)
            try db.connection.execute("PRAGMA journal_mode = DELETE; PRAGMA user_version = \(Database.schemaVersion + 1)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let message = "Error: t.sqlite has schema version \(Database.schemaVersion + 1), but this podtrail supports up to \(Database.schemaVersion): upgrade podtrail to read it (nothing was changed)\n"
        for command in [["ingest", "--db", "t.sqlite", "e.json"], ["stats", "--db", "t.sqlite"]] {
            let run = try FaultSupport.run(command, in: folder)
            #expect(run.status == 1)
            #expect(run.stderr == message)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func anEmptyDatabaseFileIsNotReadAsOneWithTables() throws {
        let folder = try TestSupport.temporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("zero.sqlite").path, contents: nil)
        let run = try FaultSupport.run(["stats", "--db", "zero.sqlite"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: database zero.sqlite does not exist: run `podtrail ingest --db zero.sqlite PATH...` first\n")
        // A writer adopts it as a new database.
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("e.json"))
        #expect(try FaultSupport.run(["ingest", "--db", "zero.sqlite", "e.json"], in: folder).status == 0)
        #expect(try FaultSupport.run(["stats", "--db", "zero.sqlite"], in: folder).status == 0)
    }

    @Test func exitCodesTellTheOutcomesApart() throws {
        let folder = try TestSupport.temporaryFolder()
        try Data((IngestorTests.event(uid: "a") + "\n").utf8).write(to: folder.appendingPathComponent("good.json"))
        try Data(("{oops\n" + IngestorTests.event(uid: "b") + "\n").utf8).write(to: folder.appendingPathComponent("reject.json"))
        let cut = try TestSupport.gzip(Array((IngestorTests.event(uid: "c") + "\n").utf8))
        try Data(cut.prefix(cut.count - 12)).write(to: folder.appendingPathComponent("cut.gz"))
        let cases: [([String], Int32)] = [
            (["ingest", "--db", "1.sqlite", "good.json"], 0),
            (["ingest", "--db", "2.sqlite", "reject.json"], 0),
            (["ingest", "--db", "3.sqlite", "--strict", "reject.json"], 1),
            (["ingest", "--db", "4.sqlite", "cut.gz"], 1),
            (["ingest", "--db", "5.sqlite", "--no-such-flag", "good.json"], 2),
            (["ingest", "--db", "6.sqlite"], 2),
            (["ingest", "--db", "7.sqlite", "--max-record-mib", "0", "good.json"], 2),
            (["stats", "--db", "missing.sqlite"], 1),
        ]
        for (arguments, expected) in cases {
            let run = try FaultSupport.run(arguments, in: folder)
            #expect(run.status == expected, "\(arguments): \(run.stderr)")
            #expect(!run.signalled)
        }
    }
}
