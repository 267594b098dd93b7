import PodtrailKit
/// What one archived snapshot tells about the pod-startup SLI (`PodTruth.startupSLI()`).
extension PodLife {
    /// Records, from the snapshot being archived, each regular container's proven first start,
    /// whether it shows every regular container started, and a `PodScheduled=False` condition.
    ///
    /// A container's first start shows with restartCount 0 (the current run's start, or an
    /// earlier run's in lastState), or with restartCount 1 in lastState while the second run is
    /// running or has ended; after more restarts, or while waiting after one, it is hidden.
    /// A container counts as started when running, terminated (every simulated termination ran)
    /// or restarted.
    ///
    /// - Parameter live: false for a watch `DELETED` record, which the SLI does not count as a
    ///   sight of the containers started.
    mutating func recordStartupFacts(live: Bool) {
        if pod.condition("PodScheduled")?.status == "False" { truth.schedulingFailureSeen = true }
        guard pod.reportsContainerStatuses, !pod.statuses.isEmpty else { return }
        var everyStarted = true
        for status in pod.statuses {
            var current: Int64?
            switch status.state {
            case .running(let startedAt): current = startedAt
            case .terminated(let t): current = t.startedAt
            default: break
            }
            var first: Int64?
            if status.restartCount == 0 {
                first = [current, status.lastState?.startedAt].compactMap { $0 }.min()
            } else if status.restartCount == 1, current != nil {
                first = status.lastState?.startedAt
            }
            if let first { truth.containerFirstStarts[status.name] = min(truth.containerFirstStarts[status.name] ?? .max, first) }
            if current == nil && status.restartCount == 0 { everyStarted = false }
        }
        if live && everyStarted { truth.allStartedSeen = true }
    }
}
