import PodtrailKit
/// One simulation in progress: the cluster, the archive being written and the truth collected.
final class SimulationRun {
    let options: SimulationOptions
    let archive: Archive
    let directory: String
    let start: Int64
    let end: Int64
    var rng: SplitMix64
    var nodes: [SimNode] = []
    var templates: [WorkloadTemplate] = []
    var truth = SimulationTruth()
    private var resourceVersion = 100_000
    private var nodeEvents: [String: Int] = [:]
    private var nodeEventList: [SimEvent] = []
    private var pendingNodeEvents: [(Int64, Int, SimNode, String, String, String, String)] = []
    /// StatefulSet pod names and the time each becomes free again.
    var statefulNames: [String: Int64] = [:]
    /// The last state of every pod not deleted by the end, for the final `kubectl get pods` List.
    var remaining: [(String, [UInt8])] = []
    /// Images already on a node (`node image`): later pulls find them present.
    var pulledImages: Set<String> = []
    var summary = SimulationSummary()
    /// Evictions so far, to spread kubelet evictions over the kubelet generations in turn.
    var evictionCounter: [String: Int] = [:]
    /// Decodes archived Pod objects for `kubectlStatus(of:)`.
    private var podDecoder = RecordDecoder()

    /// A run of `options` writing into `directory`.
    init(options: SimulationOptions, directory: String) {
        self.options = options
        self.directory = directory
        self.start = options.start
        self.end = options.start + Int64(options.hours) * 3600
        self.rng = SplitMix64(seed: options.seed)
        self.archive = Archive(directory: directory, streams: options.streams, level: options.compressionLevel)
    }

    /// kubectl's STATUS of an archived Pod object (`payload`), as podtrail derives it: the
    /// object decoded as ingest decodes it, then `KubectlStatus`. Not a second derivation: the
    /// rule is checked against the upstream printer's cases (`KubectlStatusTests`); the truth
    /// checks what is built on it (segments, durations, final status).
    func kubectlStatus(of payload: [UInt8]) -> String {
        guard case .pod(let pod) = payload.withUnsafeBytes({ podDecoder.decode($0) }) else { return "Unknown" }
        return KubectlStatus(pod).status
    }

    /// The next resourceVersion (one counter for the whole cluster, like etcd's revision).
    func nextResourceVersion() -> Int {
        resourceVersion += 1
        return resourceVersion
    }

    // MARK: - Routing

    /// The stream a namespace's pods are archived in.
    func podStream(_ namespace: String) -> ArchiveStream {
        let wanted: ArchiveStream = namespace == "batch" ? .podsKubectl : .podsWatch
        if options.streams.contains(wanted) { return wanted }
        return [.podsWatch, .podsKubectl].first { options.streams.contains($0) } ?? .podsList
    }

    /// The stream a namespace's events are archived in (`newAPI`: written through events.k8s.io).
    func eventStream(_ namespace: String?, newAPI: Bool) -> ArchiveStream {
        var wanted: ArchiveStream
        switch namespace {
        case "shop", "kube-system", "default": wanted = .eventsExporter
        case "payments", "monitoring": wanted = .eventsWatch
        case nil: wanted = .eventsList
        default: wanted = .eventsRouter
        }
        if newAPI, ["shop", "batch", "ml", "default"].contains(namespace ?? "") { wanted = .eventsV1 }
        if options.streams.contains(wanted) { return wanted }
        let order: [ArchiveStream] = [.eventsExporter, .eventsWatch, .eventsRouter, .eventsV1, .eventsList]
        return order.first { options.streams.contains($0) }!
    }

    /// Archives one observation of an Event object.
    func write(event: SimEvent, at time: Int64, verb: ArchiveVerb, old: SimEvent?) {
        let stream = eventStream(event.object.kind == "Node" ? nil : event.namespace, newAPI: event.series != nil)
        let rv = nextResourceVersion()
        let payload = stream == .eventsV1 ? event.eventsV1JSON(resourceVersion: rv) : event.coreJSON(resourceVersion: rv)
        var oldPayload: [UInt8]?
        if stream == .eventsRouter, let old { oldPayload = old.coreJSON(resourceVersion: rv - 1) }
        archive.add(stream, at: time, verb: verb, payload: payload, old: oldPayload, uid: event.uid)
        truth.eventObservations += 1
    }

    /// Queues a node-level event. Pods are simulated one at a time, so node events arrive out of
    /// time order; they are aggregated in time order once every event before a point is known.
    func nodeEvent(_ node: SimNode, at time: Int64, reason: String, message: String, type: String = "Warning", component: String) {
        guard time >= start && time < end else { return }
        pendingNodeEvents.append((time, pendingNodeEvents.count, node, reason, message, type, component))
    }

    /// Records the queued node events before `time` (aggregated by node, reason and message like
    /// the recorder: one Event object whose count grows).
    func drainNodeEvents(before time: Int64) {
        let ready = pendingNodeEvents.filter { $0.0 < time }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        guard !ready.isEmpty else { return }
        pendingNodeEvents.removeAll { $0.0 < time }
        for (time, _, node, reason, message, type, component) in ready {
            let key = node.name + "\u{0}" + reason + "\u{0}" + message
            if let index = nodeEvents[key], time - nodeEventList[index].last < 3600 {
                let old = nodeEventList[index]
                nodeEventList[index].count += 1
                nodeEventList[index].last = time
                write(event: nodeEventList[index], at: time, verb: .modified, old: old)
                continue
            }
            let event = SimEvent(
                uid: rng.uuid(), name: node.name + "." + eventSuffix(time), namespace: "default",
                object: SimObjectRef(kind: "Node", namespace: nil, name: node.name, uid: component == "kernel-monitor" ? node.uid : node.name),
                reason: reason, message: message, type: type, component: component, host: node.name, first: time, last: time)
            nodeEvents[key] = nodeEventList.count
            nodeEventList.append(event)
            write(event: event, at: time, verb: .added, old: nil)
        }
    }

    /// The hex-nanoseconds suffix of recorder-generated event names.
    func eventSuffix(_ time: Int64) -> String {
        String(UInt64(time) &* 1_000_000_000 &+ (rng.next() % 1_000_000_000), radix: 16)
    }

    // MARK: - The run

    /// Simulates every pod in creation order, writing each hour once it is complete, then the
    /// final pods List and `truth.json`.
    func simulate() throws {
        buildCluster()
        var plans: [(Int64, Int, Int)] = []  // creation, template, node (DaemonSets) or -1
        for (index, template) in templates.enumerated() where template.kind == .daemonSet {
            for node in nodes.indices { plans.append((start + Int64(rng.int(0...90)), index, node)) }
        }
        let weights = templates.map(\.weight)
        let total = options.podsPerHour * options.hours
        for _ in 0..<total {
            plans.append((start + rng.int64(0...(end - start - 1)), rng.weighted(weights), -1))
        }
        plans.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        for (offset, plan) in plans.enumerated() {
            drainNodeEvents(before: plan.0)
            try archive.flush(before: plan.0)
            var life = PodLife(run: self, template: templates[plan.1], created: plan.0, fixedNode: plan.2 >= 0 ? plan.2 : nil,
                               seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(offset))
            life.simulate()
            summary.pods += 1
        }
        drainNodeEvents(before: .max)
        for event in nodeEventList { truth.count(event) }
        try archive.flushAll()
        try archive.finishWriting()
        if options.streams.contains(.podsList) {
            try archive.writeList(.podsList, at: end - 1, items: remaining.map(\.1))
        }
        try TruthWriter(run: self).write(to: directory + "/truth.json")
        summary.podSnapshots = truth.podSnapshots
        summary.eventObservations = truth.eventObservations
        summary.files = archive.fileRecords.count + 1
        summary.bytes = archive.bytesWritten
        summary.duplicates = archive.duplicateLines
    }

    private func buildCluster() {
        let count = options.nodes
        for i in 0..<count {
            let generation: KubeletGeneration = i % 4 == 3 ? .legacy : i % 2 == 1 ? .previous : .current
            let name = "node-" + (i + 1 < 10 ? "0" : "") + String(i + 1)
            nodes.append(SimNode(name: name, ip: "10.0.\(i / 200).\(10 + i % 200)", uid: rng.uuid(), generation: generation))
        }
        // Incidents: every 8 hours (or once in a shorter window) one unreachable node on the legacy
        // path, one on the taint path and one graceful shutdown, at fixed fractions of the period.
        let period = min(Int64(8 * 3600), end - start)
        var k: Int64 = 0
        var rotation = 0
        while start + k * period < end {
            let base = start + k * period
            let legacy = nodes.indices.filter { nodes[$0].generation == .legacy }
            let modern = nodes.indices.filter { nodes[$0].generation != .legacy }
            if let i = legacy.isEmpty ? nil : legacy[rotation % legacy.count] {
                let begin = base + period * 40 / 100
                nodes[i].incidents.append(NodeIncident(kind: .unreachable, begin: begin, end: begin + 45 * 60))
            }
            if !modern.isEmpty {
                let i = modern[(rotation * 2) % modern.count]
                let begin = base + period * 55 / 100
                nodes[i].incidents.append(NodeIncident(kind: .unreachable, begin: begin, end: begin + 25 * 60))
                let j = modern[(rotation * 2 + 1) % modern.count]
                let shutdown = base + period * 75 / 100
                nodes[j].incidents.append(NodeIncident(kind: .shutdown, begin: shutdown, end: shutdown + 12 * 60))
            }
            k += 1
            rotation += 1
        }
        for node in nodes {
            for incident in node.incidents {
                let notReady = incident.kind == .shutdown ? incident.begin + 20 : incident.begin + 40
                nodeEvent(node, at: notReady, reason: "NodeNotReady", message: "Node \(node.name) status is now: NodeNotReady",
                          type: "Normal", component: "node-controller")
                nodeEvent(node, at: incident.end, reason: "NodeReady", message: "Node \(node.name) status is now: NodeReady",
                          type: "Normal", component: "node-controller")
            }
            // System OOMs (processes outside pod limits): about one per node every six hours.
            var t = start + rng.int64(0...min(6 * 3600, end - start - 1))
            while t < end {
                let pid = rng.int(1000...99_999)
                let process = rng.pick(["containerd", "kubelet", "journald", "sshd", "node_agent"])
                let message = node.generation == .legacy
                    ? "System OOM encountered"
                    : "System OOM encountered, victim process: \(process), pid: \(pid)"
                nodeEvent(node, at: t, reason: "SystemOOM", message: message, component: "kubelet")
                nodeEvent(node, at: t, reason: "OOMKilling",
                          message: "Out of memory: Kill process \(pid) (\(process)) score 1000 or sacrifice child\nKilled process \(pid) (\(process)) total-vm:\(rng.int(100_000...900_000))kB, anon-rss:\(rng.int(50_000...400_000))kB, file-rss:\(rng.int(100...9000))kB",
                          component: "kernel-monitor")
                t += rng.int64(3 * 3600...9 * 3600)
            }
        }
        templates = WorkloadTemplate.catalogue()
        for index in templates.indices {
            templates[index].ownerUID = rng.uuid()
            let digits = rng.int(8...10)
            templates[index].hash = rng.string(digits, from: SplitMix64.hashAlphabet)
        }
    }
}
