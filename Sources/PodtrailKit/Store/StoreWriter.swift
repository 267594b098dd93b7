/// Writes decoded records into the tables with prepared statements, merging repeated
/// observations so that nothing is stored twice.
///
/// Every statement is prepared once; callers wrap each input file in one transaction.
final class StoreWriter {
    let connection: Connection
    let cluster: String
    /// The `sources` row the records being written come from.
    var sourceID: Int64 = 0

    private let upsertEvent: Statement
    private let upsertSnapshot: Statement
    private let upsertPod: Statement
    private let upsertContainer: Statement
    private let insertEventPod: Statement
    private let insertContainerSnapshot: Statement
    private let insertTermination: Statement
    private let insertReject: Statement
    private var accumulator = PodAccumulator()
    /// Pod snapshots and Event objects inserted since the last flush, per UTC hour (hours since
    /// the epoch): what `coverage_hours` adds up.
    private var coverage: [Int64: (snapshots: Int, events: Int)] = [:]
    private let upsertCoverage: Statement
    private var pendingEvents: [String: EventRecord] = [:]
    private var pendingEventOrder: [String] = []

    init(connection: Connection, cluster: String) throws {
        self.connection = connection
        self.cluster = cluster
        upsertEvent = try connection.prepare(StoreSQL.upsertEvent)
        upsertSnapshot = try connection.prepare(StoreSQL.upsertSnapshot)
        upsertPod = try connection.prepare(StoreSQL.upsertPod)
        upsertContainer = try connection.prepare(StoreSQL.upsertContainer)
        insertEventPod = try connection.prepare(StoreSQL.insertEventPod)
        upsertCoverage = try connection.prepare(StoreSQL.upsertCoverage)
        insertContainerSnapshot = try connection.prepare(StoreSQL.insertContainerSnapshot)
        insertTermination = try connection.prepare(StoreSQL.insertTermination)
        insertReject = try connection.prepare(StoreSQL.insertReject)
    }

    /// Stores an event observation; false when it added nothing (a duplicate or older state).
    ///
    /// Observations are merged in memory by uid (the highest count wins, then the latest
    /// `last_seen`, as in `StoreSQL.upsertEvent`) and written at the next `flush()`, so an event
    /// observed many times in one file is written once.
    ///
    /// - Throws: `UnstorableRecord`, before anything is written, when the event's row would be
    ///   larger than SQLite accepts.
    func write(_ event: EventRecord) throws -> Bool {
        try checkSize(of: event)
        if let held = pendingEvents[event.uid] {
            guard event.supersedes(held) else { return false }
            pendingEvents[event.uid] = event
            return true
        }
        pendingEvents[event.uid] = event
        pendingEventOrder.append(event.uid)
        if pendingEvents.count >= Self.eventFlushThreshold { try flushEvents() }
        return true
    }

    /// Events held in memory before they are written.
    static let eventFlushThreshold = 16_384

    /// Records accepted by `write` that turned out, when flushed, to add nothing to what the
    /// database already held. The caller adds them to its duplicates and resets the count.
    var lateDuplicates = 0

    private func flushEvents() throws {
        for uid in pendingEventOrder {
            guard let event = pendingEvents[uid] else { continue }
            let s = upsertEvent
            connection.lastInsertRowID = 0
            try s.bind(cluster, at: 1)
            try s.bind(event.uid, at: 2)
            try s.bind(event.namespace, at: 3)
            try s.bind(event.name, at: 4)
            try s.bind(event.objectKind, at: 5)
            try s.bind(event.objectName, at: 6)
            try s.bind(event.objectUID, at: 7)
            try s.bind(event.fieldPath, at: 8)
            try s.bind(event.container, at: 9)
            try s.bind(event.reason, at: 10)
            try s.bind(event.message, at: 11)
            try s.bind(event.type, at: 12)
            try s.bind(event.count, at: 13)
            try s.bind(event.firstSeen, at: 14)
            try s.bind(event.lastSeen, at: 15)
            try s.bind(event.sourceComponent, at: 16)
            try s.bind(event.sourceHost, at: 17)
            try s.bind(event.apiVersion, at: 18)
            try s.bind(event.resourceVersion, at: 19)
            try s.bind(Int(sourceID), at: 20)
            try s.run()
            if connection.changes == 0 { lateDuplicates += 1 }
            if connection.lastInsertRowID != 0, let time = event.firstSeen ?? event.lastSeen {
                coverage[Self.hour(time), default: (0, 0)].events += 1
            }
        }
        var podsNamed = Set<String>()
        for uid in pendingEventOrder {
            guard let event = pendingEvents[uid], event.objectKind == "Pod", let podUID = event.objectUID,
                let name = event.objectName, podsNamed.insert(podUID).inserted
            else { continue }
            try writeEventPod(podUID, name: name, of: event)
        }
        pendingEvents.removeAll(keepingCapacity: true)
        pendingEventOrder.removeAll(keepingCapacity: true)
    }

    /// Stores a pod observation; false when this state (uid + resourceVersion) was already stored.
    ///
    /// - Throws: `UnstorableRecord`, before anything is written, when one of the pod's rows
    ///   would be larger than SQLite accepts.
    func write(_ pod: PodRecord, status: KubectlStatus) throws -> Bool {
        try checkSize(of: pod, status: status)
        let observed = pod.observedAt
        let s = upsertSnapshot
        connection.lastInsertRowID = 0
        try s.bind(cluster, at: 1)
        try s.bind(pod.uid, at: 2)
        try s.bind(pod.resourceVersion, at: 3)
        try s.bind(observed, at: 4)
        try s.bind(pod.phase, at: 5)
        try s.bind(status.status, at: 6)
        try s.bind(pod.condition("Ready").flatMap { $0.status == "True" ? true : $0.status == "False" ? false : nil }, at: 7)
        try s.bind(status.restarts, at: 8)
        try s.bind(pod.reason, at: 9)
        try s.bind(pod.message, at: 10)
        try s.bind(pod.node, at: 11)
        try s.bind(pod.deleted, at: 12)
        try s.bind(Int(sourceID), at: 13)
        try s.bind(pod.observationSource ?? "latest time inside", at: 14)
        try s.run()
        guard connection.changes > 0 else { return false }
        if connection.lastInsertRowID != 0, let observed { coverage[Self.hour(observed), default: (0, 0)].snapshots += 1 }
        try writePodRow(pod, status: status, observed: observed)
        for container in pod.containers {
            try writeContainer(container, of: pod, observed: observed)
        }
        if accumulator.isFull { try flush() }
        return true
    }

    private func writePodRow(_ pod: PodRecord, status: KubectlStatus, observed: Timestamp?) throws {
        let counted = pod.containers.filter { !$0.isInit || $0.isSidecar }
        // NULL when a container lacks the quantity, or when the sum passes Int64 (unknown, not wrapped).
        func total(_ value: (PodRecord.Container) -> Int?) -> Int? {
            var sum = 0
            for container in counted {
                guard let quantity = value(container) else { return nil }
                let (next, overflow) = sum.addingReportingOverflow(quantity)
                if overflow { return nil }
                sum = next
            }
            return counted.isEmpty ? nil : sum
        }
        let disruption = pod.condition("DisruptionTarget").flatMap { $0.status == "True" ? $0 : nil }
        let firstStart = pod.firstContainerStart
        let unschedulable = pod.condition("PodScheduled").flatMap { $0.status == "False" ? $0 : nil }
        accumulator.add(pod: pod.uid, PodAccumulator.PodRow(
            namespace: pod.namespace,
            name: pod.name,
            node: pod.node,
            workload: Workload(
                ownerKind: pod.ownerKind, ownerName: pod.ownerName, podName: pod.name,
                podTemplateHash: pod.labels["pod-template-hash"], node: pod.node),
            ownerKind: pod.ownerKind,
            ownerName: pod.ownerName,
            createdAt: pod.createdAt,
            scheduledAt: pod.condition("PodScheduled").flatMap { $0.status == "True" ? $0.lastTransitionTime : nil },
            startedAt: firstStart.time,
            deletionRequestedAt: pod.deletionRequestedAt,
            deletedAt: pod.deleted ? observed : nil,
            gracePeriod: pod.deletionTimestamp == nil ? nil : pod.gracePeriodSeconds,
            finalPhase: pod.phase,
            finalStatus: status.status,
            finalReason: pod.reason,
            finalMessage: pod.message,
            restarts: status.restarts,
            qosClass: pod.qosClass,
            restartPolicy: pod.restartPolicy,
            memoryRequest: total(\.memoryRequest),
            memoryLimit: total(\.memoryLimit),
            cpuRequest: total(\.cpuRequest),
            cpuLimit: total(\.cpuLimit),
            firstObserved: observed,
            lastObserved: observed,
            disruptionReason: disruption?.reason ?? disruption.map { _ in "" },
            disruptionMessage: disruption?.message,
            disruptionAt: disruption?.lastTransitionTime,
            finalResourceVersion: Int(pod.resourceVersion),
            readyTransitionAt: pod.readyTransition,
            readyTransitionRestarts: pod.readyTransition == nil ? nil : status.restarts,
            firstStartUnknown: firstStart == .unknown,
            schedulingFailureAt: unschedulable.flatMap { $0.lastTransitionTime ?? observed },
            schedulingFailureMessage: unschedulable?.message ?? unschedulable?.reason,
            nonStatelessVolume: pod.nonStatelessVolume))
    }

    /// Makes sure the pod an Event names by uid has a `pods` row: events-only archives (the most
    /// common kind) know pods only from their events. The node is the kubelet's host when the
    /// kubelet reported the event.
    private func writeEventPod(_ uid: String, name: String, of event: EventRecord) throws {
        let node = event.sourceComponent == "kubelet" ? event.sourceHost : nil
        let workload = Workload(ownerKind: nil, ownerName: nil, podName: name, podTemplateHash: nil, node: node)
        let s = insertEventPod
        try s.bind(cluster, at: 1)
        try s.bind(uid, at: 2)
        try s.bind(event.namespace ?? "", at: 3)
        try s.bind(name, at: 4)
        try s.bind(node, at: 5)
        try s.bind(workload.kind, at: 6)
        try s.bind(workload.name, at: 7)
        try s.bind(workload.inferred, at: 8)
        try s.run()
    }

    /// Writes the event, pod and container rows merged in memory so far. Call before committing.
    func flush() throws {
        try flushEvents()
        for uid in accumulator.podOrder {
            guard let row = accumulator.pods[uid] else { continue }
            let s = upsertPod
            try s.bind(cluster, at: 1)
            try s.bind(uid, at: 2)
            try s.bind(row.namespace, at: 3)
            try s.bind(row.name, at: 4)
            try s.bind(row.node, at: 5)
            try s.bind(row.workload.kind, at: 6)
            try s.bind(row.workload.name, at: 7)
            try s.bind(row.workload.inferred, at: 8)
            try s.bind(row.ownerKind, at: 9)
            try s.bind(row.ownerName, at: 10)
            try s.bind(row.createdAt, at: 11)
            try s.bind(row.scheduledAt, at: 12)
            try s.bind(row.startedAt, at: 13)
            try s.bind(row.readyTransitionAt, at: 14)
            try s.bind(row.deletionRequestedAt, at: 15)
            try s.bind(row.deletedAt, at: 16)
            try s.bind(row.gracePeriod, at: 17)
            try s.bind(row.finalPhase, at: 18)
            try s.bind(row.finalStatus, at: 19)
            try s.bind(row.finalReason, at: 20)
            try s.bind(row.finalMessage, at: 21)
            try s.bind(row.restarts, at: 22)
            try s.bind(row.qosClass, at: 23)
            try s.bind(row.restartPolicy, at: 24)
            try s.bind(row.memoryRequest, at: 25)
            try s.bind(row.memoryLimit, at: 26)
            try s.bind(row.cpuRequest, at: 27)
            try s.bind(row.cpuLimit, at: 28)
            try s.bind(row.firstObserved, at: 29)
            try s.bind(row.lastObserved, at: 30)
            try s.bind(row.snapshots, at: 31)
            try s.bind(row.disruptionReason, at: 32)
            try s.bind(row.disruptionMessage, at: 33)
            try s.bind(row.disruptionAt, at: 34)
            try s.bind(row.finalResourceVersion, at: 35)
            try s.bind(row.readyTransitionRestarts, at: 36)
            try s.bind(row.firstStartUnknown, at: 37)
            try s.bind(row.schedulingFailureAt, at: 38)
            try s.bind(row.schedulingFailureMessage, at: 39)
            try s.bind(row.nonStatelessVolume, at: 40)
            try s.run()
        }
        for key in accumulator.containerOrder {
            guard let row = accumulator.containers[key] else { continue }
            let c = upsertContainer
            try c.bind(cluster, at: 1)
            try c.bind(row.podUID, at: 2)
            try c.bind(row.name, at: 3)
            try c.bind(row.isInit, at: 4)
            try c.bind(row.isSidecar, at: 5)
            try c.bind(row.image, at: 6)
            try c.bind(row.memoryRequest, at: 7)
            try c.bind(row.memoryLimit, at: 8)
            try c.bind(row.cpuRequest, at: 9)
            try c.bind(row.cpuLimit, at: 10)
            try c.bind(row.restarts, at: 11)
            try c.bind(row.firstStartedAt, at: 12)
            try c.run()
        }
        accumulator.removeAll()
        for (hour, counts) in coverage {
            let s = upsertCoverage
            try s.bind(cluster, at: 1)
            try s.bind(Timestamp(micros: hour * 3_600_000_000).description, at: 2)
            try s.bind(counts.snapshots, at: 3)
            try s.bind(counts.events, at: 4)
            try s.run()
        }
        coverage.removeAll(keepingCapacity: true)
    }

    /// The UTC hour of `time`, in hours since the epoch.
    private static func hour(_ time: Timestamp) -> Int64 {
        time.micros >= 0 ? time.micros / 3_600_000_000 : (time.micros + 1) / 3_600_000_000 - 1
    }

    /// Forgets rows merged but not flushed (the transaction they belonged to rolled back).
    func discardPending() {
        accumulator.removeAll()
        coverage.removeAll()
        pendingEvents.removeAll()
        pendingEventOrder.removeAll()
        lateDuplicates = 0
    }

    private func writeContainer(_ container: PodRecord.Container, of pod: PodRecord, observed: Timestamp?) throws {
        accumulator.add(PodAccumulator.ContainerRow(
            podUID: pod.uid, name: container.name, isInit: container.isInit, isSidecar: container.isSidecar,
            image: container.image, memoryRequest: container.memoryRequest, memoryLimit: container.memoryLimit,
            cpuRequest: container.cpuRequest, cpuLimit: container.cpuLimit, restarts: container.restartCount,
            firstStartedAt: container.firstRun.time))
        guard container.hasStatus else { return }
        let (state, reason, message): (String, String?, String?) =
            switch container.state {
            case .waiting(let reason, let message): ("waiting", reason, message)
            case .running: ("running", nil, nil)
            case .terminated(let termination): ("terminated", termination.reason, termination.message)
            case .unknown: ("unknown", nil, nil)
            }
        let s = insertContainerSnapshot
        try s.bind(cluster, at: 1)
        try s.bind(pod.uid, at: 2)
        try s.bind(pod.resourceVersion, at: 3)
        try s.bind(observed, at: 4)
        try s.bind(container.name, at: 5)
        try s.bind(container.isInit, at: 6)
        try s.bind(state, at: 7)
        try s.bind(reason, at: 8)
        try s.bind(message, at: 9)
        try s.bind(container.ready, at: 10)
        try s.bind(container.started, at: 11)
        try s.bind(container.restartCount, at: 12)
        try s.bind(container.startedAt, at: 13)
        try s.run()
        if case .terminated(let termination) = container.state {
            try write(termination, of: container, pod: pod, observed: observed)
        }
        if let last = container.lastTermination {
            try write(last, of: container, pod: pod, observed: observed)
        }
    }

    private func write(_ termination: PodRecord.Termination, of container: PodRecord.Container, pod: PodRecord, observed: Timestamp?) throws {
        let s = insertTermination
        try s.bind(cluster, at: 1)
        try s.bind(pod.uid, at: 2)
        try s.bind(container.name, at: 3)
        try s.bind(container.isInit, at: 4)
        try s.bind(termination.startedAt, at: 5)
        try s.bind(termination.finishedAt, at: 6)
        try s.bind(termination.exitCode, at: 7)
        try s.bind(termination.signal, at: 8)
        try s.bind(termination.reason, at: 9)
        try s.bind(termination.message, at: 10)
        try s.bind(termination.containerID, at: 11)
        try s.bind(observed, at: 12)
        try s.bind(Int(sourceID), at: 13)
        try s.run()
    }

    /// Records an unusable record or a damaged stretch of input.
    func reject(line: Int?, offset: Int?, reason: String, excerpt: [UInt8]) throws {
        let s = insertReject
        try s.bind(cluster, at: 1)
        try s.bind(Int(sourceID), at: 2)
        try s.bind(line, at: 3)
        try s.bind(offset, at: 4)
        try s.bind(reason, at: 5)
        var shown = excerpt.prefix(200)
        while let last = shown.last, last == 0x0a || last == 0x0d || last == 0x20 || last == 0x09 { shown.removeLast() }
        try s.bind(shown.isEmpty ? nil : String(decoding: shown, as: UTF8.self), at: 6)
        try s.run()
    }
}

@available(*, unavailable)
extension StoreWriter: Sendable {}
