import Foundation

/// Where a timeline row comes from.
public enum TimelineSource: String, Sendable, CaseIterable, Comparable {
    /// A lifecycle point of the pod row: Created, Scheduled, Started, Ready, DeletionRequested, Deleted.
    case pod
    /// A container termination (exit code, reason such as OOMKilled).
    case termination
    /// A change of the pod's or a container's observed status (collapsed over identical snapshots).
    case status
    /// A Kubernetes Event about the pod or another object in scope.
    case event
    /// A Kubernetes Event about the pod's node (NodeNotReady, OOMKilling, pressure...).
    case node

    /// Order of rows that share one instant: the lifecycle first, a termination before the
    /// status change it caused, then the events.
    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: TimelineSource, rhs: TimelineSource) -> Bool { lhs.rank < rhs.rank }
}

/// One line of a timeline: something that happened at one instant (or, for an aggregated
/// event or a run of identical snapshots, from `firstSeen` to `lastSeen`).
public struct TimelineRow: Sendable, Equatable {
    /// When it happened (the first occurrence for aggregated rows).
    public var time: Timestamp
    /// Seconds since the first row of the row's pod; nil for rows that belong to no pod.
    public var elapsed: Double?
    /// Seconds since the previous row shown; nil on the first row.
    public var gap: Double?
    /// Which table the row comes from.
    public var source: TimelineSource
    /// `namespace/name` of the pod the row belongs to, empty for rows about other objects.
    public var pod: String
    /// The pod's uid, empty for rows about other objects.
    public var podUID: String
    /// The object: `pod`, `container/NAME`, `node/NAME`, or `Kind/name` for other objects.
    public var object: String
    /// The container name, empty when the row is not about one container.
    public var container: String
    /// The event reason, displayed status, lifecycle step or termination reason.
    public var reason: String
    /// The event message or a description of the change.
    public var message: String
    /// Occurrences (events) or identical snapshots (status) this row stands for.
    public var count: Int
    /// The first occurrence.
    public var firstSeen: Timestamp
    /// The last occurrence (equal to `firstSeen` for single occurrences).
    public var lastSeen: Timestamp
    /// True for Warning events, failed terminations, node trouble and unhealthy statuses.
    public var isWarning: Bool

    /// Creates a row; `lastSeen` defaults to `time`.
    public init(time: Timestamp, source: TimelineSource, pod: String = "", podUID: String = "", object: String,
                container: String = "", reason: String, message: String, count: Int = 1,
                lastSeen: Timestamp? = nil, isWarning: Bool = false) {
        self.time = time
        self.source = source
        self.pod = pod
        self.podUID = podUID
        self.object = object
        self.container = container
        self.reason = reason
        self.message = message
        self.count = count
        self.firstSeen = time
        self.lastSeen = lastSeen ?? time
        self.isWarning = isWarning
    }

    /// True when the row stands for several occurrences spread over time.
    public var isAggregated: Bool { count > 1 && lastSeen > firstSeen }
}

/// How timelines print durations.
public enum TimelineDuration {
    /// Elapsed time as `+HH:MM:SS` with tenths when not whole (`+00:02:13.5`); `-` prefix
    /// for negative values.
    public static func elapsed(_ seconds: Double) -> String {
        let tenths = Int64((abs(seconds) * 10).rounded())
        let whole = tenths / 10
        var text = String(format: "%@%02lld:%02lld:%02lld", seconds < 0 ? "-" : "+", whole / 3600, whole % 3600 / 60, whole % 60)
        if tenths % 10 != 0 { text += ".\(tenths % 10)" }
        return text
    }

    /// A short duration: `850ms`, `12s`, `13.5s`, `2m13s`, `1h02m`, `3d04h`.
    public static func short(_ seconds: Double) -> String {
        let value = abs(seconds)
        let sign = seconds < 0 ? "-" : ""
        if value < 1 { return value == 0 ? "0s" : "\(sign)\(Int((value * 1000).rounded()))ms" }
        if value < 60 {
            let tenths = Int((value * 10).rounded())
            return tenths % 10 == 0 ? "\(sign)\(tenths / 10)s" : "\(sign)\(tenths / 10).\(tenths % 10)s"
        }
        let whole = Int(value.rounded())
        if whole < 3600 { return "\(sign)\(whole / 60)m" + String(format: "%02ds", whole % 60) }
        if whole < 86_400 { return "\(sign)\(whole / 3600)h" + String(format: "%02dm", whole % 3600 / 60) }
        return "\(sign)\(whole / 86_400)d" + String(format: "%02dh", whole % 86_400 / 3600)
    }

    /// Seconds between two instants.
    public static func seconds(from start: Timestamp, to end: Timestamp) -> Double {
        Double(end.micros - start.micros) / 1_000_000
    }
}
