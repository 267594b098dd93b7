import PodtrailKit
/// Thrown when a pod's life reaches the end of the simulated window: nothing later is archived.
struct PastEnd: Error {}

/// The simulation of one pod from creation to deletion (or the end of the window), writing its
/// snapshots and events into the run's archive and its facts into the truth.
///
/// A pod has its own generator, seeded from the run's seed and the pod's position, so pods
/// do not disturb each other's random numbers.
struct PodLife {
    let run: SimulationRun
    let template: WorkloadTemplate
    var rng: SplitMix64
    var pod: SimPod
    var node: SimNode?
    var fixedNode: Int?
    var truth: PodTruth
    var events: [SimEvent] = []
    var eventKeys: [String: Int] = [:]
    /// The last archived JSON of the pod, and whether the pod was deleted (archived or not).
    var lastPayload: [UInt8]?
    var deleted = false
    /// Crash back-off per container: current delay and the time it was last advanced.
    var backoff: [String: (delay: Int64, updated: Int64)] = [:]
    /// Crash-loop episodes of this pod, with the index of their BackOff event and the time the
    /// container last restarted.
    var episodes: [(truth: EpisodeTruth, event: Int?, lastRestart: Int64, recovered: Bool)] = []
    var containerCounter = 0
    /// The encoded spec and what it depends on (node and first image; nothing else changes).
    var cachedSpec: (key: String, bytes: [UInt8])?
    /// The recorder's spam filter per source and event type: a token bucket of 25, refilled one
    /// token every 5 minutes (client-go `EventSourceObjectSpamFilter`).
    var spamTokens: [String: (tokens: Double, at: Int64)] = [:]
    /// Where a late pod's archive begins (nil: archived from creation).
    var lateStart: LateStart?
    /// The next snapshot carries an eviction's evidence and is archived whatever the gaps.
    var evidence = false
    /// Pulled Event objects (index in `events`) and the milliseconds each occurrence pulled.
    var pullFigures: [Int: Int64] = [:]
    /// The latest observed_at of the pod's snapshots, archived or not.
    var lastObservation = Int64.min

    /// A new pod of `template` created at `created` (`fixedNode`: a DaemonSet pod's node).
    init(run: SimulationRun, template: WorkloadTemplate, created: Int64, fixedNode: Int?, seed: UInt64) {
        self.run = run
        self.template = template
        self.fixedNode = fixedNode
        var rng = SplitMix64(seed: seed)
        let uid = rng.uuid()
        let identity = PodLife.identity(template, created: created, rng: &rng, run: run)
        pod = SimPod(uid: uid, name: identity.name, namespace: template.namespace, creation: created)
        pod.generateName = identity.generateName
        pod.labels = identity.labels
        pod.owner = identity.owner
        pod.containers = template.containers
        pod.initContainers = template.initContainers
        pod.qosClass = template.qosClass
        pod.restartPolicy = template.kind == .job || template.kind == .cronJob ? "Never" : "Always"
        pod.priority = template.kind == .daemonSet ? 2_000_001_000 : 0
        truth = PodTruth(
            uid: uid, namespace: template.namespace, name: identity.name, workloadKind: identity.workloadKind,
            workload: identity.workload, fate: "", createdAt: created, qosClass: pod.qosClass)
        truth.memoryLimitBytes = Self.totalMemoryLimit(template.containers)
        truth.regularContainers = template.containers.map(\.name)
        truth.initContainers = Set(template.initContainers.map(\.name))
        for container in template.containers + template.initContainers {
            if let limit = container.memoryLimit.flatMap(Self.bytes) { truth.containerLimits[container.name] = limit }
        }
        self.rng = rng
        lateStart = LateStart.choose(percent: run.options.latePodsPercent, created: created, seed: seed)
    }

    // MARK: - Archiving

    /// Archives the pod's current state as observed at `time`.
    mutating func snap(_ time: Int64, _ verb: ArchiveVerb = .modified) throws {
        guard time < run.end else { throw PastEnd() }
        let rv = run.nextResourceVersion()
        if verb == .deleted { deleted = true }
        lastObservation = max(lastObservation, pod.observedAt)
        guard archives(at: time) else { return }
        let specKey = (pod.nodeName ?? "") + " " + (pod.containers.first?.image ?? "")
        if cachedSpec?.key != specKey { cachedSpec = (specKey, pod.specJSON()) }
        let payload = pod.json(resourceVersion: rv, spec: cachedSpec!.bytes)
        let stream = run.podStream(pod.namespace)
        run.archive.add(stream, at: time, verb: verb, payload: payload, uid: pod.uid)
        lastPayload = payload
        let observed = pod.observedAt
        let status = run.kubectlStatus(of: payload)
        run.truth.statuses.insert(status)
        truth.observations.append((observed, pod.phase, status, verb == .deleted))
        run.truth.podSnapshots += 1
        truth.snapshots += 1
        truth.firstObservedAt = min(truth.firstObservedAt, observed)
        if observed >= truth.lastObservedAt {
            truth.lastObservedAt = observed
            truth.finalPhase = pod.phase
            truth.finalStatus = status
            truth.finalReason = pod.reason
        }
        truth.restarts = max(truth.restarts, pod.restarts)
        truth.node = pod.nodeName ?? truth.node
        if let c = pod.condition("PodScheduled"), c.status == "True" { truth.scheduledAt = min(truth.scheduledAt ?? .max, c.time) }
        let ready = pod.condition("Ready")
        truth.readiness.append((observed, ready.map { $0.status == "True" }, pod.reportsContainerStatuses ? pod.restarts : 0,
                                ready?.status == "True" ? ready?.time : nil))
        do {
            for status in pod.initStatuses + (pod.reportsContainerStatuses ? pod.statuses : []) {
                var finished: [SimTermination] = status.lastState.map { [$0] } ?? []
                if case .terminated(let t) = status.state { finished.append(t) }
                var starts = finished.map(\.startedAt)
                if case .running(let startedAt) = status.state { starts.append(startedAt) }
                for start in starts where truth.runKeys.insert(status.name + " " + String(start)).inserted {
                    truth.runs.append((status.name, start))
                }
                for t in finished where truth.terminationKeys.insert(status.name + " " + String(t.finishedAt)).inserted {
                    truth.terminations.append((status.name, t.startedAt, t.finishedAt, t.reason, t.exitCode))
                }
            }
        }
        recordStartupFacts(live: verb != .deleted)
        let firstStart = provenFirstStart()
        if let at = firstStart.at { truth.startedAt = min(truth.startedAt ?? .max, at) }
        truth.firstStartUnknown = truth.firstStartUnknown || firstStart.unknown
        for status in pod.statuses where pod.reportsContainerStatuses {
            if case .waiting("CrashLoopBackOff", _) = status.state { truth.loopMarks.append((status.name, observed)) }
        }
        if let deletion = pod.deletionTimestamp {
            truth.deletionRequestedAt = deletion - Int64(pod.gracePeriod ?? 0)
            truth.gracePeriod = pod.gracePeriod
        }
        if verb == .deleted {
            deleted = true
            if stream == .podsWatch { truth.deletedAt = observed }
        }
    }

    /// Records a legacy-recorder event about the pod (or its container), aggregating repeats of
    /// the same reason and message into one Event object with a growing count.
    ///
    /// - Parameter fresh: start a new Event object even if an identical one exists.
    /// - Returns: the index of the Event object in `events`.
    @discardableResult
    mutating func event(
        _ time: Int64, _ reason: String, _ message: String, type: String = "Normal", container: String? = nil,
        initContainer: Bool = false, component: String = "kubelet", object: SimObjectRef? = nil, fresh: Bool = false
    ) throws -> Int {
        guard time < run.end else { throw PastEnd() }
        let fieldPath = container.map { (initContainer ? "spec.initContainers{" : "spec.containers{") + $0 + "}" }
        let ref = object ?? SimObjectRef(kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid, fieldPath: fieldPath)
        let bucketKey = component + "/" + type + "/" + ref.kind + "/" + ref.name
        var bucket = spamTokens[bucketKey] ?? (25, time)
        bucket.tokens = min(25, bucket.tokens + Double(max(0, time - bucket.at)) / 300)
        bucket.at = max(bucket.at, time)
        guard bucket.tokens >= 1 else {
            // Over budget: the recorder drops the event before it reaches the API.
            spamTokens[bucketKey] = bucket
            return fresh ? -1 : eventKeys[ref.kind + ref.name + (fieldPath ?? "") + "\u{0}" + reason + "\u{0}" + message] ?? -1
        }
        bucket.tokens -= 1
        spamTokens[bucketKey] = bucket
        let key = ref.kind + ref.name + (fieldPath ?? "") + "\u{0}" + reason + "\u{0}" + message
        if !fresh, let index = eventKeys[key], time - events[index].last < 3600 {
            let old = events[index]
            events[index].count += 1
            events[index].last = max(events[index].last, time)
            run.write(event: events[index], at: time, verb: .modified, old: old)
            return index
        }
        let host = component == "kubelet" ? pod.nodeName : nil
        let event = SimEvent(
            uid: rng.uuid(), name: ref.name + "." + run.eventSuffix(time), namespace: pod.namespace, object: ref,
            reason: reason, message: message, type: type, component: component, host: host, first: time, last: time)
        eventKeys[key] = events.count
        events.append(event)
        run.write(event: event, at: time, verb: .added, old: nil)
        return events.count - 1
    }

    /// Records an event written through events.k8s.io (the scheduler): microsecond `eventTime`,
    /// repeats counted in `series`.
    mutating func newAPIEvent(
        _ micros: Int64, _ reason: String, _ note: String, type: String = "Normal", action: String,
        related: SimObjectRef? = nil
    ) throws {
        guard micros / 1_000_000 < run.end else { throw PastEnd() }
        let key = "v1\u{0}" + reason + "\u{0}" + note
        let seconds = micros / 1_000_000
        if let index = eventKeys[key] {
            let old = events[index]
            events[index].series!.count += 1
            events[index].series!.lastObserved = micros
            events[index].last = seconds
            run.write(event: events[index], at: seconds, verb: .modified, old: old)
            return
        }
        let series = SimSeries(eventTime: micros, lastObserved: micros, action: action,
                               reportingInstance: "default-scheduler-control-plane-1", related: related)
        let event = SimEvent(
            uid: rng.uuid(), name: pod.name + "." + run.eventSuffix(seconds), namespace: pod.namespace,
            object: SimObjectRef(kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid),
            reason: reason, message: note, type: type, component: "default-scheduler", host: nil,
            first: seconds, last: seconds, series: series)
        eventKeys[key] = events.count
        events.append(event)
        run.write(event: event, at: seconds, verb: .added, old: nil)
    }

    /// A fresh container id.
    mutating func containerID() -> String {
        containerCounter += 1
        var hex = ""
        for _ in 0..<4 { hex += String(rng.next() | (1 << 63), radix: 16) }
        return "containerd://" + String(hex.prefix(64))
    }

    /// The sum of the containers' memory limits in bytes; nil when one has none.
    static func totalMemoryLimit(_ containers: [SimContainerSpec]) -> Int64? {
        var total: Int64 = 0
        for container in containers {
            guard let limit = container.memoryLimit, let bytes = Self.bytes(limit) else { return nil }
            total += bytes
        }
        return total
    }

    /// Bytes of a memory quantity written by the catalogue (`256Mi`, `2Gi`, `1G`).
    static func bytes(_ quantity: String) -> Int64? {
        let units: [(String, Int64)] = [("Ki", 1024), ("Mi", 1 << 20), ("Gi", 1 << 30), ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000)]
        for (suffix, factor) in units where quantity.hasSuffix(suffix) {
            return Int64(quantity.dropLast(suffix.count)).map { $0 * factor }
        }
        return Int64(quantity)
    }
}
