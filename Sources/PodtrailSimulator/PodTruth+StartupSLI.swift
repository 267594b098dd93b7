import PodtrailKit
/// One pod's Kubernetes pod-startup SLI, as `truth.json` states it (`startup_sli`).
struct StartupSLITruth {
    /// Why the pod is outside the SLI's population; nil when it is in.
    var excluded: String?
    /// When every regular container was seen started (the latest of their first starts).
    var watchAt: Int64?
    /// Where `watchAt` comes from: `startedAt`, or nil without it.
    var observedBy: String?
    /// The pod's image pull time as `phase_durations.image_pull_s` has it (the Pulled figures,
    /// "including waiting", times their counts, up to the first Ready), in ms; nil when no
    /// Pulled event was archived (the pull time is unknown, not 0).
    var pullMilliseconds: Int64?
    /// The init containers' runs finished by `watchAt`, in seconds; nil when the pod has init
    /// containers and none of them has such a run.
    var initSeconds: Int64?
    /// watchAt − created − pulls − init runs, floored at 0, in ms; nil outside the population.
    var sliMilliseconds: Int64?
}

/// The pod-startup SLI derived from the simulator's own records of what it archived,
/// independently of the ingester and of `Queries/startup_sli.sql` (the rule is its header's:
/// sig-scalability's pod startup latency, stateless pods schedulable at their first attempt).
extension PodTruth {
    /// The SLI and, outside the population, the first reason in the rule's order.
    ///
    /// The simulator writes watch envelopes, `kubectl -w` objects and Lists, none of which says
    /// when a watcher saw an object, so the watch observation is always the lower bound: the
    /// latest of the regular containers' first starts (`startedAt`). It writes no volumes and
    /// no static pods, so those two exclusions never apply.
    func startupSLI() -> StartupSLITruth {
        var sli = StartupSLITruth()
        let firsts = regularContainers.map { containerFirstStarts[$0] }
        if !knownFromEvents, !firsts.isEmpty, !firsts.contains(where: { $0 == nil }) {
            sli.watchAt = firsts.compactMap { $0 }.max()
            sli.observedBy = "startedAt"
        }
        func byWatch(_ time: Int64) -> Bool { sli.watchAt.map { time <= $0 } ?? false }
        // The pod's image pull time as phase_durations has it (up to its first Ready).
        sli.pullMilliseconds = knownFromEvents ? nil : imagePullMilliseconds
        if initContainers.isEmpty {
            sli.initSeconds = 0
        } else {
            for run in terminations where initContainers.contains(run.container) && byWatch(run.finishedAt) {
                sli.initSeconds = (sli.initSeconds ?? 0) + run.finishedAt - run.startedAt
            }
        }
        sli.excluded = startupExclusion(sli)
        if sli.excluded == nil, let watch = sli.watchAt, let initSeconds = sli.initSeconds, let pulls = sli.pullMilliseconds {
            sli.sliMilliseconds = max(0, (watch - createdAt - initSeconds) * 1000 - pulls)
        }
        return sli
    }

    /// The first exclusion reason that applies, in the order of the rule; nil for a pod in the
    /// population. Every simulated Pulled message carries a figure, so only a pod with no
    /// archived Pulled event has an unknown pull time.
    private func startupExclusion(_ sli: StartupSLITruth) -> String? {
        if knownFromEvents { return "known from events only" }
        if schedulingFailureSeen { return "not schedulable at first attempt" }
        if !allStartedSeen { return "no observation of all containers started" }
        if sli.watchAt == nil { return "first start unknown" }
        if sli.pullMilliseconds == nil { return "image pull time unknown" }
        if sli.initSeconds == nil { return "init containers' run time unknown" }
        return nil
    }
}
