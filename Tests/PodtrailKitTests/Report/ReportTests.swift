import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

struct ReportTests {
    static let fileNames = [
        "report.md", "report.html", "phase_duration_percentiles.csv", "pod_phase_durations.csv", "crash_loops.csv", "evictions.csv", "oom_kills.csv", "oom_rates.csv",
        "startup_sli.csv", "warning_reasons.csv", "scheduling_failures.csv", "image_pull_failures.csv", "image_pull_times.csv",
        "never_ready.csv", "terminations.csv", "status_durations.csv",
    ]

    private func build(_ scope: ReportScope = ReportScope(window: ReportFixture.window)) throws -> [String: String] {
        let files = try ReportBuilder(database: try ReportFixture.database(), scope: scope, top: 10).build()
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) })
    }

    @Test(arguments: fileNames)
    func reportMatchesGoldenFile(name: String) throws {
        let files = try build()
        let text = try #require(files[name])
        try ReportSnapshot.assert(text, named: "reportMatchesGoldenFile-\(name)")
    }

    @Test func writesEveryFileInAFixedOrder() throws {
        let files = try ReportBuilder(database: try ReportFixture.database(), scope: ReportScope(window: ReportFixture.window)).build()
        #expect(files.map(\.name) == Self.fileNames)
    }

    @Test func comparesTheSummaryWithThePreviousDay() throws {
        let report = try #require(try build()["report.md"])
        // Worked by hand from ReportFixture: 4 pods created on the 27th vs 1 on the 26th;
        // startups 5, 10, 30 s (nearest-rank p90 = 3rd of 3 = 30) vs 20; episodes 3 vs 1,
        // restarts 4+2+1 = 7 vs 5; evictions 3 vs 0; OOM kills 3 vs 1; node OOM 2 vs 1.
        #expect(report.contains("| Pods created | 4 | 1 | +3 (+300%) |"))
        #expect(report.contains("| p90 pod startup | 30.0 s | 20.0 s | +10.0 s (+50%) |"))
        #expect(report.contains("| Crash-loop episodes | 3 | 1 | +2 (+200%) |"))
        #expect(report.contains("| Restarts in crash loops | 7 | 5 | +2 (+40%) |"))
        #expect(report.contains("| Pods evicted | 3 | 0 | +3 |"))
        #expect(report.contains("| Container OOM kills | 3 | 1 | +2 (+200%) |"))
        #expect(report.contains("| Node OOM events | 2 | 1 | +1 (+100%) |"))
        #expect(report.contains("The previous window is 2026-11-26T00:00:00Z to 2026-11-27T00:00:00Z."))
    }

    @Test func computesNearestRankPercentilesPerWorkload() throws {
        let csv = try #require(try build()["phase_duration_percentiles.csv"])
        // shop/cart on the 27th: startups 10 and 30 → p50 = 1st (10), p90 = p99 = 2nd (30).
        #expect(csv.contains("\r\nprod,shop,cart,startup_s,2,10,30,30,30\r\n"))
        // batch/etl never became Ready: no startup row, but its schedule_s is there.
        #expect(!csv.contains("batch,etl,startup_s"))
        #expect(csv.contains("\r\nprod,batch,etl,schedule_s,1,3,3,3,3\r\n"))
        #expect(Percentile.nearestRank(90, of: (1...10).map(Double.init)) == 9)
        #expect(Percentile.nearestRank(99, of: (1...10).map(Double.init)) == 10)
        #expect(Percentile.nearestRank(50, of: (1...10).map(Double.init)) == 5)
    }

    @Test func ranksOnlyWorkloadsWithThreeReadyPodsWhenThereAreAny() throws {
        let db = try ReportFixture.database()
        try db.connection.execute(
            """
            INSERT INTO phase_durations (pod_uid, namespace, workload, created_at, startup_s) VALUES
              ('t1', 'ml', 'trainer', '2026-11-27T05:00:00Z', 1), ('t2', 'ml', 'trainer', '2026-11-27T05:00:00Z', 2),
              ('t3', 'ml', 'trainer', '2026-11-27T05:00:00Z', 3)
            """)
        let report = try #require(try ReportBuilder(database: db, scope: ReportScope(window: ReportFixture.window)).build(formats: .markdown).first?.text)
        // ml/trainer: startups 1, 2, 3 → p50 = 2nd (2), p90 = p99 = max = 3rd (3); shop/cart (2 pods) is left out.
        #expect(report.contains("| ml | trainer | 3 | 2.0 s | 3.0 s | 3.0 s | 3.0 s |"))
        #expect(!report.contains("| shop | cart | 2 |"))
        #expect(report.contains("Workloads with at least 3 pods that became Ready."))
    }

    @Test(arguments: fileNames.filter { $0.hasSuffix(".csv") })
    func csvParsesWithPythonWithTheHeadersColumnCount(name: String) throws {
        let text = try #require(try build()[name])
        guard let rows = try CSVParse.python(text) else { return }
        let expectedRows = [
            "phase_duration_percentiles.csv": 1 + 3 + 9 + 9, "pod_phase_durations.csv": 1 + 4, "crash_loops.csv": 1 + 3, "evictions.csv": 1 + 3, "oom_kills.csv": 1 + 3,
            "oom_rates.csv": 1 + 3, "status_durations.csv": 1 + 4, "startup_sli.csv": 1 + 4,
            // shop BackOff, shop Failed, batch FailedScheduling; e1's two causes; c1's one image;
            // cart:1.0 and nginx:1.27; w1; c1, w1 and e1.
            "warning_reasons.csv": 1 + 3, "scheduling_failures.csv": 1 + 2, "image_pull_failures.csv": 1 + 1, "image_pull_times.csv": 1 + 2,
            "never_ready.csv": 1 + 1, "terminations.csv": 1 + 3,
        ]
        #expect(rows.count == expectedRows[name])
        #expect(Set(rows.map(\.count)) == [rows[0].count])
    }

    @Test func neutralisesFormulasAndKeepsMessagesWhole() throws {
        let files = try build()
        let crashCSV = try #require(files["crash_loops.csv"])
        let episodes = try #require(try CSVParse.python(crashCSV))
        #expect(episodes[3] == ["prod", "w1", "web|0", "shop", "web", "nginx|proxy", "2026-11-27T07:00:00Z", "", "", "1", "1", "-1", "'=cmd|' /C calc'!A0"])
        let evictionCSV = try #require(files["evictions.csv"])
        let evictions = try #require(try CSVParse.python(evictionCSV))
        #expect(evictions[1][9] == "The node was low on resource: memory. Container app was using 600Mi, request is 100Mi.\n| injected | row |")
        #expect(evictions[3][9] == "'-1 weird, \"quoted\"")
    }

    @Test func namesTheWorstPodsWithTheirTimelineCommand() throws {
        // The fixture's pods created on 2026-11-27 with a startup_s: c2 30 s, c1 10 s, w1 5 s
        // (e1 never became Ready; c0 is the day before). OOM kills in the window: c2 twice, e1
        // once. Crash-loop restarts: c1 4, c2 2, w1 1.
        let report = try #require(try build()["report.md"])
        func table(after heading: String) -> String {
            report.components(separatedBy: heading + "\n\n").last?.components(separatedBy: "\n\n").first ?? ""
        }
        #expect(table(after: "### Slowest pods to start") == """
            | Pod | Startup | Its timeline |
            | --- | --: | --- |
            | shop/cart-7d9f-ccccc | 30.0 s | podtrail timeline shop/cart-7d9f-ccccc --uid c2 |
            | shop/cart-7d9f-bbbbb | 10.0 s | podtrail timeline shop/cart-7d9f-bbbbb --uid c1 |
            | shop/web\\|0 | 5.0 s | podtrail timeline shop/web\\|0 --uid w1 |
            """)
        #expect(table(after: "### Pods with the most OOM kills") == """
            | Pod | OOM kills | Its timeline |
            | --- | --: | --- |
            | shop/cart-7d9f-ccccc | 2 | podtrail timeline shop/cart-7d9f-ccccc --uid c2 |
            | batch/etl-1 | 1 | podtrail timeline batch/etl-1 --uid e1 |
            """)
        #expect(table(after: "### Pods with the most restarts in crash loops") == """
            | Pod | Restarts | Its timeline |
            | --- | --: | --- |
            | shop/cart-7d9f-bbbbb | 4 | podtrail timeline shop/cart-7d9f-bbbbb --uid c1 |
            | shop/cart-7d9f-ccccc | 2 | podtrail timeline shop/cart-7d9f-ccccc --uid c2 |
            | shop/web\\|0 | 1 | podtrail timeline shop/web\\|0 --uid w1 |
            """)
    }

    @Test func everyMarkdownTableKeepsItsColumnCount() throws {
        let report = try #require(try build()["report.md"])
        let tables = MarkdownTable.tables(report)
        // Summary, worst workloads, slowest pods, crash-looping containers, their pods,
        // evictions by namespace, by node, OOM kills' pods, OOM rates, Warning reasons,
        // scheduling causes and pods, images that failed, their pods, pull times, pods never
        // Ready, slowest terminations, statuses.
        #expect(tables.count == 18)
        for table in tables {
            #expect(Set(table.map(MarkdownTable.cellCount)).count == 1, "\(table)")
        }
        #expect(!report.contains("<script>"))
        #expect(report.contains("| shop | web | nginx\\|proxy | 1 | 1 | – | =cmd\\|' /C calc'!A0 |"))
        #expect(report.contains("| shop | disk-pressure | 1 | &lt;script&gt;alert(1)&lt;/script&gt; \\`rm -rf\\` |"))
        #expect(report.contains("Container app was using 600Mi, request is 100Mi. \\| injected \\| row \\| |"))
    }

    @Test func isByteForByteDeterministic() throws {
        #expect(try build() == build())
    }

    @Test func filtersByNamespaceAndCluster() throws {
        let shop = try build(ReportScope(window: ReportFixture.window, namespaces: ["shop"]))
        #expect(shop["evictions.csv"]?.components(separatedBy: "\r\n").count == 1 + 2 + 1)
        #expect(shop["report.md"]?.contains("Namespaces: shop.") == true)
        let other = try build(ReportScope(window: ReportFixture.window, cluster: "other"))
        #expect(other["evictions.csv"] == CSVWriter(header: ReportColumns.evictions).text)
        #expect(other["report.md"]?.hasPrefix("# podtrail report: cluster other\n") == true)
    }

    /// The eviction counts are the rows of eviction_causes and eviction_nodes over the window's
    /// evictions: a changed rule in the views changes the report, and the window applies.
    @Test func countsEvictionsAsTheAggregateViewsDefineThem() throws {
        let db = try ReportFixture.database()
        try db.connection.execute("""
            DROP VIEW eviction_causes;
            CREATE VIEW eviction_causes AS SELECT cluster, namespace, 'scratch-' || cause AS cause, count(*) AS evictions,
                min(evicted_at) AS first_at, max(evicted_at) AS last_at FROM evictions GROUP BY cluster, namespace, cause;
            DROP VIEW eviction_nodes;
            CREATE VIEW eviction_nodes AS SELECT cluster, 'node-' || node AS node, cause, count(*) AS evictions
                FROM evictions GROUP BY cluster, node, cause;
            """)
        let window = TimeWindow(since: Timestamp.parse("2026-11-27T08:30:00Z"), until: Timestamp.parse("2026-11-28T00:00:00Z"))
        let report = try #require(try ReportBuilder(database: db, scope: ReportScope(window: window)).build(formats: .markdown).first?.text)
        #expect(report.contains("2 pods evicted; no single most common cause: scratch-disk-pressure (1), scratch-memory-pressure (1)."))
        #expect(report.contains("| batch | scratch-memory-pressure | 1 |"))
        #expect(report.contains("| node-n1 | 1 |\n| node-n2 | 1 |\n"))
    }

    /// The comparison window is used when the data reaches back to its start (the fixture's
    /// earliest time is 2026-11-26T00:00:00Z): well before it, exactly at it, and not after it.
    @Test func comparesOnlyWhenTheDataReachesBackToThePreviousWindow() throws {
        let db = try ReportFixture.database()
        func previous(_ since: String, _ until: String) throws -> TimeWindow? {
            let window = TimeWindow(since: Timestamp.parse(since), until: Timestamp.parse(until))
            return try ReportBuilder(database: db, scope: ReportScope(window: window)).comparableWindow()
        }
        #expect(try previous("2026-11-27T06:00:00Z", "2026-11-28T06:00:00Z")?.since == Timestamp.parse("2026-11-26T06:00:00Z"))
        #expect(try previous("2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")?.since == Timestamp.parse("2026-11-26T00:00:00Z"))
        #expect(try previous("2026-11-27T00:00:00.001Z", "2026-11-28T00:00:00.001Z") != nil)
        #expect(try previous("2026-11-26T23:59:59.999Z", "2026-11-27T23:59:59.999Z") == nil)
        #expect(try previous("2026-11-26T12:00:00Z", "2026-11-27T12:00:00Z") == nil)
    }

    /// Report files are written whole, byte for byte, and a file that cannot be written is named
    /// with the system's reason, leaving no temporary file behind.
    @Test func reportFilesAreWrittenExactlyOrNamedInTheError() throws {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("out")
        let big = String(repeating: "pod-ä,\"x\"\r\n", count: 200_000)
        try ReportOutput.write([("a.csv", big), ("empty.csv", "")], to: folder.path)
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.csv")) == Data(big.utf8))
        #expect(try Data(contentsOf: folder.appendingPathComponent("empty.csv")).isEmpty)

        // The final name taken by a folder: renaming the written file over it fails.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("b.csv/inside"), withIntermediateDirectories: true)
        #expect {
            try ReportOutput.write([("b.csv", "x")], to: folder.path)
        } throws: { error in
            "\(error)".contains(folder.appendingPathComponent("b.csv").path) && "\(error)".contains("Is a directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.csv", "b.csv", "empty.csv"])
    }

    @Test func anOpenWindowCoversAllDataWithoutComparison() throws {
        let report = try #require(try build(ReportScope())["report.md"])
        #expect(report.contains("Window: all data, 2026-11-26T00:00:00Z to 2026-11-27T06:09:00Z. Namespaces: all."))
        #expect(report.contains("No comparison: the window is open-ended."))
        #expect(report.contains("| Crash-loop episodes | 4 |"))
    }

    /// The data range is the earliest and latest instant among the pods' observation times and
    /// the events' times, in the chosen cluster only; text that is no timestamp is passed over,
    /// and microseconds count (SQL's julianday() keeps milliseconds).
    @Test func dataRangeIsTheEarliestAndLatestInstantInScope() throws {
        let db = try ReportFixture.database()
        func range(_ cluster: String?) throws -> [String] {
            try ReportBuilder(database: db, scope: ReportScope(cluster: cluster)).dataRange().map(\.description)
        }
        #expect(try range(nil) == ["2026-11-26T00:00:00Z", "2026-11-27T06:09:00Z"])
        try db.connection.execute("""
            INSERT INTO pods (cluster, uid, namespace, name, created_at, first_observed_at, last_observed_at)
            VALUES ('other', 'o1', 'ns', 'o-1', '2026-11-25T23:59:59.999998Z', '2026-11-25T23:59:59.999998Z', '2026-11-28T00:00:00.000001Z'),
                   ('other', 'o2', 'ns', 'o-2', '2026-11-25T23:59:59.9999975Z', '2026-11-25T23:59:59.999999Z', 'not a time');
            INSERT INTO events (cluster, uid, namespace, object_kind, object_name, reason, count, first_seen, last_seen, api_version)
            VALUES ('other', 'oe1', 'ns', 'Pod', 'o-1', 'Pulled', 1, 'garbage', '2026-11-28T00:00:00.000002Z', 'v1'),
                   ('other', 'oe2', 'ns', 'Pod', 'o-1', 'Pulled', 1, NULL, '2026-11-28T00:00:00.000001Z', 'v1');
            """)
        #expect(try range(nil) == ["2026-11-25T23:59:59.999998Z", "2026-11-28T00:00:00.000002Z"])
        #expect(try range("other") == ["2026-11-25T23:59:59.999998Z", "2026-11-28T00:00:00.000002Z"])
        #expect(try range("prod") == ["2026-11-26T00:00:00Z", "2026-11-27T06:09:00Z"])
        #expect(try range("none").isEmpty)
        let report = try #require(try ReportBuilder(database: db, scope: ReportScope()).build(formats: .markdown).first?.text)
        #expect(report.hasPrefix("# podtrail report: clusters other, prod\n"))
        #expect(report.contains("Window: all data, 2026-11-25T23:59:59.999998Z to 2026-11-28T00:00:00.000002Z."))
    }

    @Test func countsWindowBoundsHalfOpen() throws {
        // The episode starting exactly at 2026-11-27T05:00:00Z is in [05:00, 06:00) and not in [04:00, 05:00).
        let inside = try build(ReportScope(window: TimeWindow(since: Timestamp.parse("2026-11-27T05:00:00Z"), until: Timestamp.parse("2026-11-27T06:00:00Z"))))
        let before = try build(ReportScope(window: TimeWindow(since: Timestamp.parse("2026-11-27T04:00:00Z"), until: Timestamp.parse("2026-11-27T05:00:00Z"))))
        #expect(inside["crash_loops.csv"]?.contains("c1,") == true)
        #expect(before["crash_loops.csv"]?.contains("c1,") == false)
    }

    @Test func chartsOOMKillsPerHourOverTheWindow() {
        let kills = ["2026-11-27T06:05:00Z", "2026-11-27T06:59:59Z", "2026-11-27T11:15:00Z"].compactMap(Timestamp.parse)
        let chart = OOMChart.chart(kills, window: ReportFixture.window)
        var bars = Array(repeating: "0", count: 24)
        bars[6] = "2"
        bars[11] = "1"
        #expect(chart.contains("    bar [" + bars.joined(separator: ", ") + "]\n"))
        #expect(chart.contains("x-axis [\"11-27 00h\", \"11-27 01h\""))
    }

    @Test func saysWhenTheAnalysisViewsAreMissing() throws {
        let db = try Database(path: ":memory:")
        for view in [
            "phase_durations", "crash_loops", "evictions", "oom_kills", "oom_rates", "status_durations", "startup_sli_days", "startup_sli",
            "warning_events", "scheduling_failures", "image_pull_failures", "image_pulls", "never_ready",
        ] {
            try db.connection.execute("DROP VIEW IF EXISTS \(view)")
        }
        let files = try ReportBuilder(database: db, scope: ReportScope()).build()
        #expect(files.map(\.name) == ["report.md", "report.html"])
        #expect(files[0].text.contains("This database has no `crash_loops` view"))
        // warning_reasons reads the dropped warning_events, terminations phase_durations: both
        // are views that no longer resolve, reported as missing.
        for view in ["warning_reasons", "scheduling_failures", "image_pull_failures", "image_pulls", "never_ready", "terminations"] {
            #expect(files[0].text.contains("This database has no `\(view)` view"), "\(view)")
        }
        #expect(files[0].text.contains("Window: all data (the database is empty)."))
    }
}
