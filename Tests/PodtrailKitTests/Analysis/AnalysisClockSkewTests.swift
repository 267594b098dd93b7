import Testing

@testable import PodtrailKit

/// Times out of order (clock skew between the apiserver, the kubelet and the exporter, or
/// hostile input): a duration that would be negative is NULL with a note, never a negative
/// number in the percentiles.
struct AnalysisClockSkewTests {
    typealias H = AnalysisHistory

    /// `pod` as an audit-log delete observed at `stage` seconds (its deleted_at).
    static func auditDelete(_ pod: String, stage: Int) -> String {
        #"{"apiVersion":"audit.k8s.io/v1","kind":"Event","verb":"delete","stageTimestamp":"\#(H.t(stage))","responseObject":\#(pod)}"#
    }

    @Test func readyScheduledAndStartedBeforeCreationAreNullWithANote() throws {
        let pod = H.pod("p", name: "web-1", rv: 1, created: 100, scheduled: 50, ready: (true, 0), containers: [H.container(ready: true, running: 40)])
        let db = try H.ingest([pod])
        #expect(try H.rows(db, """
            SELECT created_at, scheduled_at, started_at, ready_at FROM phase_durations
            """) == ["\(H.t(100))|\(H.t(50))|\(H.t(40))|\(H.t(0))"])
        #expect(try H.rows(db, "SELECT schedule_s, start_s, startup_s, startup_no_pull_s, notes FROM phase_durations") == [
            "||||scheduled before creation (clock skew?); started before scheduling (clock skew?); Ready before creation (clock skew?)"
        ])
        #expect(try H.rows(db, "SELECT count(*) FROM phase_duration_percentiles WHERE p50_s < 0 OR max_s < 0") == ["0"])
    }

    @Test func deletedBeforeTheDeletionRequestOrBeforeCreationIsNullWithANote() throws {
        let pod = H.pod(
            "p", name: "web-1", rv: 2, created: 100, scheduled: 101, ready: (true, 103), deletion: (300, 30),
            containers: [H.container(ready: true, running: 102)])
        let db = try H.ingest([Self.auditDelete(pod, stage: 50)])
        #expect(try H.rows(db, "SELECT deletion_requested_at, deleted_at FROM phase_durations") == ["\(H.t(300))|\(H.t(50))"])
        #expect(try H.rows(db, "SELECT schedule_s, startup_s, terminating_s, lifetime_s, notes FROM phase_durations") == [
            "1.0|3.0|||deleted before its deletion was requested (clock skew?); deleted or last seen before creation (clock skew?)"
        ])
        #expect(try H.rows(db, "SELECT count(*) FROM phase_duration_percentiles WHERE p50_s < 0 OR max_s < 0") == ["0"])
    }

    @Test func aCrashLoopEndingBeforeItStartsHasNoDuration() throws {
        let pod = H.pod("p", name: "web-1", rv: 2, created: 0, containers: [H.container(running: 2)])
        let backoff = H.event(
            "b", podUID: "p", pod: "web-1", reason: "BackOff", message: "Back-off restarting failed container app in pod web-1",
            count: 4, first: 100, last: 200, container: "app", type: "Warning")
        let db = try H.ingest([Self.auditDelete(pod, stage: 50), backoff])
        #expect(try H.rows(db, "SELECT started_at, ended_at, duration_s, ended_by FROM crash_loops") == [
            "\(H.t(100))|\(H.t(50))||deleted"
        ])
    }
}
