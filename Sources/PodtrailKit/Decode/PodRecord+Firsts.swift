/// What one Pod observation proves about the pod's *first* start and *first* Ready.
///
/// A condition's `lastTransitionTime` is the latest flip and a container's `startedAt` is its
/// current run's: an object captured after a restart or a readiness flap does not tell when
/// the pod first ran or first became Ready (real captures often are such objects). These rules
/// take a first start from an observation only when the observation can show it; the first
/// Ready needs the pod's other observations too (`StoreSQL.upsertPod`).
extension PodRecord {
    /// What one observation says about a first time: proven, not reached yet, or unknowable.
    public enum First: Equatable, Sendable {
        /// The observation proves the first time.
        case at(Timestamp)
        /// Not reached in this observation (no Ready condition True, no container started).
        case notYet
        /// Reached before this observation, at a time it cannot show (restarts came since).
        case unknown

        /// The proven time, if any.
        public var time: Timestamp? {
            if case .at(let time) = self { time } else { nil }
        }
    }

    /// The `Ready=True` transition this observation shows (the latest flip, which is the first
    /// only when nothing restarted since: `StoreSQL.upsertPod` decides, with the pod's other
    /// observations).
    public var readyTransition: Timestamp? {
        guard let ready = condition("Ready"), ready.status == "True" else { return nil }
        return ready.lastTransitionTime
    }

    /// When the first regular container first ran: the earliest of the regular containers' first
    /// runs, unknown when any container that has run cannot show its first run.
    public var firstContainerStart: First {
        var earliest: Timestamp?
        var started = false
        for container in regularContainers {
            switch container.firstRun {
            case .at(let time):
                started = true
                if earliest.map({ time < $0 }) ?? true { earliest = time }
            case .unknown: return .unknown
            case .notYet: continue
            }
        }
        guard started, let earliest else { return .notYet }
        return .at(earliest)
    }
}

extension PodRecord.Container {
    /// When this container first ran, as far as this observation shows: the current run's start
    /// with no restart; with one restart, while the second run is running or has just ended,
    /// `lastState`'s start (or the current run's when that termination never ran); unknown after
    /// more restarts, after one with no `lastState` to show it, or while waiting after the second
    /// run (then `lastState` is the second run).
    public var firstRun: PodRecord.First {
        switch restartCount {
        case 0:
            if let start = [startedAt, lastTermination?.startedAt].compactMap({ $0 }).min() { return .at(start) }
            return .notYet
        case 1:
            // The second run is running or has just terminated: lastState is the first. Once it
            // waits to restart (CrashLoopBackOff), lastState is the second run.
            guard let last = lastTermination, isRunningOrTerminated else { return .unknown }
            if let start = last.startedAt { return .at(start) }
            return startedAt.map { .at($0) } ?? .unknown
        default:
            return .unknown
        }
    }
}

extension PodRecord.Container {
    /// True while the container runs or has terminated (not waiting to start again).
    var isRunningOrTerminated: Bool {
        switch state {
        case .running, .terminated: true
        case .waiting, .unknown: false
        }
    }
}

extension PodRecord.Termination {
    /// Termination reasons the runtime gives a process it could not start.
    static let failedToStartReasons: Set<String> = [
        "ContainerCannotRun", "StartError", "RunContainerError", "CreateContainerError", "CreateContainerConfigError",
    ]

    /// True when the process never ran: no `startedAt` (or the epoch containerd writes for
    /// one), a start-failure reason (`ContainerCannotRun` from Docker, `StartError` from
    /// containerd, `RunContainerError`), or exit code 127/128 with `startedAt` equal to
    /// `finishedAt` (the runtime could not exec the command).
    public var neverRan: Bool {
        guard let startedAt, startedAt.micros > 0 else { return true }
        if let reason, Self.failedToStartReasons.contains(reason) { return true }
        if let exitCode, exitCode == 127 || exitCode == 128, startedAt == finishedAt { return true }
        return false
    }
}
