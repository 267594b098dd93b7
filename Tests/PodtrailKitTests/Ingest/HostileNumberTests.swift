import Foundation
import Testing

@testable import PodtrailKit

/// Numbers from archives and from the command line treated as hostile: values at and past the
/// limits of their Kubernetes types neither trap, nor overflow an SQL sum, nor print nonsense.
struct HostileNumberTests {
    typealias H = AnalysisHistory

    /// Two Events of each kind podtrail sums whose `count` is Int64.max.
    static let maxCountEvents: [String] = [
        H.event("b1", podUID: "p", pod: "web-1", reason: "BackOff", message: "Back-off restarting failed container app in pod web-1",
            count: Int.max, first: 10, last: 20, container: "app", type: "Warning"),
        H.event("b2", podUID: "p", pod: "web-1", reason: "BackOff", message: "Back-off restarting failed container app in pod web-1",
            count: Int.max, first: 30, last: 40, container: "app", type: "Warning"),
        H.event("o1", podUID: nil, pod: "node-a", namespace: "", kind: "Node", reason: "SystemOOM", message: "System OOM encountered",
            count: Int.max, first: 50, type: "Warning"),
        H.event("o2", podUID: nil, pod: "node-a", namespace: "", kind: "Node", reason: "SystemOOM", message: "System OOM encountered",
            count: Int.max, first: 60, type: "Warning"),
        H.event("ok", podUID: "p", pod: "web-1", reason: "Pulled", message: "Container image \"app:1\" already present on machine",
            count: 3, first: 5),
    ]

    /// The max-count events ingested into a fresh database (rejects allowed).
    static func maxCountDatabase() throws -> (Database, IngestSummary) {
        try TestSupport.ingest(maxCountEvents.joined(separator: "\n"))
    }

    @Test func eventCountsBeyondInt32AreRejectedWithTheReason() throws {
        let (db, summary) = try Self.maxCountDatabase()
        #expect(summary.rejects == 4)
        #expect(try TestSupport.rows(db, "SELECT DISTINCT reason FROM rejects") == [
            "Event count 9223372036854775807 is outside the range of Kubernetes' int32 count (0 to 2147483647)"
        ])
        #expect(try TestSupport.rows(db, "SELECT uid, count FROM events") == ["ok|3"])
    }

    @Test func eventCountsAtTheInt32LimitAreKeptAndSumWithoutOverflow() throws {
        let events = (1...3).map {
            H.event("e\($0)", podUID: "p", pod: "web-1", reason: "BackOff", message: "Back-off pulling image", count: Int(Int32.max), first: $0)
        }
        let (db, summary) = try TestSupport.ingest(events.joined(separator: "\n"))
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT sum(count) FROM events") == ["6442450941"])
    }

    @Test func everyCommandOverMaxCountEventsFinishesWithSaneNumbers() throws {
        let (db, _) = try Self.maxCountDatabase()
        let stats = try DatabaseStats(db.connection).render()
        #expect(stats.contains("event occurrences (sum of count): 3"))
        _ = try ReportBuilder(database: db, scope: ReportScope(window: .unbounded)).build()
        let query = try #require(NamedQuery.named("event-reasons"))
        let rows = try QueryRunner(connection: db.connection).result(query.sql, parameters: [:]).rows
        #expect(rows.map { $0.prefix(3).map(\.description).joined(separator: "|") } == ["Pulled|Normal|3"])
    }

    /// A database that already holds such counts (written by an older podtrail) is repaired by
    /// the migration: the rows move to `rejects`, and every summing query works again.
    @Test func theMigrationMovesStoredOutOfRangeCountsToRejects() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let db = try Database(path: path)
            _ = try Ingestor(database: db).ingest(bytes: Array(Self.maxCountEvents.last!.utf8), name: "a.ndjson")
            // Back to schema v8: the views go first (SQLite checks them when a column is dropped).
            for view in try TestSupport.rows(db, "SELECT name FROM sqlite_master WHERE type = 'view'") {
                try db.connection.execute("DROP VIEW \"\(view)\"")
            }
            try db.connection.execute("""
                INSERT INTO events (cluster, uid, namespace, name, object_kind, object_name, reason, message, type, count,
                    first_seen, last_seen, api_version, source_id)
                SELECT cluster, 'x' || n, namespace, name, object_kind, object_name, 'BackOff', message, 'Warning',
                    9223372036854775807, first_seen, last_seen, api_version, source_id
                FROM events, (SELECT 1 AS n UNION ALL SELECT 2);
                ALTER TABLE sources DROP COLUMN future_records; ALTER TABLE pod_snapshots DROP COLUMN observed_key;
                DELETE FROM podtrail_meta WHERE key IN ('derived_hash', 'views_hash'); PRAGMA user_version = 8;
                """)
        }
        let db = try Database(path: path)
        #expect(try TestSupport.rows(db, "SELECT count(*), sum(count) FROM events") == ["1|3"])
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM rejects WHERE reason LIKE 'Event count 9223372036854775807 is outside%'") == ["2"])
        #expect(try TestSupport.rows(db, "SELECT rejects FROM sources") == ["2"])
    }

    @Test func restartCountsBeyondInt32RejectThePodSnapshot() throws {
        let pod = H.pod(
            "p", name: "web-1", rv: 1,
            containers: [H.container("a", restarts: Int.max, running: 5), H.container("b", restarts: Int.max, running: 5)])
        let (db, summary) = try TestSupport.ingest(pod)
        #expect(summary.rejects == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == [
            "Pod container a: restartCount 9223372036854775807 is outside the range of Kubernetes' int32 (0 to 2147483647)"
        ])
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM pods") == ["0"])
    }

    @Test func restartCountsAtTheInt32LimitSumIntoRestarts() throws {
        let pod = H.pod(
            "p", name: "web-1", rv: 1,
            containers: [H.container("a", restarts: Int(Int32.max), running: 5), H.container("b", restarts: Int(Int32.max), running: 5)])
        let (db, summary) = try TestSupport.ingest(pod)
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT restarts FROM pods") == ["4294967294"])
    }

    @Test(arguments: [
        (#""exitCode":9223372036854775807"#, "exitCode 9223372036854775807 is outside the range of Kubernetes' int32 (-2147483648 to 2147483647)"),
        (#""exitCode":1,"signal":-9223372036854775807"#, "signal -9223372036854775807 is outside the range of Kubernetes' int32 (-2147483648 to 2147483647)"),
    ])
    func exitCodesAndSignalsBeyondInt32RejectThePodSnapshot(fields: String, reason: String) throws {
        let terminated = #"{"terminated":{\#(fields),"reason":"Error","startedAt":"\#(H.t(1))","finishedAt":"\#(H.t(2))"}}"#
        let (db, summary) = try TestSupport.ingest(H.pod("p", name: "web-1", rv: 1, containers: [H.container("a", terminated: terminated)]))
        #expect(summary.rejects == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == ["Pod container a: " + reason])
    }

    @Test(arguments: [Int.max, Int.min + 1, -1, 3_153_600_001])
    func gracePeriodsBeyondAHundredYearsOrNegativeRejectThePodSnapshot(grace: Int) throws {
        var pod = H.pod("p", name: "web-1", rv: 1, containers: [H.container("a", running: 5)])
        pod = pod.replacingOccurrences(
            of: #""creationTimestamp":"#, with: #""deletionTimestamp":"\#(H.t(100))","deletionGracePeriodSeconds":\#(grace),"creationTimestamp":"#)
        let (db, summary) = try TestSupport.ingest(pod)
        #expect(summary.rejects == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == [
            "Pod deletionGracePeriodSeconds \(grace) is outside 0 to 3153600000 (100 years)"
        ])
    }

    @Test func aGracePeriodOfAHundredYearsIsKept() throws {
        var pod = H.pod("p", name: "web-1", rv: 1, containers: [H.container("a", running: 5)])
        pod = pod.replacingOccurrences(
            of: #""creationTimestamp":"#, with: #""deletionTimestamp":"\#(H.t(100))","deletionGracePeriodSeconds":3153600000,"creationTimestamp":"#)
        let (db, summary) = try TestSupport.ingest(pod)
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT grace_period_s, deletion_requested_at FROM pods") == ["3153600000|1926-12-22T02:01:40Z"])
    }

    // MARK: - Parsers over extreme values

    static let extremeQuantities = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e18", "9e18", "-9e18", "1e19", "-1e30",
        "1e308", "-1e308", "1e309", "1e308Ei", "-1e308Ei", "8Ei", "9Ei", "-9Ei", "1e400", "nan", "NaN", "inf", "-inf",
        "infinity", "1e-400", "0.000000001n", "-0", "1e15", "9e15", "-9e15", "1e16k", "9007199254740993", "",
        String(repeating: "9", count: 400), String(repeating: "9", count: 400) + "Mi", "1.5Gi", "100m", "-100m",
    ]

    @Test(arguments: extremeQuantities)
    func quantitiesAreFiniteAndInRangeOrNil(text: String) {
        if let value = Quantity.value(text) { #expect(value.isFinite) }
        if let bytes = Quantity.bytes(text) { #expect((0...Quantity.maximumBytes).contains(bytes)) }
        if let millicores = Quantity.millicores(text) { #expect((0...Quantity.maximumMillicores).contains(millicores)) }
        let value = SQLFunctions.quantity(.text(text))
        #expect(value.map(\.isFinite) ?? true)
    }

    @Test func quantitiesInsideTheRangeKeepTheirValue() {
        #expect(Quantity.bytes("8Ei") == nil)
        #expect(Quantity.bytes("7Ei") == 8_070_450_532_247_928_832)
        #expect(Quantity.bytes("1Ei") == 1_152_921_504_606_846_976)
        #expect(Quantity.bytes("-1Mi") == nil)
        #expect(Quantity.millicores("1e9") == 1_000_000_000_000)
        #expect(Quantity.millicores("-1") == nil)
        #expect(Quantity.value("1e308Ei") == nil)
    }

    static let extremeGoDurations = [
        "9223372036.854775807s", "9223372036.854775808s", "2562047h47m16.854775807s", "2562048h",
        String(repeating: "9", count: 400) + "h", "1e9s", "-" + String(repeating: "9", count: 30) + "s", "0.000000001ns",
        "1" + String(repeating: "0", count: 308) + "ms", ".s", "..5s", "1.2.3s",
    ]

    @Test(arguments: extremeGoDurations)
    func goDurationsAreWithinGosRangeOrNil(text: String) {
        if let seconds = SQLFunctions.goDuration(text) {
            #expect(seconds.isFinite)
            #expect(abs(seconds) <= SQLFunctions.maximumGoDuration)
        }
    }

    @Test func goDurationsStopAtGosLimit() {
        #expect(SQLFunctions.goDuration("2562047h47m16.854775807s") != nil)
        #expect(SQLFunctions.goDuration("2562048h") == nil)
        #expect(SQLFunctions.goDuration(String(repeating: "9", count: 400) + "h") == nil)
    }

    @Test(arguments: [1e300, -1e300, 9.3e18, Double.greatestFiniteMagnitude, 1e15, .infinity, .nan])
    func durationAndByteTextNeverTrap(seconds: Double) {
        let text = SQLFunctions.durationText(seconds)
        #expect(!text.hasPrefix("0") || seconds == 0)
        _ = SQLFunctions.bytesText(seconds)
        _ = ReportNumber.duration(seconds)
        _ = ReportNumber.plain(seconds)
    }

    @Test func aPullTimeBeyondGosLimitIsUnknown() throws {
        let message = #"Successfully pulled image "app:1" in \#(String(repeating: "9", count: 40))h"#
        let db = try H.ingest([H.event("e", podUID: "p", pod: "p", reason: "Pulled", message: message, first: 4, container: "app")])
        #expect(try H.rows(db, "SELECT pulled_s, pull_s FROM image_pulls") == ["|"])
    }

    @Test func realsPastInt64SaturateWhenReadAsIntegers() {
        #expect(SQLValue.real(1e300).int == Int64.max)
        #expect(SQLValue.real(-1e300).int == Int64.min)
        #expect(SQLValue.real(.infinity).int == Int64.max)
        #expect(SQLValue.real(.nan).int == nil)
        #expect(SQLValue.real(12.9).int == 12)
    }

    // MARK: - Command-line durations

    static let now = Date(timeIntervalSince1970: 1_795_824_000)  // 2026-11-28T00:00:00Z

    @Test(arguments: [
        "200000000d", "9223372036854775807s", String(repeating: "9", count: 400) + "s", "365251d", "99999999999w",
    ])
    func durationsLongerThanAThousandYearsAreAUsageErrorNotATrap(text: String) {
        #expect(throws: TimeWindowError.tooLong(flag: "--since", text: text)) {
            try TimeWindow(since: text, until: nil, now: Self.now)
        }
    }

    @Test func aThousandYearsBackIsAccepted() throws {
        let window = try TimeWindow(since: "365250d", until: nil, now: Self.now)
        #expect(window.sinceText == "1026-11-21T00:00:00Z")  // 365250 days: 1000 Julian years
    }

    /// Instants past 9999-12-31T23:59:59Z (in UTC) are no time podtrail reads (Timestamp.parse),
    /// so the bound is a usage error that says which times are read; a duration reaching before
    /// the year 0001 is out of range.
    @Test(arguments: ["9999-12-31T23:59:59-23:59", "9999-12-31T23:00:00-01:00"])
    func boundsPastTheYear9999AreAUsageError(text: String) {
        #expect(throws: TimeWindowError.unreadable(flag: "--until", text: text)) {
            try TimeWindow(since: nil, until: text, now: Self.now)
        }
        #expect(TimeWindowError.unreadable(flag: "--until", text: text).description.contains("years 0001 to 9999"))
    }

    @Test func yearsPast9999PrintWithAllTheirDigits() {
        let year10000 = Timestamp(micros: Timestamp.daysFromCivil(year: 10_000, month: 1, day: 1) * 86_400_000_000)
        #expect(year10000.description == "10000-01-01T00:00:00Z")
        #expect(Timestamp(micros: Int64.max).description.hasPrefix("294247-01-10T04:00:54Z"))
    }

    @Test func addingSecondsOutOfTheYearsIsNilInsteadOfTrapping() {
        let time = Timestamp(micros: 0)
        #expect(time.adding(seconds: Int64.max) == nil)
        #expect(time.adding(seconds: Int64.min) == nil)
        #expect(time.adding(seconds: 60)?.micros == 60_000_000)
    }

    @Test func theCommandsRejectAnOutOfRangeDurationWithExitTwo() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("max.ndjson")
        try Data(Self.maxCountEvents.joined(separator: "\n").utf8).write(to: input)
        let ingest = try FaultSupport.run(["ingest", "--quiet", "--db", "db.sqlite", input.path], in: folder)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        for arguments in [
            ["report", "--db", "db.sqlite", "--since", "200000000d", "--out", "r"],
            ["timeline", "--db", "db.sqlite", "--namespace", "shop", "--since", "200000000d"],
            ["nightly", "--db", "db.sqlite", "--input", input.path, "--out", "n", "--window", "200000000d"],
        ] {
            let run = try FaultSupport.run(arguments, in: folder)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("200000000d: longer than 1000 years (365250d)"), "\(arguments): \(run.stderr)")
        }
        for arguments in [
            ["report", "--db", "db.sqlite", "--out", "r"], ["stats", "--db", "db.sqlite"],
            ["query", "--db", "db.sqlite", "event-reasons"], ["nightly", "--db", "db.sqlite", "--input", input.path, "--out", "n"],
        ] {
            let run = try FaultSupport.run(arguments, in: folder)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
    }
}
