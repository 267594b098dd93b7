import PodtrailKit
/// The exact facts of one simulated pod, as the ingester must reconstruct them.
struct PodTruth {
    var uid: String
    var namespace: String
    var name: String
    var workloadKind: String
    var workload: String
    var fate: String
    var node: String?
    var createdAt: Int64
    var scheduledAt: Int64?
    var startedAt: Int64?
    var readyAt: Int64?
    var deletionRequestedAt: Int64?
    var gracePeriod: Int?
    var deletedAt: Int64?
    var firstObservedAt: Int64 = .max
    var lastObservedAt: Int64 = .min
    var finalPhase = ""
    var finalStatus = ""
    var finalReason: String?
    var restarts = 0
    var qosClass: String
    var snapshots = 0
    /// Sum of the durations in "Successfully pulled" messages, in ms; 0 when every image was
    /// already present; nil without any Pulled event.
    var imagePullMilliseconds: Int64?
    var memoryLimitBytes: Int64?
    /// Memory limit per container name, in bytes.
    var containerLimits: [String: Int64] = [:]
    /// Every container termination (container, finishedAt, reason, exit code).
    var terminations: [(container: String, startedAt: Int64, finishedAt: Int64, reason: String?, exitCode: Int)] = []
    /// Every container run archived (container, startedAt), in order of first sight.
    var runs: [(container: String, startedAt: Int64)] = []
    /// `container startedAt` of `runs` and `container finishedAt` of `terminations`, for lookups.
    var runKeys: Set<String> = []
    var terminationKeys: Set<String> = []
    /// Every archived observation in resourceVersion order: observed_at, phase, status, DELETED.
    var observations: [(at: Int64, phase: String, status: String, deleted: Bool)] = []
    /// The Scheduled event's `eventTime` in microseconds, when archived.
    var scheduledEventMicros: Int64?
    /// The last FailedScheduling attempt's time in microseconds (its event's
    /// `series.lastObservedTime`): a pod never scheduled was pending at least until then.
    var lastSchedulingFailureMicros: Int64?
    /// Every archived observation's readiness: observed_at, the Ready condition's status (nil
    /// without one), kubectl RESTARTS and the `Ready=True` transition it shows.
    var readiness: [(at: Int64, ready: Bool?, restarts: Int, transition: Int64?)] = []
    /// A `Ready=True` transition was archived but is not provably the first (`settleFirstReady`).
    var firstReadyUnknown = false
    /// An archived observation showed a container whose first run it cannot prove.
    var firstStartUnknown = false
    /// Archived observations of a container waiting in CrashLoopBackOff (container, observed_at).
    var loopMarks: [(container: String, at: Int64)] = []
    /// The pod's restart back-off Event objects (container, first and last occurrence, count).
    var backOffs: [(container: String, first: Int64, last: Int64, count: Int)] = []
    /// The pod's Pulled Event objects: first occurrence, pulled milliseconds per occurrence (0
    /// for "already present"), count.
    var pulls: [(first: Int64, milliseconds: Int64, count: Int)] = []
    /// A kubelet event (whole seconds) about the pod began in the second of its µs Scheduled event.
    var sameSecondEvents = false
    /// The spec's regular container names, and its init containers (none is a sidecar here).
    var regularContainers: [String] = []
    var initContainers: Set<String> = []
    /// Each regular container's first start, the earliest any archived observation proves.
    var containerFirstStarts: [String: Int64] = [:]
    /// An archived live observation (not a watch `DELETED`) showed every regular container
    /// started: running, terminated, or restarted.
    var allStartedSeen = false
    /// An archived observation had `PodScheduled=False`, or a `FailedScheduling` event was archived.
    var schedulingFailureSeen = false
    /// Known only from events about it (no snapshot archived).
    var knownFromEvents: Bool { snapshots == 0 }
}

extension PodTruth {
    /// Seconds per phase and per kubectl status, from the observations laid end to end, as the analysis does: each
    /// lasts from its observed_at to the next one's (ordered by observed_at, live before DELETED,
    /// then resourceVersion); the last live one until `deletedAt` when seen deleted, else 0 s;
    /// the first starts at creation when it is Pending; a DELETED record lasts 0 s and shows no
    /// status.
    func segments() -> (phases: [String: Int64], statuses: [String: Int64]) {
        let ordered = observations.enumerated().sorted { a, b in
            (a.element.at, a.element.deleted ? 1 : 0, a.offset) < (b.element.at, b.element.deleted ? 1 : 0, b.offset)
        }.map(\.element)
        var phases: [String: Int64] = [:]
        var statuses: [String: Int64] = [:]
        for (index, observation) in ordered.enumerated() {
            var start = observation.at
            if index == 0 && observation.phase == "Pending" && createdAt < observation.at { start = createdAt }
            var end = observation.at
            if !observation.deleted {
                if index + 1 < ordered.count {
                    end = ordered[index + 1].at
                } else if let deletedAt, deletedAt > observation.at {
                    end = deletedAt
                }
            }
            phases[observation.phase, default: 0] += end - start
            if !observation.deleted { statuses[observation.status, default: 0] += end - start }
        }
        return (phases, statuses)
    }
}

extension PodTruth {
    /// Seconds each archived run lasted: to its termination's finishedAt, else to the pod's
    /// deletion, else to its last observation (the analysis' `container_runs`).
    func runSeconds() -> [(container: String, seconds: Int64)] {
        var finishes: [String: Int64] = [:]
        for t in terminations { finishes[t.container + " " + String(t.startedAt)] = t.finishedAt }
        return runs.map { run in
            let end = finishes[run.container + " " + String(run.startedAt)] ?? deletedAt ?? lastObservedAt
            return (run.container, end - run.startedAt)
        }
    }
}

/// One crash-loop episode.
struct EpisodeTruth {
    var podUID: String
    var namespace: String
    var workload: String
    var container: String
    var startedAt: Int64
    var endedAt: Int64?
    /// recovered | deleted | open
    var endedBy = "open"
    /// nil (unknown) for a pod known only from events.
    var restarts: Int?
    var backoffEvents: Int
    var lastExitCode: Int?
    var lastReason: String?
}

/// One evicted or disrupted pod.
struct EvictionTruth {
    var podUID: String
    var namespace: String
    var workload: String
    var node: String
    var evictedAt: Int64
    var cause: String
    var resource: String?
    var message: String?
    var wording: String
}

/// Everything `truth.json` says, collected while the simulation runs.
struct SimulationTruth {
    var pods: [PodTruth] = []
    var episodes: [EpisodeTruth] = []
    var evictions: [EvictionTruth] = []
    /// Event occurrences (sum of counts) per reason; `BackOff` is also split in `backOffKinds`.
    var reasons: [String: Int] = [:]
    var eventObjects: [String: Int] = [:]
    var restartBackOff = 0
    var imagePullBackOff = 0
    var nodeOOMEvents = 0
    var nodeOOMByReason: [String: Int] = [:]
    var statuses: Set<String> = []
    var podSnapshots = 0
    var eventObservations = 0

    /// Adds the final state of an Event object.
    mutating func count(_ event: SimEvent) {
        reasons[event.reason, default: 0] += event.occurrences
        eventObjects[event.reason, default: 0] += 1
        if event.reason == "BackOff" {
            if event.message.hasPrefix("Back-off restarting") {
                restartBackOff += event.occurrences
            } else {
                imagePullBackOff += event.occurrences
            }
        }
        if event.object.kind == "Node" && (event.reason == "SystemOOM" || event.reason == "OOMKilling") {
            nodeOOMEvents += event.occurrences
            nodeOOMByReason[event.reason, default: 0] += event.occurrences
        }
    }
}
