/// One bar of a pod's phase chart: the pod was pending, pulling, running, in crash-loop
/// back-off or terminating from `start` to `end`.
public struct TimelinePhase: Sendable, Equatable {
    /// The kinds of bars, in chart order.
    public enum Kind: String, Sendable, CaseIterable {
        case pending
        case pulling
        case running
        case crashLoopBackOff = "crash-loop back-off"
        case terminating
    }

    /// Which phase.
    public var kind: Kind
    /// The bar's label: the displayed status, or `pull CONTAINER`.
    public var label: String
    /// When it began.
    public var start: Timestamp
    /// When it ended.
    public var end: Timestamp

    /// The phase a displayed status (kubectl STATUS) belongs to; nil for end states.
    static func kind(ofStatus status: String) -> Kind? {
        switch status {
        case "Running", "NotReady": .running
        case "Pending", "ContainerCreating", "PodInitializing": .pending
        case "ErrImagePull", "ImagePullBackOff": .pulling
        case "CrashLoopBackOff", "Error", "OOMKilled", "RunContainerError", "CreateContainerError": .crashLoopBackOff
        case "Terminating": .terminating
        default:
            if status.hasPrefix("Init:") { status.contains("BackOff") ? .crashLoopBackOff : .pending }
            else if status.hasPrefix("ExitCode:") || status.hasPrefix("Signal:") { .crashLoopBackOff }
            else { nil }
        }
    }

    /// The bars of `pod` from its unfiltered rows: status intervals (from one pod status
    /// change to the next, or to `end`), pending from creation until the first container
    /// started (then the first running bar starts there),
    /// pulling from each `Pulling` event to the next `Pulled` of the same container, and
    /// terminating from the deletion request to `end`. Touching bars of one kind and label merge.
    static func phases(of pod: TimelinePod, rows: [TimelineRow], end: Timestamp) -> [TimelinePhase] {
        let sorted = rows.sorted { $0.time < $1.time }
        var bars: [TimelinePhase] = []
        let statuses = sorted.filter { $0.source == .status && $0.object == "pod" }
        for (index, status) in statuses.enumerated() {
            guard let kind = kind(ofStatus: status.reason) else { continue }
            let next = index + 1 < statuses.count ? statuses[index + 1].time : end
            if status.time < next { bars.append(TimelinePhase(kind: kind, label: status.reason, start: status.time, end: next)) }
        }
        // Snapshots are samples: the pod was pending from creation until its first container
        // started (startedAt is exact), and running from then on.
        let firstRun = bars.first { $0.kind != .pending }?.start
        if let created = pod.createdAt, let started = pod.startedAt ?? firstRun, created < started {
            bars.removeAll { $0.kind == .pending && $0.start < started }
            bars.append(TimelinePhase(kind: .pending, label: "Pending", start: created, end: started))
            if let index = bars.firstIndex(where: { $0.kind != .pending }), bars[index].kind == .running, started < bars[index].start,
                !bars.contains(where: { $0.kind == .pending && $0.start >= started && $0.start < bars[index].start }) {
                bars[index].start = started
            }
        }
        for pulling in sorted where pulling.source == .event && pulling.reason == "Pulling" {
            let pulled = sorted.first { $0.source == .event && $0.reason == "Pulled" && $0.container == pulling.container && $0.time >= pulling.time }
            let finish = pulled?.time ?? pulling.lastSeen
            if pulling.time < finish {
                bars.append(TimelinePhase(kind: .pulling, label: "pull " + (pulling.container.isEmpty ? "image" : pulling.container),
                                          start: pulling.time, end: finish))
            }
        }
        if let requested = pod.deletionRequestedAt, requested < end {
            bars.append(TimelinePhase(kind: .terminating, label: "Terminating", start: requested, end: end))
        }
        return merge(bars)
    }

    /// The part of the bar inside `window`; nil when none is.
    func clipped(to window: TimeWindow) -> TimelinePhase? {
        var bar = self
        if let since = window.since, bar.start < since { bar.start = since }
        if let until = window.until, until < bar.end { bar.end = until }
        return bar.start < bar.end ? bar : nil
    }

    /// Sorts by kind then start, and joins overlapping or touching bars of the same kind and label.
    static func merge(_ bars: [TimelinePhase]) -> [TimelinePhase] {
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        var result: [TimelinePhase] = []
        for bar in bars.sorted(by: { order[$0.kind]! != order[$1.kind]! ? order[$0.kind]! < order[$1.kind]! : $0.start < $1.start }) {
            if let last = result.last, last.kind == bar.kind, last.label == bar.label, bar.start <= last.end {
                result[result.count - 1].end = max(last.end, bar.end)
            } else {
                result.append(bar)
            }
        }
        return result
    }
}
