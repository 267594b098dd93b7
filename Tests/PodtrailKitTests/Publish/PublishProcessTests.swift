import Foundation
import Testing

@testable import PodtrailKit

/// Issue 31: the `podtrail publish` process killed, racing another cluster's, refused, or
/// losing its server, against a real PostgreSQL server. Runs the built binary; serialized, as
/// each test is timing-bound.
@Suite(.serialized)
struct PublishProcessTests {
    /// Runs `podtrail publish` to the end.
    static func publish(_ path: String, to url: String, environment: [String: String] = [:]) throws -> FaultSupport.Run {
        try FaultSupport.run(["publish", "--db", path, "--to", url], environment: environment, in: try TestSupport.temporaryFolder())
    }

    /// Starts `podtrail publish` without waiting.
    static func start(_ path: String, to url: String) throws -> (Process, URL, URL) {
        try FaultSupport.start(["publish", "--db", path, "--to", url], in: try TestSupport.temporaryFolder())
    }

    /// A session that holds row locks on `cluster`'s rows of `day` in `table` (an open
    /// transaction): a publish of that cluster stops there, in the middle of the day's
    /// transaction, after the tables before `table`.
    static func holdRows(_ url: String, cluster: String, day: String, table: String = "container_runs") throws -> PostgresConnection {
        let holder = try PostgresConnection(url: url)
        try holder.execute("BEGIN")
        let locked = try holder.rows("SELECT 1 FROM podtrail.\(table) WHERE cluster = $1 AND day = $2 FOR UPDATE", [cluster, day])
        #expect(!locked.isEmpty, "no rows of \(cluster) on \(day) in \(table) to hold")
        return holder
    }

    /// True when the publish's session is waiting for a lock.
    static func publishIsWaiting(_ url: String) throws -> Bool {
        try PostgresConnection(url: url).scalar(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = 'podtrail' AND wait_event_type = 'Lock' AND datname = current_database()
            """) == "1"
    }

    @Test func aWrongPasswordExitsFourAndIsNeverPrinted() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let path = try PublishSupport.east.get()
        let wrong = "Wr0ng-\(UUID().uuidString.prefix(6))"
        let inURL = url.replacingOccurrences(of: ":\(server.password)@", with: ":\(wrong)@")
        #expect(inURL != url)
        let run = try Self.publish(path, to: inURL)
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("refused the login") && run.stderr.contains("check the user and the password"), "\(run.stderr)")
        #expect(!run.stderr.contains(wrong) && !run.stdout.contains(wrong))
        // The same through PGPASSWORD, the URL without a password.
        let bare = url.replacingOccurrences(of: ":\(server.password)@", with: "@")
        let fromEnvironment = try Self.publish(path, to: bare, environment: ["PGPASSWORD": wrong])
        #expect(fromEnvironment.status == 4 && !fromEnvironment.stderr.contains(wrong), "\(fromEnvironment.stderr)")
        // And the right one through PGPASSWORD publishes.
        let right = try Self.publish(path, to: bare, environment: ["PGPASSWORD": server.password])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(!right.stderr.contains(server.password))
    }

    @Test func anUnreachableServerExitsFour() throws {
        let path = try PublishSupport.east.get()
        let port = PostgresTestServer.freePort()
        let run = try Self.publish(path, to: "postgresql://someone:s3cret-pass@127.0.0.1:\(port)/fleet")
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("cannot connect to PostgreSQL at someone@127.0.0.1:\(port)/fleet"), "\(run.stderr)")
        #expect(!run.stderr.contains("s3cret-pass"))
    }

    /// `sslmode=require` in the URL asks for TLS: a server without it is refused (exit 4).
    @Test func sslmodeRequireAgainstAServerWithoutTLSExitsFour() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let run = try Self.publish(try PublishSupport.east.get(), to: url + "?sslmode=require")
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("SSL"), "\(run.stderr)")
        #expect(!run.stderr.contains(server.password))
    }

    /// Against a server with TLS on: `sslmode=require` publishes, and the server's
    /// `pg_stat_ssl` shows the publisher's session encrypted (read in this process from its
    /// progress hook, and for the command while a held row lock stops it); `verify-full`
    /// publishes when `sslrootcert` is the server's certificate and is refused (exit 4, nothing
    /// published) when it is another one.
    @Test func tlsEncryptsThePublishAndVerifyFullChecksTheServersCertificate() throws {
        let tls = try PostgresTestServer.requireTLS()
        let url = try tls.server.newDatabase()
        let path = try PublishSupport.east.get()
        // The monitor's own session is not encrypted: pg_stat_ssl tells the two apart.
        let monitor = try PostgresConnection(url: url + "?sslmode=disable")
        #expect(try monitor.scalar("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "false")
        let encryption = """
            SELECT s.ssl::text, s.version FROM pg_stat_ssl AS s JOIN pg_stat_activity AS a USING (pid)
            WHERE a.application_name = 'podtrail' AND a.datname = current_database() AND a.pid <> pg_backend_pid()
            """

        var publisher = Publisher(database: try Database(path: path, readOnly: true), url: url + "?sslmode=require")
        var seen: [[String?]] = []
        publisher.progress = { _, _, _ in seen += (try? monitor.rows(encryption)) ?? [["unreadable", nil]] }
        let summary = try publisher.run()
        #expect(summary.daysChanged == 1)
        #expect(seen.count == 1 && seen.first?.first == "true" && (seen.first?.last ?? nil)?.hasPrefix("TLS") == true, "\(seen)")

        let wrong = try Self.publish(path, to: url + "?sslmode=verify-full&sslrootcert=\(tls.otherCertificate)")
        #expect(wrong.status == 4, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("certificate verify failed") && wrong.stderr.contains("sslrootcert"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("nothing was published") && !wrong.stderr.contains(tls.server.password))

        let required = try Self.publish(path, to: url + "?sslmode=require")
        #expect(required.status == 0 && !required.stderr.contains(tls.server.password), "\(required.stderr)")
        // The command with verify-full, stopped inside its day's transaction by a held row lock:
        // the server shows its session encrypted; released, it ends well.
        let day = try #require(try monitor.scalar("SELECT day::text FROM podtrail.publications WHERE cluster = 'east'"))
        let holder = try Self.holdRows(url, cluster: "east", day: day)
        let started = try Self.start(path, to: url + "?sslmode=verify-full&sslrootcert=\(tls.certificate)")
        #expect(try PublishSupport.eventually(seconds: 60) { try Self.publishIsWaiting(url) }, "the publish never reached its day")
        #expect(try monitor.rows(encryption + " AND a.wait_event_type = 'Lock'").map { $0.first ?? nil } == ["true"])
        try holder.execute("ROLLBACK")
        let verified = FaultSupport.finish(started)
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    /// `nightly --publish` publishes the days of its window after writing the report.
    @Test func nightlyPublishesTheDaysOfItsWindow() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let folder = try TestSupport.temporaryFolder()
        let logs = TestSupport.packageRoot.appendingPathComponent("SampleLogs").path
        let run = try FaultSupport.run(
            ["nightly", "--db", "n.sqlite", "--cluster", "sample", "--input", logs, "--out", "out", "--publish", url], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("publish: sample → "), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/latest/report.md").path))
        let published = try PostgresConnection(url: url).rows("SELECT cluster, day::text FROM podtrail.publications")
        #expect(published == [["sample", "2026-11-27"]])
    }

    /// kill -9 in the middle of a day's transaction (its first tables replaced, the rest not):
    /// every day holds its old rows or its new ones, never a mix; the next publish completes.
    @Test func killNineMidPublishLeavesEachDayOldOrNewThenRepublishingCompletes() throws {
        let server = try PostgresTestServer.require()
        let (before, after) = (try PublishSupport.northBefore.get(), try PublishSupport.northAfter.get())
        // The old and the new content of every day, each published alone.
        let newURL = try server.newDatabase()
        try PublishSupport.publish(after, to: newURL)
        let new = try PublishSupport.contents(newURL, cluster: "north")
        let url = try server.newDatabase()
        try PublishSupport.publish(before, to: url)
        let old = try PublishSupport.contents(url, cluster: "north")
        let days = PublishSupport.days(old).union(PublishSupport.days(new)).sorted()
        #expect(days.count >= 4, "\(days)")
        for day in days { #expect(PublishSupport.day(day, of: old) != PublishSupport.day(day, of: new), "\(day)") }

        // Stop the publish inside the third day's transaction, then kill it.
        let holder = try Self.holdRows(url, cluster: "north", day: days[2])
        let process = try Self.start(after, to: url)
        #expect(try PublishSupport.eventually(seconds: 60) { try Self.publishIsWaiting(url) }, "the publish never reached the third day")
        kill(process.0.processIdentifier, SIGKILL)
        let killed = FaultSupport.finish(process)
        #expect(killed.signalled)
        try holder.execute("ROLLBACK")
        // The server ends the killed session's transaction once it sees the socket closed.
        #expect(try PublishSupport.eventually(seconds: 30) { !(try Self.publishIsWaiting(url)) })
        let mid = try PublishSupport.contents(url, cluster: "north")
        var olds = 0
        var news = 0
        for day in days {
            let now = PublishSupport.day(day, of: mid)
            if now == PublishSupport.day(day, of: old) {
                olds += 1
            } else if now == PublishSupport.day(day, of: new) {
                news += 1
            } else {
                Issue.record("day \(day) holds a mix of old and new rows")
            }
        }
        #expect(news == 2 && olds == days.count - 2, "the days before the held one are new, the rest old")

        let rerun = try Self.publish(after, to: url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try PublishSupport.contents(url, cluster: "north") == new)
    }

    /// A cluster's day held in an open transaction (as a slow publish of it would) does not
    /// stop another cluster publishing the same day; that cluster's own publish waits for it.
    @Test func anotherClusterPublishesWhileOneClustersDayIsHeld() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let (east, west) = (try PublishSupport.east.get(), try PublishSupport.west.get())
        try PublishSupport.publish(east, to: url)
        try PublishSupport.publish(west, to: url)
        let day = try #require(PublishSupport.days(try PublishSupport.contents(url, cluster: "east")).first)
        // East's day in an open transaction: its rows locked and its advisory lock taken, as a
        // publish of east holds them.
        let holder = try Self.holdRows(url, cluster: "east", day: day, table: "phase_durations")
        try holder.execute("SELECT pg_advisory_xact_lock(hashtext('podtrail:' || $1), ($2::date - date '2000-01-01'))", ["east", day])
        try holder.execute("DELETE FROM podtrail.phase_durations WHERE cluster = 'east'")
        // West replaces its rows of the same day (into a fresh copy of its table's rows).
        try PostgresConnection(url: url).execute("UPDATE podtrail.publications SET content_hash = 'stale' WHERE cluster = 'west'")
        let started = Date()
        let westRun = try Self.start(west, to: url)
        #expect(PublishSupport.wait(westRun.0, seconds: 60), "west waited for east's transaction")
        let westResult = FaultSupport.finish(westRun)
        #expect(westResult.status == 0 && westResult.stderr.contains("1 replaced"), "\(westResult.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        // East's own publish waits for the held day...
        let eastRun = try Self.start(east, to: url)
        #expect(try PublishSupport.eventually(seconds: 30) { try Self.publishIsWaiting(url) })
        #expect(eastRun.0.isRunning)
        // ...and finishes once it is released, with the rows the holder's transaction never committed.
        try holder.execute("ROLLBACK")
        #expect(PublishSupport.wait(eastRun.0, seconds: 60))
        let eastResult = FaultSupport.finish(eastRun)
        #expect(eastResult.status == 0, "\(eastResult.stderr)")
        let counts = try PostgresConnection(url: url).rows("SELECT cluster, count(*) FROM podtrail.phase_durations GROUP BY cluster ORDER BY cluster")
        let eastPods = try Database(path: east, readOnly: true).connection.scalar("SELECT count(*) FROM phase_durations").int
        #expect(counts.first == ["east", eastPods.map { String($0) }])
    }

    /// A new day's partitions are attached while a reader's transaction has read the tables
    /// (ACCESS SHARE on every parent and partition): `ATTACH PARTITION` takes SHARE UPDATE
    /// EXCLUSIVE on the parent, which that does not conflict with (`CREATE TABLE ... PARTITION
    /// OF` would wait for the reader, and every later reader would queue behind it).
    @Test func newDaysArePublishedWhileAReaderHoldsTheTables() throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        try PublishSupport.publish(try PublishSupport.east.get(), to: url)
        let reader = try PostgresConnection(url: url)
        try reader.execute("BEGIN")
        for table in FleetTable.all { _ = try reader.rows("SELECT count(*) FROM podtrail.\(table.name)") }
        let run = try Self.start(try PublishSupport.northBefore.get(), to: url)
        #expect(PublishSupport.wait(run.0, seconds: 60), "the publish waited for the reader")
        if run.0.isRunning { kill(run.0.processIdentifier, SIGKILL) }
        let result = FaultSupport.finish(run)
        #expect(result.status == 0, "\(result.stderr)")
        try reader.execute("COMMIT")
        let days = try PostgresConnection(url: url).rows("SELECT count(DISTINCT day) FROM podtrail.phase_durations")
        #expect(days.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0 >= 4)
    }

    /// Two clusters publishing at once into a new fleet database: the schema and the day's
    /// partitions are created once (the second waits for the first, then finds them).
    @Test(arguments: 0..<8)
    func twoClustersPublishingAtOnceIntoANewDatabaseBothSucceed(round: Int) throws {
        let server = try PostgresTestServer.require()
        let url = try server.newDatabase()
        let runs = [try Self.start(try PublishSupport.east.get(), to: url), try Self.start(try PublishSupport.west.get(), to: url)]
        for run in runs {
            let result = FaultSupport.finish(run)
            #expect(result.status == 0, "round \(round): \(result.stderr)")
        }
        let clusters = try PostgresConnection(url: url).rows("SELECT DISTINCT cluster FROM podtrail.phase_durations ORDER BY 1")
        #expect(clusters == [["east"], ["west"]])
    }

    /// The server stops in the middle of a day's transaction: exit 5 and what to do; the
    /// days before are published, the others keep their rows; a publish after the restart
    /// completes.
    @Test func theServerGoingAwayMidPublishExitsFiveThenRepublishingCompletes() throws {
        let server = try PostgresTestServer.start()
        let url = try server.newDatabase()
        let (before, after) = (try PublishSupport.northBefore.get(), try PublishSupport.northAfter.get())
        try PublishSupport.publish(before, to: url)
        let old = try PublishSupport.contents(url, cluster: "north")
        let days = PublishSupport.days(old).sorted()
        let holder = try Self.holdRows(url, cluster: "north", day: days[1])
        let process = try Self.start(after, to: url)
        #expect(try PublishSupport.eventually(seconds: 60) { try Self.publishIsWaiting(url) })
        try server.stop()
        #expect(PublishSupport.wait(process.0, seconds: 60))
        let run = FaultSupport.finish(process)
        #expect(run.status == 5, "\(run.stderr)")
        #expect(run.stderr.contains("lost the connection") && run.stderr.contains("run the same `podtrail publish` again"), "\(run.stderr)")
        #expect(!run.stderr.contains(server.password))
        _ = holder
        try server.restart()
        let mid = try PublishSupport.contents(url, cluster: "north")
        #expect(PublishSupport.day(days[0], of: mid) != PublishSupport.day(days[0], of: old), "the first day was published")
        for day in days.dropFirst() { #expect(PublishSupport.day(day, of: mid) == PublishSupport.day(day, of: old), "\(day)") }
        let rerun = try Self.publish(after, to: url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let newURL = try server.newDatabase()
        try PublishSupport.publish(after, to: newURL)
        #expect(try PublishSupport.contents(url, cluster: "north") == PublishSupport.contents(newURL, cluster: "north"))
        try server.stop()
    }
}
