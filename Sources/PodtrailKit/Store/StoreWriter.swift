/// Writes decoded records into the tables with prepared statements, merging repeated
/// observations so that nothing is stored twice.
///
/// Every statement is prepared once; callers wrap each input file in one transaction.
final class StoreWriter {
    let connection: Connection
    let cluster: String
    /// The `sources` row the records being written come from.
    var sourceID: Int64 = 0

    private let insertEvent: Statement
    private let replaceEvent: Statement
    private let selectEventOrder: Statement
    private let upsertSnapshot: Statement
    private let storePod: Statement
    private let selectPod: Statement
    private let storeContainer: Statement
    private let selectContainer: Statement
    private let insertContainerSnapshot: Statement
    private let selectSnapshotID: Statement
    private let insertTermination: Statement
    private let selectTerminationObserved: Statement
    private let updateTerminationObserved: Statement
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
        insertEvent = try connection.prepare(StoreSQL.insertEvent)
        replaceEvent = try connection.prepare(StoreSQL.replaceEvent)
        selectEventOrder = try connection.prepare(StoreSQL.selectEventOrder)
        upsertSnapshot = try connection.prepare(StoreSQL.upsertSnapshot)
        storePod = try connection.prepare(StoreSQL.storePod)
        selectPod = try connection.prepare(StoreSQL.selectPod)
        storeContainer = try connection.prepare(StoreSQL.storeContainer)
        selectContainer = try connection.prepare(StoreSQL.selectContainer)
        upsertCoverage = try connection.prepare(StoreSQL.upsertCoverage)
        insertContainerSnapshot = try connection.prepare(StoreSQL.insertContainerSnapshot)
        selectSnapshotID = try connection.prepare(StoreSQL.selectSnapshotID)
        insertTermination = try connection.prepare(StoreSQL.insertTermination)
        selectTerminationObserved = try connection.prepare(StoreSQL.selectTerminationObserved)
        updateTerminationObserved = try connection.prepare(StoreSQL.updateTerminationObserved)
        insertReject = try connection.prepare(StoreSQL.insertReject)
    }

    /// Stores an event observation; false when it added nothing (a duplicate or older state).
    ///
    /// Observations are merged in memory by uid (the one that sorts last by `EventRecord.order`
    /// wins) and written at the next `flush()`, if they sort after the stored one, so an event
    /// observed many times in one file is written once.
    ///
    /// - Throws: `UnstorableRecord`, before anything is written, when the event's row would be
    ///   larger than SQLite accepts.
    func write(_ event: EventRecord) throws -> Bool {
        try checkSize(of: event)
        if let held = pendingEvents[event.uid] {
            guard held.order < event.order else { return false }
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
            // Most events are new: one insert. An event stored before is read back and replaced
            // only when this observation sorts after it (`EventRecord.order`).
            try run(insertEvent, event)
            if connection.changes > 0 {
                if let time = event.firstSeen ?? event.lastSeen { coverage[Self.hour(time), default: (0, 0)].events += 1 }
            } else if let stored = try storedOrder(ofEvent: uid), stored < event.order {
                try run(replaceEvent, event)
            } else {
                lateDuplicates += 1
            }
        }
        for uid in pendingEventOrder {
            guard let event = pendingEvents[uid], event.objectKind == "Pod", let podUID = event.objectUID,
                let name = event.objectName
            else { continue }
            addEventPod(podUID, name: name, of: event)
        }
        pendingEvents.removeAll(keepingCapacity: true)
        pendingEventOrder.removeAll(keepingCapacity: true)
    }

    /// Runs `insertEvent` or `replaceEvent` for `event`.
    private func run(_ s: Statement, _ event: EventRecord) throws {
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
    }

    /// The stored event's `EventRecord.order`, or nil when the event is not stored yet.
    private func storedOrder(ofEvent uid: String) throws -> EventRecord.Order? {
        let s = selectEventOrder
        try s.bind(cluster, at: 1)
        try s.bind(uid, at: 2)
        defer { s.resetAndClear() }
        guard try s.step() else { return nil }
        return EventRecord.Order(
            count: Int(s.int(at: 0) ?? 0), lastSeen: s.text(at: 1).flatMap(Timestamp.parse),
            resourceVersion: s.text(at: 2).flatMap { Int($0) })
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
        let order = ObservationOrder(
            observedAt: observed, deleted: pod.deleted, resourceVersion: Int(pod.resourceVersion),
            restarts: status.restarts, state: [pod.phase, status.status, pod.reason, pod.message])
        try s.bind(order.sortKey, at: 15)
        try s.run()
        guard connection.changes > 0 else { return false }
        let snapshotID: Int64
        if connection.lastInsertRowID != 0 {
            snapshotID = connection.lastInsertRowID
            if let observed { coverage[Self.hour(observed), default: (0, 0)].snapshots += 1 }
        } else {
            // A DELETED observation of a state stored live: the row was updated, not inserted.
            let select = selectSnapshotID
            try select.bind(cluster, at: 1)
            try select.bind(pod.uid, at: 2)
            try select.bind(pod.resourceVersion, at: 3)
            defer { select.resetAndClear() }
            guard try select.step(), let id = select.int(at: 0) else { return true }
            snapshotID = id
        }
        addPodRow(pod, status: status, observed: observed)
        // The row's order is the snapshot's (`PodRow.order` of a one-observation row).
        for container in pod.containers {
            try writeContainer(container, of: pod, snapshot: snapshotID, observed: observed, order: order)
        }
        if accumulator.isFull { try flush() }
        return true
    }

    /// Adds the pod's row to the accumulator.
    private func addPodRow(_ pod: PodRecord, status: KubectlStatus, observed: Timestamp?) {
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
        let row = PodRow(
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
            nonStatelessVolume: pod.nonStatelessVolume)
        accumulator.add(pod: pod.uid, row)
    }

    /// Makes sure the pod an Event names by uid has a `pods` row: events-only archives (the most
    /// common kind) know pods only from their events. The row has no snapshot and no observation
    /// time, so any snapshot's row is newer; the node is the kubelet's host when the kubelet
    /// reported the event.
    private func addEventPod(_ uid: String, name: String, of event: EventRecord) {
        let node = event.sourceComponent == "kubelet" ? event.sourceHost : nil
        var row = PodRow.blank
        row.namespace = event.namespace ?? ""
        row.name = name
        row.node = node
        row.workload = Workload(ownerKind: nil, ownerName: nil, podName: name, podTemplateHash: nil, node: node)
        row.snapshots = 0
        accumulator.add(pod: uid, row)
    }

    /// Writes the event, pod and container rows merged in memory so far. Call before committing.
    func flush() throws {
        try flushEvents()
        var storedOrders: [String: ObservationOrder] = [:]
        for uid in accumulator.podOrder {
            guard var row = accumulator.pods[uid] else { continue }
            if let stored = try stored(selectPod, PodRow.blank, columns: PodRow.columns, key: [uid]) {
                storedOrders[uid] = stored.order
                let pending = row
                row = stored
                row.merge(pending)
                if row == stored { continue }
            }
            try write(storePod, row, columns: PodRow.columns, key: [uid])
        }
        for key in accumulator.containerOrder {
            guard var row = accumulator.containers[key] else { continue }
            let blank = ContainerRow(
                podUID: key.podUID, name: key.name, isInit: false, isSidecar: false, restarts: 0,
                order: storedOrders[key.podUID] ?? row.order)
            if let stored = try stored(selectContainer, blank, columns: ContainerRow.columns, key: [key.podUID, key.name]) {
                let pending = row
                row = stored
                row.merge(pending)
                if row == stored { continue }
            }
            try write(storeContainer, row, columns: ContainerRow.columns, key: [key.podUID, key.name])
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

    /// The stored row of `key` read into `blank`, or nil when there is none.
    private func stored<Row>(_ select: Statement, _ blank: Row, columns: [StoredColumn<Row>], key: [String]) throws -> Row? {
        try select.bind(cluster, at: 1)
        for (offset, part) in key.enumerated() { try select.bind(part, at: offset + 2) }
        defer { select.resetAndClear() }
        guard try select.step() else { return nil }
        var row = blank
        columns.read(into: &row, from: select)
        return row
    }

    /// Writes a merged row (every column replaced).
    private func write<Row>(_ store: Statement, _ row: Row, columns: [StoredColumn<Row>], key: [String]) throws {
        try store.bind(cluster, at: 1)
        for (offset, part) in key.enumerated() { try store.bind(part, at: offset + 2) }
        try columns.bind(row, to: store, from: key.count + 2)
        try store.run()
    }

    /// Fills `pod_snapshots.observed_key` where a database of schema v9 or older lacks it, ten
    /// thousand snapshots at a time.
    static func fillObservedKeys(_ connection: Connection) throws {
        let update = try connection.prepare(StoreSQL.setObservedKey)
        let select = try connection.prepare(StoreSQL.snapshotsWithoutKey)
        var last: Int64 = 0
        while true {
            var keys: [(Int64, String)] = []
            try select.bind(Int(last), at: 1)
            while try select.step() {
                guard let id = select.int(at: 0) else { continue }
                last = id
                let order = ObservationOrder(
                    observedAt: select.text(at: 1).flatMap(Timestamp.parse), deleted: select.int(at: 2) == 1,
                    resourceVersion: select.text(at: 3).flatMap { Int($0) }, restarts: Int(select.int(at: 5) ?? 0),
                    state: [select.text(at: 4)])
                if let key = order.sortKey { keys.append((id, key)) }
            }
            select.resetAndClear()
            if keys.isEmpty { return }
            for (id, key) in keys {
                try update.bind(Int(id), at: 1)
                try update.bind(key, at: 2)
                try update.run()
            }
        }
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

    private func writeContainer(
        _ container: PodRecord.Container, of pod: PodRecord, snapshot: Int64, observed: Timestamp?, order: ObservationOrder
    ) throws {
        accumulator.add(ContainerRow(
            podUID: pod.uid, name: container.name, isInit: container.isInit, isSidecar: container.isSidecar,
            image: container.image, memoryRequest: container.memoryRequest, memoryLimit: container.memoryLimit,
            cpuRequest: container.cpuRequest, cpuLimit: container.cpuLimit, restarts: container.restartCount,
            firstStartedAt: container.firstRun.time, order: order))
        guard container.hasStatus else { return }
        let (state, reason, message): (String, String?, String?) =
            switch container.state {
            case .waiting(let reason, let message): ("waiting", reason, message)
            case .running: ("running", nil, nil)
            case .terminated(let termination): ("terminated", termination.reason, termination.message)
            case .unknown: ("unknown", nil, nil)
            }
        let s = insertContainerSnapshot
        try s.bind(Int(snapshot), at: 1)
        try s.bind(container.name, at: 2)
        try s.bind(container.isInit, at: 3)
        try s.bind(state, at: 4)
        try s.bind(reason, at: 5)
        try s.bind(message, at: 6)
        try s.bind(container.ready, at: 7)
        try s.bind(container.started, at: 8)
        try s.bind(container.restartCount, at: 9)
        try s.bind(container.startedAt, at: 10)
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
        guard connection.changes == 0, let observed else { return }
        // Seen before: it keeps its earliest observation (exact, whichever file came first).
        let select = selectTerminationObserved
        for statement in [select, updateTerminationObserved] {
            try statement.bind(cluster, at: 1)
            try statement.bind(pod.uid, at: 2)
            try statement.bind(container.name, at: 3)
            try statement.bind(termination.finishedAt, at: 4)
        }
        let stored = try select.step() ? select.text(at: 0).flatMap(Timestamp.parse) : observed
        select.resetAndClear()
        guard stored.map({ observed < $0 }) ?? true else {
            updateTerminationObserved.resetAndClear()
            return
        }
        try updateTerminationObserved.bind(observed, at: 5)
        try updateTerminationObserved.bind(Int(sourceID), at: 6)
        try updateTerminationObserved.run()
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
