import Testing

@testable import PodtrailKit

/// The parsing of Pulled messages and the nearest-rank percentiles of phase durations.
struct AnalysisDurationTests {
    typealias H = AnalysisHistory

    @Test(arguments: [
        (#"Successfully pulled image "app:1" in 2.345s (3.5s including waiting). Image size: 1234 bytes."#, "2.345|3.5|0"),
        (#"Successfully pulled image "app:1" in 2.345s (2.345s including waiting)"#, "2.345|2.345|0"),
        (#"Successfully pulled image "app:1" in 1m3.2s"#, "63.2|63.2|0"),
        (#"Successfully pulled image "app:1" in 850ms"#, "0.85|0.85|0"),
        (#"Successfully pulled image "app:1" in 1h2m3.5s"#, "3723.5|3723.5|0"),
        (#"Successfully pulled image "app:1" in 1.5µs"#, "1.5e-06|1.5e-06|0"),
        (#"Successfully pulled image "app:1" in 250us (1ms including waiting)"#, "0.00025|0.001|0"),
        (#"Successfully pulled image "app:1""#, "||0"),
        (#"Successfully pulled image "app:1" in soon"#, "||0"),
        (#"Container image "app:1" already present on machine"#, "0.0|0.0|1"),
    ])
    func readsThePullTimeOfEveryPulledWording(message: String, expected: String) throws {
        let db = try H.ingest([H.event("e", podUID: "p", pod: "p", reason: "Pulled", message: message, first: 4, container: "app")])
        #expect(try H.rows(db, "SELECT pulled_s, pull_s, already_present FROM image_pulls") == [expected])
    }

    /// Pods of one workload whose startup is 1, 2, … n seconds (created at 0, Ready at i).
    static func startups(_ n: Int) -> [String] {
        (1...n).map { i in
            H.pod("u\(i)", name: "web-7d4b9c6f5d-\(i)", rv: 1, ready: (true, i), containers: [H.container(ready: true, running: 0)])
        }
    }

    @Test(arguments: [
        (4, "4|2.0|4.0|4.0|4.0"),  // ranks ceil(2) = 2, ceil(3.6) = 4, ceil(3.96) = 4
        (10, "10|5.0|9.0|10.0|10.0"),  // ranks 5, 9, ceil(9.9) = 10
        (1, "1|1.0|1.0|1.0|1.0"),
        (101, "101|51.0|91.0|100.0|101.0"),  // ranks ceil(50.5) = 51, ceil(90.9) = 91, ceil(99.99) = 100
    ])
    func percentilesAreNearestRank(pods: Int, expected: String) throws {
        let db = try H.ingest(Self.startups(pods))
        #expect(try H.rows(db, "SELECT pods, p50_s, p90_s, p99_s, max_s FROM phase_duration_percentiles WHERE duration = 'startup_s'") == [expected])
    }
}
