import PodtrailKit
/// What happens to a pod, chosen when it is created.
enum Fate: String, CaseIterable {
    case healthy, unschedulable, imagePull, stuckCreating
    case crashLoop, crashLoopOOM, oomOnce, oomRepeated
    case memoryPressure = "memory-pressure", diskPressure = "disk-pressure", pidPressure = "pid-pressure"
    case storageLimit = "ephemeral-storage-limit", preempted = "preemption", drained = "api-eviction"
    case jobSucceeded, jobFailed
}

extension PodLife {
    /// Simulates the pod's whole life and hands its facts to the run.
    mutating func simulate() {
        let fate = chooseFate()
        truth.fate = fate.rawValue
        do {
            try live(fate)
        } catch {
            // PastEnd: the window is over for this pod.
        }
        finish()
    }

    private mutating func chooseFate() -> Fate {
        switch template.kind {
        case .job, .cronJob: return rng.chance(0.85) ? .jobSucceeded : .jobFailed
        case .daemonSet: return .healthy
        default: break
        }
        guard rng.int(0...99) < template.trouble else { return .healthy }
        let fates: [Fate] = [.unschedulable, .imagePull, .stuckCreating, .crashLoop, .crashLoopOOM, .oomOnce, .oomRepeated,
                             .memoryPressure, .diskPressure, .pidPressure, .storageLimit, .preempted, .drained]
        let weights = template.oomProne ? [3, 2, 2, 4, 10, 12, 8, 6, 1, 1, 1, 2, 2] : [6, 7, 4, 12, 3, 4, 2, 5, 4, 3, 3, 4, 5]
        return fates[rng.weighted(weights)]
    }

    private mutating func live(_ fate: Fate) throws {
        try create()
        var t = pod.creation + rng.int64(0...2)
        let lifetime: Int64 =
            switch template.kind {
            case .daemonSet: 400 * 86_400
            case .statefulSet: rng.int64(1800...(5 * 3600))
            case .bare: rng.int64(300...3600)
            default: rng.int64(1200...(8 * 3600))
            }
        var lifeEnd = pod.creation + lifetime
        if fate == .unschedulable {
            let message = "0/\(run.nodes.count) nodes are available: \(run.nodes.count) Insufficient memory. preemption: 0/\(run.nodes.count) nodes are available: \(run.nodes.count) No preemption victims found for incoming pod."
            pod.setCondition("PodScheduled", "False", at: t, reason: "Unschedulable", message: message)
            let first = t * 1_000_000 + rng.int64(0...999_999)
            try newAPIEvent(first, "FailedScheduling", message, type: "Warning", action: "Scheduling")
            truth.lastSchedulingFailureMicros = first
            try snap(t)
            let outcome = rng.int(0...2)
            let attempts = outcome == 2 ? Int.max : rng.int(1...10)
            var attempt = 0
            while attempt < attempts {
                t += rng.int64(30...300)
                let micros = t * 1_000_000 + rng.int64(0...999_999)
                try newAPIEvent(micros, "FailedScheduling", message, type: "Warning", action: "Scheduling")
                truth.lastSchedulingFailureMicros = micros
                attempt += 1
            }
            if outcome == 1 {
                try delete(at: t + rng.int64(5...60), grace: 30)
                return
            }
            t += rng.int64(1...20)
            lifeEnd = max(lifeEnd, t + 600)
        }
        let troubled = fate != .healthy && template.kind != .daemonSet
        var generation: KubeletGeneration?
        if [.memoryPressure, .diskPressure, .pidPressure, .storageLimit, .preempted].contains(fate) {
            // Kubelet messages differ by version: take the generations in turn.
            let turn = run.evictionCounter[fate.rawValue, default: 0]
            generation = [KubeletGeneration.legacy, .previous, .current][turn % 3]
            run.evictionCounter[fate.rawValue] = turn + 1
        }
        try schedule(at: t, quiet: generation != nil ? 3600 : troubled ? 3 * 3600 : 900, generation: generation)
        // Same-second events (opt-in): admitted and first image pulled in the binding's second.
        let admission = rng.int64(0...1)
        let sameSecond = run.options.sameSecondEvents
        t += sameSecond ? 0 : admission
        try admit(at: t)
        t += sameSecond ? 0 : 1
        if fate == .stuckCreating {
            let until = t + rng.int64(120...900)
            while t < until {
                try event(t, "FailedMount", "MountVolume.SetUp failed for volume \"config\" : configmap \"\(pod.namespace)-config\" not found",
                          type: "Warning")
                t += rng.int64(60...130)
            }
            if rng.chance(0.3) {
                try delete(at: t, grace: 30)
                return
            }
        }
        t = try runInitContainers(from: t)
        if fate == .imagePull {
            let outcome = rng.weighted([2, 2, 1])
            t = try imagePullFailure(from: t, attempts: outcome == 2 ? 1000 : rng.int(2...7))
            if outcome == 1 {
                try delete(at: t + rng.int64(1...5))
                return
            }
            // The image was pushed: the next pull succeeds.
        }
        t = try startContainers(from: t)
        switch fate {
        case .jobSucceeded, .jobFailed:
            try runJob(from: t, succeed: fate == .jobSucceeded)
            return
        case .crashLoop, .crashLoopOOM:
            let outcome = rng.int(0...9)
            if outcome == 9 {
                _ = try crashLoop(from: t, crashes: 1000, oom: fate == .crashLoopOOM)
            }
            t = try crashLoop(from: t, crashes: rng.int(3...8), oom: fate == .crashLoopOOM)
            if outcome >= 6 {
                try delete(at: t + rng.int64(2...30))
                return
            }
            recover()
            lifeEnd = max(lifeEnd, t + 900)
        case .oomOnce, .oomRepeated:
            for _ in 0..<(fate == .oomOnce ? 1 : rng.int(2...4)) {
                t = try crash(0, at: t + rng.int64(660...3600), oom: true)
            }
            lifeEnd = max(lifeEnd, t + 600)
        case .memoryPressure, .diskPressure, .pidPressure, .storageLimit:
            let at = t + rng.int64(60...min(3000, max(120, lifeEnd - t)))
            if try interrupted(before: at) { return }
            try evict(at: at, cause: fate.rawValue)
            if template.kind == .statefulSet || rng.chance(0.3) {
                // The StatefulSet controller (or a cleanup job) removes the failed pod.
                try deleteFinished(at: at + (template.kind == .statefulSet ? rng.int64(1...5) : rng.int64(900...5400)))
            }
            return
        case .preempted, .drained:
            let at = t + rng.int64(60...min(3000, max(120, lifeEnd - t)))
            if try interrupted(before: at) { return }
            guard at < run.end else { throw PastEnd() }
            try disrupt(at: at, cause: fate.rawValue)
            return
        default:
            break
        }
        if try interrupted(before: lifeEnd) { return }
        try delete(at: lifeEnd)
    }

    /// Handles a node incident that starts before `deadline`; true when it ended the pod.
    private mutating func interrupted(before deadline: Int64) throws -> Bool {
        guard let node, let incident = node.incidents.first(where: { $0.begin >= pod.creation && $0.begin < deadline }) else {
            return false
        }
        guard incident.begin + 400 < run.end else { throw PastEnd() }
        switch incident.kind {
        case .unreachable:
            try nodeUnreachable(incident)
            return template.kind != .daemonSet
        case .shutdown:
            try nodeShutdown(incident)
            return true
        }
    }

    /// A Job pod runs to completion or failure; the CronJob's history limit (or the Job's TTL)
    /// deletes it later.
    private mutating func runJob(from time: Int64, succeed: Bool) throws {
        let finished = time + rng.int64(10...900)
        try finishJob(at: finished, succeed: succeed)
        if rng.chance(succeed ? 0.12 : 0.35) {
            // The kubelet restarted after the runtime had removed the container: the status no
            // longer lists it, and kubectl prints the bare phase (Succeeded / Failed).
            pod.reportsContainerStatuses = false
            try snap(finished + rng.int64(60...600))
        }
        try deleteFinished(at: finished + rng.int64(1800...5400))
    }

    /// Hands the pod's facts to the run: the first Ready, image pulls and crash-loop episodes
    /// follow from what was archived (`PodTruth+Derived`).
    private mutating func finish() {
        let prefix = "Back-off restarting failed container "
        for event in events where event.reason == "BackOff" && event.message.hasPrefix(prefix) {
            guard let end = event.message.range(of: " in pod ") else { continue }
            let container = String(event.message[event.message.index(event.message.startIndex, offsetBy: prefix.count)..<end.lowerBound])
            truth.backOffs.append((container, event.first, event.last, event.count))
        }
        for (index, milliseconds) in pullFigures.sorted(by: { $0.key < $1.key }) {
            truth.pulls.append((events[index].first, milliseconds, events[index].count))
        }
        if let micros = truth.scheduledEventMicros, micros % 1_000_000 != 0 {
            truth.sameSecondEvents = events.contains {
                $0.series == nil && $0.component == "kubelet" && $0.object.uid == pod.uid && $0.first == micros / 1_000_000
            }
        }
        if events.contains(where: { $0.reason == "FailedScheduling" }) { truth.schedulingFailureSeen = true }
        truth.settleFirstReady()
        truth.settleImagePulls()
        run.truth.episodes += truth.episodes()
        for event in events { run.truth.count(event) }
        if !deleted, let lastPayload, run.options.streams.contains(.podsList) { run.remaining.append((pod.uid, lastPayload)) }
        if template.kind == .statefulSet {
            run.statefulNames[pod.name] = deleted ? max(lastObservation, pod.deletionTimestamp ?? 0) + 1 : .max
        }
        // A pod with no archived snapshot is still known from the events that name it by uid.
        let named = events.contains { $0.object.kind == "Pod" && $0.object.uid == pod.uid }
        if truth.snapshots > 0 || named { run.truth.pods.append(truth) }
    }
}
