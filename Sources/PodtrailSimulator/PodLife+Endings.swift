import PodtrailKit
extension PodLife {
    /// Stops every running container at `time` (`Killing` events), with exit codes as an app that
    /// handles SIGTERM (0), ignores it until SIGKILL (137) or dies of it (143).
    mutating func stopContainers(at time: Int64, killEvents: Bool = true, exitCode forced: Int? = nil, immediate: Bool = false)
        throws -> Int64
    {
        var finished = time
        for index in pod.statuses.indices {
            guard let started = runningSince(index) else { continue }
            let spec = pod.containers[index]
            if killEvents { try event(time, "Killing", "Stopping container \(spec.name)", container: spec.name) }
            let exit = forced ?? rng.pick([0, 0, 143, 137])
            let end = immediate ? time : time + (exit == 137 ? Int64(pod.gracePeriod ?? 30) : rng.int64(0...4))
            let termination = SimTermination(
                exitCode: exit, reason: exit == 0 ? "Completed" : "Error", startedAt: started, finishedAt: end,
                containerID: pod.statuses[index].containerID ?? containerID())
            pod.statuses[index].state = .terminated(termination)
            pod.statuses[index].ready = false
            pod.statuses[index].started = false
            finished = max(finished, end)
        }
        return finished
    }

    /// Graceful deletion: `deletionTimestamp` = request + grace (Terminating), containers stop,
    /// the kubelet reports the final phase, the API removes the pod (watch DELETED).
    mutating func delete(at time: Int64, grace: Int = 30) throws {
        pod.gracePeriod = grace
        pod.deletionTimestamp = time + Int64(grace)
        try snap(time)
        var finished = try stopContainers(at: time)
        let pending = pod.statuses.allSatisfy { if case .waiting = $0.state { true } else { false } }
        if pod.startTime != nil && !pending {
            notReady(at: finished)
            if node?.generation == .current {
                let allZero = pod.statuses.allSatisfy { if case .terminated(let t) = $0.state { t.exitCode == 0 } else { false } }
                pod.phase = allZero ? "Succeeded" : "Failed"
            }
            try snap(finished)
        } else {
            finished = time + rng.int64(0...2)
        }
        try snap(finished + rng.int64(0...2), .deleted)
    }

    /// The owner or the pod GC removes a pod that has already finished.
    mutating func deleteFinished(at time: Int64) throws {
        pod.gracePeriod = 0
        pod.deletionTimestamp = time
        try snap(time)
        try snap(time, .deleted)
    }

    /// Kubelet eviction (node pressure or a local-storage limit) at `time`.
    mutating func evict(at time: Int64, cause: String) throws {
        guard let node else { return }
        let spec = pod.containers[0]
        let request = spec.memoryRequest ?? "0"
        var resource: String
        var message: String
        var pressure = true
        switch cause {
        case "memory-pressure":
            resource = "memory"
            message = "The node was low on resource: memory. "
            if node.generation == .current { message += "Threshold quantity: 100Mi, available: \(rng.int(20_000...99_000))Ki. " }
            let usage = "\(rng.int(300...1900))Mi"
            message += node.generation == .current
                ? "Container \(spec.name) was using \(usage), request is \(request), has larger consumption of memory. "
                : "Container \(spec.name) was using \(usage), which exceeds its request of \(request). "
        case "disk-pressure":
            resource = node.generation == .legacy ? rng.pick(["nodefs", "imagefs"]) : "ephemeral-storage"
            message = "The node was low on resource: \(resource). "
            if node.generation == .current { message += "Threshold quantity: 10%, available: \(rng.int(1_000_000...9_000_000))Ki. " }
            let usage = "\(rng.int(200...4000))Mi"
            message += node.generation == .current
                ? "Container \(spec.name) was using \(usage), request is 0, has larger consumption of ephemeral-storage. "
                : "Container \(spec.name) was using \(usage), which exceeds its request of 0. "
        case "pid-pressure":
            resource = "pids"
            message = "The node was low on resource: pids. "
            if node.generation == .current { message += "Threshold quantity: 1000, available: \(rng.int(100...999)). " }
        default:
            resource = "ephemeral-storage"
            pressure = false
            switch rng.int(0...2) {
            case 0: message = "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. "
            case 1: message = "Container \(spec.name) exceeded its local ephemeral storage limit \"1Gi\". "
            default: message = "Usage of EmptyDir volume \"cache\" exceeds the limit \"500Mi\". "
            }
        }
        if pressure {
            run.nodeEvent(node, at: time, reason: "EvictionThresholdMet", message: "Attempting to reclaim \(resource)", component: "kubelet")
        }
        try event(time, "Evicted", message, type: "Warning")
        pod.phase = "Failed"
        pod.reason = "Evicted"
        pod.message = message
        if pressure && node.generation != .legacy {
            pod.setCondition("DisruptionTarget", "True", at: time, reason: "TerminationByKubelet", message: message)
        }
        if node.generation == .legacy {
            // Old kubelets left the container statuses as they were: kubectl shows `Evicted`.
            for index in pod.statuses.indices { pod.statuses[index].ready = false }
            for index in pod.statuses.indices where runningSince(index) != nil {
                try event(time, "Killing", "Stopping container \(pod.containers[index].name)", container: pod.containers[index].name)
            }
        } else {
            // Hard eviction: no grace period, the kill is immediate.
            _ = try stopContainers(at: time, exitCode: 137, immediate: true)
        }
        notReady(at: time)
        run.truth.evictions.append(EvictionTruth(
            podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, node: node.name, evictedAt: time,
            cause: cause, resource: resource, message: message, wording: node.generation.rawValue))
        evidence = true
        try snap(time)
    }

    /// The scheduler preempts the pod for a higher-priority one, or a drain evicts it through the
    /// Eviction API; both end in a graceful deletion.
    mutating func disrupt(at time: Int64, cause: String) throws {
        guard let node else { return }
        if cause == "preemption" {
            let preemptor = "batch-critical-" + rng.string(5, from: SplitMix64.nameAlphabet)
            let preemptorUID = rng.uuid()
            let note: String
            switch node.generation {
            case .legacy: note = "Preempted by \(pod.namespace)/\(preemptor) on node \(node.name)"
            case .previous: note = "Preempted by a pod on node \(node.name)"
            case .current: note = "Preempted by pod \(preemptorUID) on node \(node.name)"
            }
            try newAPIEvent(time * 1_000_000 + rng.int64(0...999_999), "Preempted", note, action: "Preempting",
                            related: SimObjectRef(kind: "Pod", namespace: pod.namespace, name: preemptor, uid: preemptorUID))
            pod.setCondition("DisruptionTarget", "True", at: time, reason: "PreemptionByScheduler",
                             message: "default-scheduler: preempting to accommodate a higher priority pod")
        } else {
            pod.setCondition("DisruptionTarget", "True", at: time, reason: "EvictionByEvictionAPI", message: "Eviction API: evicting")
        }
        run.truth.evictions.append(EvictionTruth(
            podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, node: node.name, evictedAt: time,
            cause: cause, resource: nil, message: nil, wording: node.generation.rawValue))
        evidence = true
        try delete(at: time)
    }

    /// The node stops answering at `incident.begin`: NotReady, then the taint manager (or the
    /// legacy node controller: NodeLost) deletes the pod; the kubelet confirms when it is back.
    mutating func nodeUnreachable(_ incident: NodeIncident) throws {
        guard let node else { return }
        let notReadyAt = incident.begin + 40
        try event(notReadyAt, "NodeNotReady", "Node is not ready", type: "Warning", component: "node-controller")
        pod.setCondition("Ready", "False", at: notReadyAt)
        try snap(notReadyAt)
        if template.kind == .daemonSet {
            // DaemonSet pods tolerate the unreachable taint: ready again when the node is back.
            pod.setCondition("Ready", "True", at: incident.end + 30)
            try snap(incident.end + 30)
            return
        }
        let evictAt = notReadyAt + 300
        pod.gracePeriod = 30
        pod.deletionTimestamp = evictAt + 30
        if node.generation == .legacy {
            pod.reason = "NodeLost"
            pod.message = "Node \(node.name) which was running pod \(pod.name) is unresponsive"
            run.truth.evictions.append(EvictionTruth(
                podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, node: node.name, evictedAt: evictAt,
                cause: "node-lost", resource: nil, message: pod.message, wording: "NodeLost"))
        } else {
            let component = node.generation == .current ? "taint-eviction-controller" : "taint-controller"
            try event(evictAt, "TaintManagerEviction", "Marking for deletion Pod \(pod.namespace)/\(pod.name)", component: component,
                      object: SimObjectRef(kind: "Pod", namespace: pod.namespace, name: pod.name, uid: nil))
            pod.setCondition("DisruptionTarget", "True", at: evictAt, reason: "DeletionByTaintManager",
                             message: "Taint manager: deleting due to NoExecute taint")
            run.truth.evictions.append(EvictionTruth(
                podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, node: node.name, evictedAt: evictAt,
                cause: "taint", resource: nil, message: nil, wording: node.generation.rawValue))
        }
        evidence = true
        try snap(evictAt)
        // The kubelet is back: it stops the containers and confirms the deletion.
        let back = incident.end + rng.int64(5...30)
        let finished = try stopContainers(at: back, exitCode: 137, immediate: true)
        notReady(at: finished)
        try snap(finished)
        try snap(finished + 1, .deleted)
    }

    /// Graceful node shutdown at `incident.begin`: the kubelet stops the pod and marks it Failed.
    mutating func nodeShutdown(_ incident: NodeIncident) throws {
        guard let node else { return }
        let time = incident.begin
        pod.phase = "Failed"
        if node.generation == .legacy {
            pod.reason = "Shutdown"
            pod.message = "Node is shutting, evicting pods"
        } else {
            pod.reason = "Terminated"
            pod.message = "Pod was terminated in response to imminent node shutdown."
            pod.setCondition("DisruptionTarget", "True", at: time, reason: "TerminationByKubelet", message: pod.message)
        }
        let finished = try stopContainers(at: time, exitCode: 143, immediate: true)
        notReady(at: finished)
        run.truth.evictions.append(EvictionTruth(
            podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, node: node.name, evictedAt: time,
            cause: "node-shutdown", resource: nil, message: pod.message, wording: node.generation.rawValue))
        evidence = true
        try snap(finished)
    }

    /// A Job's container finishes: Completed (phase Succeeded) or Error (phase Failed).
    mutating func finishJob(at time: Int64, succeed: Bool) throws {
        guard let started = runningSince(0) else { return }
        let termination = SimTermination(
            exitCode: succeed ? 0 : 1, reason: succeed ? "Completed" : "Error", startedAt: started, finishedAt: time,
            containerID: pod.statuses[0].containerID ?? containerID())
        pod.statuses[0].state = .terminated(termination)
        pod.statuses[0].ready = false
        pod.statuses[0].started = false
        pod.phase = succeed ? "Succeeded" : "Failed"
        let reason = succeed ? "PodCompleted" : "PodFailed"
        pod.setCondition("ContainersReady", "False", at: time, reason: reason)
        pod.setCondition("Ready", "False", at: time, reason: reason)
        try snap(time)
    }
}
