extension PodRecord {
    /// Volume types the pod-startup SLI counts as stateless (sig-scalability
    /// `slos/pod_startup_latency.md`).
    static let statelessVolumeTypes: Set<String> = ["secret", "configMap", "downwardAPI", "emptyDir", "projected"]

    /// Decodes a Pod object at `index`; nil when it has no `metadata.uid`.
    ///
    /// Cost: linear in the record's size. Every array (containers, statuses, conditions,
    /// volumes, owner references) is walked once, each status finds its container in O(1), and
    /// each object member lookup walks that object's keys once.
    static func decode(
        _ json: JSON, _ index: Int, deleted: Bool = false, observedAt: Timestamp? = nil, observationSource: String? = nil
    ) -> PodRecord? {
        let metadata = json.member(index, "metadata")
        guard let uid = json.nonEmptyString(json.member(metadata, "uid")) else { return nil }
        let spec = json.member(index, "spec")
        let status = json.member(index, "status")
        var pod = PodRecord(
            uid: uid,
            namespace: json.string(json.member(metadata, "namespace")) ?? "",
            name: json.string(json.member(metadata, "name")) ?? "",
            resourceVersion: json.nonEmptyString(json.member(metadata, "resourceVersion")) ?? ""
        )
        pod.createdAt = json.timestamp(json.member(metadata, "creationTimestamp"))
        pod.deletionTimestamp = json.timestamp(json.member(metadata, "deletionTimestamp"))
        pod.gracePeriodSeconds = json.int(json.member(metadata, "deletionGracePeriodSeconds"))
        if let hash = json.string(json.path(metadata, "labels", "pod-template-hash")) {
            pod.labels["pod-template-hash"] = hash
        }
        var firstOwner: Int?
        var controller: Int?
        json.forEachElement(json.member(metadata, "ownerReferences")) { reference in
            if firstOwner == nil { firstOwner = reference }
            if controller == nil, json.bool(json.member(reference, "controller")) == true { controller = reference }
        }
        let owner = controller ?? firstOwner
        pod.ownerKind = json.nonEmptyString(json.member(owner, "kind"))
        pod.ownerName = json.nonEmptyString(json.member(owner, "name"))
        pod.node = json.nonEmptyString(json.member(spec, "nodeName"))
        pod.restartPolicy = json.nonEmptyString(json.member(spec, "restartPolicy"))
        if let gates = json.member(spec, "schedulingGates"), json.kind(gates) == .array {
            json.forEachElement(gates) { _ in pod.hasSchedulingGates = true }
        }
        json.forEachElement(json.member(spec, "initContainers")) { pod.containers.append(decodeSpec(json, $0, isInit: true)) }
        json.forEachElement(json.member(spec, "containers")) { pod.containers.append(decodeSpec(json, $0, isInit: false)) }
        pod.phase = json.nonEmptyString(json.member(status, "phase"))
        pod.reason = json.nonEmptyString(json.member(status, "reason"))
        pod.message = json.nonEmptyString(json.member(status, "message"))
        pod.qosClass = json.nonEmptyString(json.member(status, "qosClass"))
        pod.startTime = json.timestamp(json.member(status, "startTime"))
        json.forEachElement(json.member(status, "conditions")) { condition in
            guard let type = json.nonEmptyString(json.member(condition, "type")) else { return }
            pod.conditions.append(Condition(
                type: type,
                status: json.nonEmptyString(json.member(condition, "status")),
                reason: json.nonEmptyString(json.member(condition, "reason")),
                lastTransitionTime: json.timestamp(json.member(condition, "lastTransitionTime")),
                message: json.nonEmptyString(json.member(condition, "message"))))
        }
        // Statuses find their spec container through a dictionary, not a search of the list: a
        // pod of N containers costs O(N), not O(N²) (200,000 containers took minutes).
        var positions: [ContainerKey: Int] = [:]
        positions.reserveCapacity(pod.containers.count)
        for (position, container) in pod.containers.enumerated() {
            let key = ContainerKey(name: container.name, isInit: container.isInit)
            if positions[key] == nil { positions[key] = position }
        }
        var order = 0
        json.forEachElement(json.member(status, "initContainerStatuses")) {
            pod.applyStatus(json, $0, isInit: true, order: order, positions: &positions)
            order += 1
        }
        order = 0
        json.forEachElement(json.member(status, "containerStatuses")) {
            pod.applyStatus(json, $0, isInit: false, order: order, positions: &positions)
            order += 1
        }
        json.forEachElement(json.member(spec, "volumes")) { volume in
            guard pod.nonStatelessVolume == nil else { return }
            json.forEachMember(volume) { key, _ in
                if key != "name", pod.nonStatelessVolume == nil, !Self.statelessVolumeTypes.contains(key) { pod.nonStatelessVolume = key }
            }
        }
        pod.deleted = deleted
        pod.exactObservation = observedAt
        pod.observationSource = observedAt == nil ? nil : observationSource
        if pod.resourceVersion.isEmpty { pod.resourceVersion = pod.contentIdentity }
        return pod
    }

    private static func decodeSpec(_ json: JSON, _ index: Int, isInit: Bool) -> Container {
        let resources = json.member(index, "resources")
        return Container(
            name: json.string(json.member(index, "name")) ?? "",
            isInit: isInit,
            isSidecar: isInit && json.string(json.member(index, "restartPolicy")) == "Always",
            image: json.nonEmptyString(json.member(index, "image")),
            memoryRequest: Quantity.bytes(json.string(json.path(resources, "requests", "memory"))),
            memoryLimit: Quantity.bytes(json.string(json.path(resources, "limits", "memory"))),
            cpuRequest: Quantity.millicores(json.string(json.path(resources, "requests", "cpu"))),
            cpuLimit: Quantity.millicores(json.string(json.path(resources, "limits", "cpu")))
        )
    }

    /// A container's identity within one pod: its name and whether it is an init container.
    private struct ContainerKey: Hashable {
        var name: String
        var isInit: Bool
    }

    /// Applies one container status to the first container of its name and kind (`positions`
    /// maps each to its index), appending a container the spec does not list. O(1) per status.
    private mutating func applyStatus(
        _ json: JSON, _ index: Int, isInit: Bool, order: Int, positions: inout [ContainerKey: Int]
    ) {
        let name = json.string(json.member(index, "name")) ?? ""
        let key = ContainerKey(name: name, isInit: isInit)
        let position: Int
        if let existing = positions[key] {
            position = existing
        } else {
            containers.append(Container(name: name, isInit: isInit, inSpec: false))
            position = containers.count - 1
            positions[key] = position
        }
        containers[position].hasStatus = true
        containers[position].statusIndex = order
        containers[position].ready = json.bool(json.member(index, "ready")) ?? false
        containers[position].started = json.bool(json.member(index, "started"))
        containers[position].restartCount = json.int(json.member(index, "restartCount")) ?? 0
        if containers[position].image == nil { containers[position].image = json.nonEmptyString(json.member(index, "image")) }
        let state = json.member(index, "state")
        if let waiting = json.member(state, "waiting") {
            containers[position].state = .waiting(
                reason: json.nonEmptyString(json.member(waiting, "reason")),
                message: json.nonEmptyString(json.member(waiting, "message")))
        } else if let running = json.member(state, "running") {
            containers[position].state = .running(startedAt: json.timestamp(json.member(running, "startedAt")))
        } else if let terminated = json.member(state, "terminated") {
            containers[position].state = .terminated(Self.decodeTermination(json, terminated))
        }
        if let last = json.path(index, "lastState", "terminated") {
            containers[position].lastTermination = Self.decodeTermination(json, last)
        }
    }

    /// A termination; `startedAt` is nil when the process never ran (`Termination.neverRan`).
    private static func decodeTermination(_ json: JSON, _ index: Int) -> Termination {
        var termination = Termination(
            exitCode: json.int(json.member(index, "exitCode")),
            signal: json.int(json.member(index, "signal")),
            reason: json.nonEmptyString(json.member(index, "reason")),
            message: json.nonEmptyString(json.member(index, "message")),
            startedAt: json.timestamp(json.member(index, "startedAt")),
            finishedAt: json.timestamp(json.member(index, "finishedAt")),
            containerID: json.nonEmptyString(json.member(index, "containerID")))
        if termination.neverRan { termination.startedAt = nil }
        return termination
    }
}
