import PodtrailKit
/// Where a late pod's archive begins (`SimulationOptions.latePodsPercent`): the first snapshot
/// that meets its condition, or the first one at or after `until`.
struct LateStart {
    /// What starts the archive before `until`.
    enum Condition {
        /// The pod is Ready with at least one restart: first seen Ready after restarts.
        case readyAfterRestarts
        /// The pod shows at least this many restarts (RESTARTS, any state).
        case restarts(Int)
        /// Only the time.
        case time
    }

    var until: Int64
    var condition: Condition
    /// The archive has begun: every later snapshot is archived (outside events-only hours).
    var begun = false

    /// A late start for a pod created at `created`, or nil when the pod is archived from its
    /// creation; draws from a generator of its own, so the pod's life is the same either way.
    static func choose(percent: Int, created: Int64, seed: UInt64) -> LateStart? {
        guard percent > 0 else { return nil }
        var rng = SplitMix64(seed: seed ^ 0x6C61_7465_2D70_6F64)
        guard rng.int(0...99) < percent else { return nil }
        let until = created + rng.int64(600...7200)
        switch rng.int(0...2) {
        case 0: return LateStart(until: until, condition: .readyAfterRestarts)
        case 1: return LateStart(until: until, condition: .restarts(rng.int(1...3)))
        default: return LateStart(until: until, condition: .time)
        }
    }
}

extension PodLife {
    /// Whether the snapshot about to be taken at `time` reaches the archive.
    ///
    /// Snapshots that carry the evidence of an eviction or disruption (`evidence`) are always
    /// archived, so that `truth.json`'s evictions stay exact; the others are left out inside
    /// the events-only hours and before a late pod's archive begins.
    mutating func archives(at time: Int64) -> Bool {
        if evidence {
            evidence = false
            return true
        }
        if let hours = run.options.eventsOnlyHours {
            let window = (run.start + Int64(hours.lowerBound) * 3600)..<(run.start + Int64(hours.upperBound) * 3600)
            if window.contains(time) { return false }
        }
        guard var late = lateStart, !late.begun else { return true }
        let restarts = pod.reportsContainerStatuses ? pod.restarts : 0
        switch late.condition {
        case .readyAfterRestarts: late.begun = restarts >= 1 && pod.condition("Ready")?.status == "True"
        case .restarts(let count): late.begun = restarts >= count
        case .time: break
        }
        late.begun = late.begun || time >= late.until
        lateStart = late
        return late.begun
    }

    /// What one archived snapshot proves about the first start of the regular containers (rule
    /// of Docs/SIMULATOR.md, derived here from the simulated statuses): a container's first run
    /// shows with restartCount 0 (its current or terminated run, or an earlier one in
    /// lastState), or with restartCount 1 in lastState; any other container that has restarted
    /// hides it. Returns the earliest proven start, or `unknown`.
    func provenFirstStart() -> (at: Int64?, unknown: Bool) {
        guard pod.reportsContainerStatuses else { return (nil, false) }
        var earliest: Int64?
        for status in pod.statuses {
            var current: Int64?
            if case .running(let startedAt) = status.state { current = startedAt }
            if case .terminated(let t) = status.state { current = t.startedAt }
            var proven: Int64?
            switch status.restartCount {
            case 0: proven = [current, status.lastState?.startedAt].compactMap { $0 }.min()
            case 1:
                // lastState is the first run only while the second runs or has just ended.
                guard let last = status.lastState, current != nil else { return (nil, true) }
                proven = last.startedAt
            default: return (nil, true)
            }
            if let proven { earliest = min(earliest ?? proven, proven) }
        }
        return (earliest, false)
    }
}
