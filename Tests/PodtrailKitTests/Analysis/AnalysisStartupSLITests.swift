import Testing

@testable import PodtrailKit

/// `startup_sli` where the archive gives an exact observation time: audit-log records, whose
/// `stageTimestamp` says when the API server answered (the watch-observation case real
/// `RealCorpusTests` pods, all from formats without one, cannot show).
struct AnalysisStartupSLITests {
    typealias H = AnalysisHistory

    /// `pod` wrapped as an audit-log record answered at `stage` seconds (+ 0.25 s).
    static func audited(_ pod: String, at stage: Int) -> String {
        #"{"apiVersion":"audit.k8s.io/v1","kind":"Event","verb":"patch","stage":"ResponseComplete","stageTimestamp":"\#(H.t(stage, fraction: "250000"))","objectRef":{"resource":"pods"},"responseObject":"#
            + pod + "}"
    }

    /// A pod created at 0, container `app` started at 5, pulled in 2 s (including waiting).
    static func history(firstStage: Int) -> [String] {
        [
            audited(H.pod("a", name: "web-1", rv: 1, phase: "Pending", containers: [H.container(waiting: "ContainerCreating")]), at: firstStage),
            audited(H.pod("a", name: "web-1", rv: 2, containers: [H.container(running: 5)]), at: 6),
            H.event("pull", podUID: "a", pod: "web-1", reason: "Pulled",
                    message: #"Successfully pulled image \"web:1\" in 1.5s (2s including waiting). Image size: 1000 bytes."#,
                    first: 4, container: "app"),
        ]
    }

    @Test func anExactObservationEndsTheSLIWhenAnEarlierOneSawThePodBefore() throws {
        // Seen Pending at 1.25 s, then every container started in the record answered at 6.25 s:
        // the watch observation is 6.25 s (stageTimestamp), minus the 2 s pull: 4.25 s.
        let db = try H.ingest(Self.history(firstStage: 1))
        #expect(try H.rows(db, "SELECT observed_by FROM pod_snapshots ORDER BY resource_version") == ["stageTimestamp", "stageTimestamp"])
        #expect(try H.rows(db, "SELECT in_population, watch_at, observed_by, pull_s, init_s, sli_s FROM startup_sli") == [
            "1|\(H.t(6, fraction: "250000"))|stageTimestamp|2.0|0.0|4.25"
        ])
    }

    @Test func withoutAnEarlierObservationTheSLIFallsBackToStartedAt() throws {
        // Only the all-started record (answered at 6.25 s) is archived: its time is not when a
        // watcher first saw the containers started, so the SLI ends at the startedAt (5 s): 3 s.
        let db = try H.ingest(Array(Self.history(firstStage: 1).dropFirst()))
        #expect(try H.rows(db, "SELECT in_population, watch_at, observed_by, sli_s FROM startup_sli") == [
            "1|\(H.t(5))|startedAt|3.0"
        ])
    }

    @Test func aPodNeverSeenWithAPulledEventHasNoFigure() throws {
        // The same pod with no Pulled event archived: the pull time is unknown, not 0.
        let db = try H.ingest(Array(Self.history(firstStage: 1).dropLast()))
        #expect(try H.rows(db, "SELECT in_population, excluded, pull_s, sli_s FROM startup_sli") == ["0|image pull time unknown||"])
    }
}
