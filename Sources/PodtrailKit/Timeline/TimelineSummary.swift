import Foundation

/// The header of a single-pod timeline: when the pod reached each lifecycle point, how long
/// its phases took, how often it restarted and was OOM-killed, and why it was evicted.
public struct TimelineSummary: Sendable, Equatable {
    /// The pod's OOM kills, read by the pod's index: `+reason` keeps SQLite off the reason
    /// index, which it preferred and which holds every OOM kill of the history (40,000 page
    /// reads of a pod's 0.27 s timeline on a month).
    static let oomKillsSQL = "SELECT count(*) FROM container_terminations WHERE pod_uid = ? AND cluster = ? AND +reason = 'OOMKilled'"

    /// A lifecycle point: name, time, and seconds since creation (or the first row).
    public struct Milestone: Sendable, Equatable {
        public var name: String
        public var time: Timestamp
        public var elapsed: Double
    }

    /// The pod.
    public var pod: TimelinePod
    /// created, scheduled, started, ready, deletion requested, deleted (those known).
    public var milestones: [Milestone]
    /// Phase durations in seconds by name (`schedule_s`, `startup_s`...), in a stable order.
    public var durations: [(name: String, seconds: Double)]
    /// Where the durations come from: `phase_durations` (the analysis view) or `pods`.
    public var durationsSource: String
    /// kubectl RESTARTS (the largest seen).
    public var restarts: Int
    /// Distinct container OOM kills.
    public var oomKills: Int
    /// Why the pod was evicted, preempted or otherwise disrupted, as the `evictions` view says:
    /// `cause: message` (`memory-pressure: The node was low on resource: memory. …`); nil when
    /// the view has no row for the pod (or the database no such view).
    public var eviction: String?

    /// Field-by-field equality (tuples are not Equatable).
    public static func == (lhs: TimelineSummary, rhs: TimelineSummary) -> Bool {
        lhs.pod == rhs.pod && lhs.milestones == rhs.milestones && lhs.durationsSource == rhs.durationsSource
            && lhs.durations.map(\.name) == rhs.durations.map(\.name) && lhs.durations.map(\.seconds) == rhs.durations.map(\.seconds)
            && lhs.restarts == rhs.restarts && lhs.oomKills == rhs.oomKills && lhs.eviction == rhs.eviction
    }

    /// Builds the header of `pod`: `begin` and `last` are its first row time and last
    /// occurrence over all its rows (`TimelinePodRows.bounds`), the removal cause from the
    /// `evictions` view, OOM kills from `container_terminations`, durations
    /// from the `phase_durations` view when the database has it. Bounded queries only.
    init(pod: TimelinePod, begin: Timestamp?, last: Timestamp?, store: TimelineStore) throws {
        self.pod = pod
        let origin = pod.createdAt ?? begin ?? Timestamp(micros: 0)
        let points: [(String, Timestamp?)] = [
            ("created", pod.createdAt), ("scheduled", pod.scheduledAt), ("started", pod.startedAt), ("ready", pod.readyAt),
            ("deletion requested", pod.deletionRequestedAt), ("deleted", pod.deletedAt),
        ]
        milestones = points.compactMap { name, time in
            time.map { Milestone(name: name, time: $0, elapsed: TimelineDuration.seconds(from: origin, to: $0)) }
        }
        restarts = pod.restarts
        oomKills = try store.connection.scalar(Self.oomKillsSQL, [.text(pod.uid), .text(pod.cluster)]).int.map { Int($0) } ?? 0
        if try store.hasRelation("evictions"), let row = try store.rows(
            "SELECT cause, message FROM evictions WHERE pod_uid = :uid AND cluster = :cluster",
            ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]).first
        {
            eviction = (row.text("cause") ?? "other") + (row.text("message").map { ": \($0)" } ?? "")
        }
        if try store.hasRelation("phase_durations"), let row = try store.rows("SELECT * FROM phase_durations WHERE pod_uid = :uid", ["uid": .text(pod.uid)]).first {
            durationsSource = "phase_durations"
            durations = row.columns.sorted { $0.value < $1.value }.compactMap { name, index in
                guard name.hasSuffix("_s"), let seconds = row.values[index].double else { return nil }
                return (name, seconds)
            }
        } else {
            durationsSource = "pods"
            durations = Self.durations(pod, end: last)
        }
    }

    /// A duration column name for people: `startup_no_pull_s` → `startup no pull`.
    static func label(_ name: String) -> String {
        (name.hasSuffix("_s") ? String(name.dropLast(2)) : name).replacingOccurrences(of: "_", with: " ")
    }

    /// Durations computed straight from the `pods` row: creation → scheduled, scheduled →
    /// first container running, creation → first Ready, deletion requested → gone, and
    /// creation → gone (or last seen).
    static func durations(_ pod: TimelinePod, end lastSeen: Timestamp?) -> [(name: String, seconds: Double)] {
        func span(_ start: Timestamp?, _ end: Timestamp?) -> Double? {
            guard let start, let end else { return nil }
            return TimelineDuration.seconds(from: start, to: end)
        }
        let spans: [(String, Double?)] = [
            ("schedule_s", span(pod.createdAt, pod.scheduledAt)),
            ("start_s", span(pod.scheduledAt, pod.startedAt)),
            ("startup_s", span(pod.createdAt, pod.readyAt)),
            ("terminating_s", span(pod.deletionRequestedAt, pod.deletedAt)),
            ("lifetime_s", span(pod.createdAt, pod.deletedAt ?? lastSeen)),
        ]
        return spans.compactMap { name, seconds in seconds.map { (name, $0) } }
    }
}
