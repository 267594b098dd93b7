import PodtrailKit
extension PodLife {
    /// Name, labels, owner and workload of a new pod of `template`.
    static func identity(_ template: WorkloadTemplate, created: Int64, rng: inout SplitMix64, run: SimulationRun)
        -> (name: String, generateName: String?, labels: [(String, String)], owner: (kind: String, name: String, uid: String)?,
            workloadKind: String, workload: String)
    {
        let random = rng.string(5, from: SplitMix64.nameAlphabet)
        switch template.kind {
        case .deployment:
            let rs = template.name + "-" + template.hash
            return (rs + "-" + random, rs + "-", [("app", template.name), ("pod-template-hash", template.hash)],
                    ("ReplicaSet", rs, template.ownerUID), "Deployment", template.name)
        case .statefulSet:
            // The first free ordinal; past `replicas` when all are taken (a scale-up).
            var name = template.name + "-0"
            for ordinal in 0..<(template.replicas + 50) {
                let candidate = template.name + "-" + String(ordinal)
                if run.statefulNames[candidate, default: .min] <= created {
                    name = candidate
                    break
                }
            }
            run.statefulNames[name] = .max
            return (name, nil, [("app", template.name), ("controller-revision-hash", template.name + "-" + template.hash),
                                ("statefulset.kubernetes.io/pod-name", name)],
                    ("StatefulSet", template.name, template.ownerUID), "StatefulSet", template.name)
        case .daemonSet:
            return (template.name + "-" + random, template.name + "-",
                    [("app", template.name), ("controller-revision-hash", template.hash), ("pod-template-generation", "1")],
                    ("DaemonSet", template.name, template.ownerUID), "DaemonSet", template.name)
        case .cronJob:
            let job = template.name + "-" + String(created / 60 / 5 * 5)
            return (job + "-" + random, job + "-", [("batch.kubernetes.io/job-name", job), ("job-name", job)],
                    ("Job", job, rng.uuid()), "CronJob", template.name)
        case .job:
            let job = template.name + "-" + rng.string(5, from: SplitMix64.nameAlphabet)
            return (job + "-" + random, job + "-", [("batch.kubernetes.io/job-name", job), ("job-name", job)],
                    ("Job", job, rng.uuid()), "Job", job)
        case .bare:
            let name = "debug-" + rng.pick(["alice", "omar", "mei", "jonas", "priya"]) + String(rng.int(1...999))
            return (name, nil, [("run", "debug")], nil, "Pod", name)
        }
    }

    /// The owner's `SuccessfulCreate` event and the pod's first (ADDED) snapshot.
    mutating func create() throws {
        try snap(pod.creation, .added)
        guard let owner = pod.owner else { return }
        let ref = SimObjectRef(kind: owner.kind, namespace: pod.namespace, name: owner.name, uid: owner.uid)
        switch template.kind {
        case .statefulSet:
            try event(pod.creation, "SuccessfulCreate", "create Pod \(pod.name) in StatefulSet \(owner.name) successful",
                      component: "statefulset-controller", object: ref)
        default:
            let component = owner.kind == "Job" ? "job-controller" : owner.kind == "DaemonSet" ? "daemonset-controller" : "replicaset-controller"
            try event(pod.creation, "SuccessfulCreate", "Created pod: \(pod.name)", component: component, object: ref)
        }
    }

    /// Picks a node that has no incident in `window` (or the DaemonSet's node), of the given
    /// kubelet generation when one is asked for and available.
    mutating func pickNode(at time: Int64, quiet window: Int64, generation: KubeletGeneration? = nil) -> SimNode {
        if let fixedNode { return run.nodes[fixedNode] }
        var calm = run.nodes.filter { $0.incident(overlapping: time...(time + window)) == nil }
        if let generation, calm.contains(where: { $0.generation == generation }) { calm.removeAll { $0.generation != generation } }
        let active = run.nodes.filter { $0.incident(overlapping: time...time) == nil }
        return rng.pick(calm.isEmpty ? (active.isEmpty ? run.nodes : active) : calm)
    }

    /// Binds the pod: `PodScheduled=True`, the scheduler's `Scheduled` event.
    mutating func schedule(at time: Int64, quiet window: Int64, generation: KubeletGeneration? = nil) throws {
        let chosen = pickNode(at: time, quiet: window, generation: generation)
        node = chosen
        pod.nodeName = chosen.name
        pod.setCondition("PodScheduled", "True", at: time)
        let micros = time * 1_000_000 + rng.int64(0...999_999)
        try newAPIEvent(micros, "Scheduled", "Successfully assigned \(pod.namespace)/\(pod.name) to \(chosen.name)", action: "Binding")
        truth.scheduledEventMicros = micros
        try snap(time)
    }

    /// The kubelet admits the pod: start time, IPs, conditions, containers waiting.
    mutating func admit(at time: Int64) throws {
        guard let node else { return }
        pod.startTime = time
        pod.hostIP = node.ip
        pod.podIP = "10.244.\(rng.int(0...255)).\(rng.int(2...254))"
        if node.generation == .current { pod.setCondition("PodReadyToStartContainers", "False", at: time) }
        let initNames = pod.initContainers.map(\.name).joined(separator: " ")
        let names = pod.containers.map(\.name).joined(separator: " ")
        if pod.initContainers.isEmpty {
            pod.setCondition("Initialized", "True", at: time)
        } else {
            pod.setCondition("Initialized", "False", at: time, reason: "ContainersNotInitialized",
                             message: "containers with incomplete status: [\(initNames)]")
        }
        pod.setCondition("Ready", "False", at: time, reason: "ContainersNotReady", message: "containers with unready status: [\(names)]")
        pod.setCondition("ContainersReady", "False", at: time, reason: "ContainersNotReady",
                         message: "containers with unready status: [\(names)]")
        pod.initStatuses = pod.initContainers.map {
            SimContainerStatus(name: $0.name, image: $0.image, state: .waiting(reason: "PodInitializing", message: nil))
        }
        let waiting = pod.initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
        pod.statuses = pod.containers.map {
            SimContainerStatus(name: $0.name, image: $0.image, state: .waiting(reason: waiting, message: nil))
        }
        try snap(time)
    }

    /// Pulls a container's image (or finds it present); returns when the image is ready.
    mutating func pull(_ spec: SimContainerSpec, at time: Int64) throws -> Int64 {
        guard let node else { return time }
        let key = node.name + " " + spec.image
        if run.pulledImages.contains(key) || rng.chance(0.15) {
            let index = try event(time, "Pulled", "Container image \"\(spec.image)\" already present on machine",
                                  container: spec.name, initContainer: spec.isInit)
            if index >= 0 { pullFigures[index] = 0 }
            run.pulledImages.insert(key)
            return time
        }
        try event(time, "Pulling", "Pulling image \"\(spec.image)\"", container: spec.name, initContainer: spec.isInit)
        let ms = template.namespace == "ml" ? rng.int64(8000...95_000) : rng.int64(350...14_000)
        let done = time + (ms + 999) / 1000
        let duration = SimTime.goDuration(milliseconds: ms)
        let message: String
        switch node.generation {
        case .legacy: message = "Successfully pulled image \"\(spec.image)\" in \(duration)"
        case .previous: message = "Successfully pulled image \"\(spec.image)\" in \(duration) (\(duration) including waiting)"
        case .current:
            message = "Successfully pulled image \"\(spec.image)\" in \(duration) (\(duration) including waiting). Image size: \(rng.int(5_000_000...900_000_000)) bytes."
        }
        let index = try event(done, "Pulled", message, container: spec.name, initContainer: spec.isInit)
        if index >= 0 { pullFigures[index] = ms }
        run.pulledImages.insert(key)
        return done
    }

    /// `repository@sha256:<digest>`: a stable made-up digest of the image reference.
    static func imageID(_ image: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in image.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var digest = SplitMix64(seed: hash)
        var hex = ""
        for _ in 0..<4 { hex += String(digest.next() | (1 << 63), radix: 16) }
        let repository = image.lastIndex(of: ":").map { String(image[..<$0]) } ?? image
        return repository + "@sha256:" + hex
    }

    /// `Created` and `Started` events for a container; returns its new container id.
    mutating func startEvents(_ spec: SimContainerSpec, at time: Int64) throws -> String {
        let created = node?.generation == .current ? "Created container: \(spec.name)" : "Created container \(spec.name)"
        try event(time, "Created", created, container: spec.name, initContainer: spec.isInit)
        try event(time, "Started", "Started container \(spec.name)", container: spec.name, initContainer: spec.isInit)
        return containerID()
    }

    /// Runs the init containers one after the other; returns when the pod is initialised.
    mutating func runInitContainers(from time: Int64) throws -> Int64 {
        var t = time
        for (index, spec) in pod.initContainers.enumerated() {
            t = try pull(spec, at: t)
            let id = try startEvents(spec, at: t)
            pod.initStatuses[index].containerID = id
            pod.initStatuses[index].imageID = Self.imageID(spec.image)
            pod.initStatuses[index].state = .running(startedAt: t)
            pod.initStatuses[index].started = true
            try snap(t)
            let finished = t + rng.int64(2...25)
            pod.initStatuses[index].state = .terminated(SimTermination(
                exitCode: 0, reason: "Completed", startedAt: t, finishedAt: finished, containerID: id))
            pod.initStatuses[index].started = false
            t = finished
        }
        if !pod.initContainers.isEmpty {
            pod.setCondition("Initialized", "True", at: t)
            try snap(t)
        }
        return t
    }

    /// Pulls and starts every regular container, then marks them ready; returns the Ready time.
    mutating func startContainers(from time: Int64) throws -> Int64 {
        var t = time
        if pod.condition("PodReadyToStartContainers") != nil { pod.setCondition("PodReadyToStartContainers", "True", at: t) }
        for (index, spec) in pod.containers.enumerated() {
            t = try pull(spec, at: t)
            let id = try startEvents(spec, at: t)
            pod.statuses[index].containerID = id
            pod.statuses[index].imageID = Self.imageID(spec.image)
            pod.statuses[index].state = .running(startedAt: t)
            pod.statuses[index].started = true
            pod.phase = "Running"
        }
        try snap(t)
        return try becomeReady(at: t + rng.int64(1...12))
    }

    /// Readiness probes pass: every running container ready, `ContainersReady` and `Ready` True.
    mutating func becomeReady(at time: Int64) throws -> Int64 {
        for index in pod.statuses.indices {
            if case .running = pod.statuses[index].state { pod.statuses[index].ready = true }
        }
        guard pod.statuses.allSatisfy(\.ready) else { return time }
        pod.setCondition("ContainersReady", "True", at: time)
        pod.setCondition("Ready", "True", at: time)
        try snap(time)
        return time
    }
}
