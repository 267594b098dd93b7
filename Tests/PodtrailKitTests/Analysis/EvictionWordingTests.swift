import Testing

@testable import PodtrailKit

/// Every eviction and admission-rejection wording the kubelet has written into a pod's status,
/// v1.3 to current, each classified by `evictions`. The templates and their releases were read
/// from the kubelet's source (`pkg/kubelet/eviction/helpers.go`, `eviction_manager.go`,
/// `kubelet.go` `rejectPod`, `lifecycle/predicate.go`, `nodeshutdown/`, `preemption/`); the
/// study is kept in `Fixtures/real/wordings/KUBELET-TEMPLATES.md`. Where a real cluster's text
/// was found (issue threads, audit logs), the case quotes it and names the file in
/// `Fixtures/real/wordings/` that holds the quote with its origin.
struct EvictionWordingTests {
    typealias H = AnalysisHistory

    /// One status wording: the pod's `status.reason` and `status.message`, and the expected
    /// `cause|resource|container|usage|request|threshold|available`.
    struct Case: CustomStringConvertible, Sendable {
        var release: String
        var reason: String
        var message: String
        var expected: String
        var description: String { "\(release) \(reason): \(message)" }
    }

    static let cases: [Case] = [
        // Before v1.4: no resource named (issue #31397, k8s-31397-v1.3-compute-resources.txt).
        Case(release: "v1.3", reason: "Evicted", message: "The node was low on compute resources.", expected: "other||||||"),
        // v1.4–v1.10 eviction: "The node was low on resource: %v." without a trailing space, with
        // the internal signal names (issue #48632 on v1.6.4, k8s-48632-v1.6.1-admission-memorypressure.yaml).
        Case(release: "v1.6", reason: "Evicted", message: "The node was low on resource: memory.", expected: "memory-pressure|memory|||||"),
        Case(release: "v1.9", reason: "Evicted", message: "The node was low on resource: nodefs.", expected: "disk-pressure|nodefs|||||"),
        Case(release: "v1.9", reason: "Evicted", message: "The node was low on resource: imagefs.", expected: "disk-pressure|imagefs|||||"),
        Case(release: "v1.9", reason: "Evicted", message: "The node was low on resource: nodefsInodes.", expected: "disk-pressure|nodefsInodes|||||"),
        Case(release: "v1.9", reason: "Evicted", message: "The node was low on resource: imagefsInodes.", expected: "disk-pressure|imagefsInodes|||||"),
        // v1.8–v1.10: a breached local-storage limit still said "low on resource" with a pseudo-resource.
        Case(release: "v1.8", reason: "Evicted", message: "The node was low on resource: EmptyDir.",
             expected: "ephemeral-storage-limit|ephemeral-storage|||||"),
        Case(release: "v1.8", reason: "Evicted", message: "The node was low on resource: containerOverlay.",
             expected: "ephemeral-storage-limit|ephemeral-storage|||||"),
        // v1.11 on: "The node was low on resource: %v. " (memory, ephemeral-storage, inodes, pids).
        Case(release: "v1.11", reason: "Evicted", message: "The node was low on resource: memory. ", expected: "memory-pressure|memory|||||"),
        Case(release: "v1.11", reason: "Evicted", message: "The node was low on resource: inodes. ", expected: "disk-pressure|inodes|||||"),
        Case(release: "v1.14", reason: "Evicted", message: "The node was low on resource: pids. ", expected: "pid-pressure|pids|||||"),
        // v1.11–v1.25 container clause (issue #111553, k8s-111597-before-after.txt; squat/kilo#329).
        Case(release: "v1.24", reason: "Evicted",
             message: "The node was low on resource: ephemeral-storage. Container hello-pod was using 20977608Ki, which exceeds its request of 0. ",
             expected: "disk-pressure|ephemeral-storage|hello-pod|20977608Ki|0||"),
        Case(release: "v1.24", reason: "Evicted", message: "The node was low on resource: memory. Container kilo was using 30332Ki, which exceeds its request of 0. ",
             expected: "memory-pressure|memory|kilo|30332Ki|0||"),
        // Two containers over their request: the first is reported (caoyingjunz/go-learning#55).
        Case(release: "v1.2x", reason: "Evicted",
             message: "The node was low on resource: ephemeral-storage. Container harbor-chart-rsync-client was using 76Ki, which exceeds its request of 0. Container chartmuseum was using 856Ki, which exceeds its request of 0. ",
             expected: "disk-pressure|ephemeral-storage|harbor-chart-rsync-client|76Ki|0||"),
        // v1.26 on: "request is %s, has larger consumption of %v" (PR #111597).
        Case(release: "v1.26", reason: "Evicted",
             message: "The node was low on resource: ephemeral-storage. Container hello-pod was using 20977608Ki, request is 0, has larger consumption of ephemeral-storage. ",
             expected: "disk-pressure|ephemeral-storage|hello-pod|20977608Ki|0||"),
        // v1.28 on: "Threshold quantity: %v, available: %v. " (threshold-quantity-examples.txt).
        Case(release: "v1.28", reason: "Evicted",
             message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 3404Ki. ",
             expected: "memory-pressure|memory||||100Mi|3404Ki"),
        Case(release: "v1.28", reason: "Evicted",
             message: "The node was low on resource: ephemeral-storage. Threshold quantity: 46993491787, available: 45494108Ki. Container kibana was using 108Ki, request is 0, has larger consumption of ephemeral-storage. ",
             expected: "disk-pressure|ephemeral-storage|kibana|108Ki|0|46993491787|45494108Ki"),
        // v1.34 on, pods with pod-level resources: a "Pod %s was using" clause, no container.
        Case(release: "v1.34", reason: "Evicted",
             message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 81Mi. Pod web-7d9c was using 1843Mi, request is 1Gi, has larger consumption of memory. ",
             expected: "memory-pressure|memory||||100Mi|81Mi"),
        // v1.11 on: local-storage limits (helpers.go containerEphemeralStorageMessageFmt, ...).
        Case(release: "v1.11", reason: "Evicted", message: #"Container app exceeded its local ephemeral storage limit "1Gi". "#,
             expected: "ephemeral-storage-limit|ephemeral-storage|||||"),
        Case(release: "v1.11", reason: "Evicted", message: "Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. ",
             expected: "ephemeral-storage-limit|ephemeral-storage|||||"),
        Case(release: "v1.11", reason: "Evicted", message: #"Usage of EmptyDir volume "cache" exceeds the limit "500Mi". "#,
             expected: "ephemeral-storage-limit|ephemeral-storage|||||"),
        // Admission refused under node pressure, with rejectPod's prefix: "Pod " + the eviction
        // manager's message up to v1.25, "Pod was rejected: " from v1.26 (PR #112644).
        // v1.4–v1.10 (issue #48632 on v1.6.1, k8s-48632-v1.6.1-admission-memorypressure.yaml):
        Case(release: "v1.6", reason: "Evicted", message: "Pod The node was low on resource: [MemoryPressure].",
             expected: "admission-rejected|memory|||||"),
        // v1.11–v1.25 (issue #112605 on v1.25, k8s-112605-v1.25-admission-diskpressure.txt):
        Case(release: "v1.25", reason: "Evicted", message: "Pod The node had condition: [DiskPressure]. ",
             expected: "admission-rejected|ephemeral-storage|||||"),
        // v1.26 on (threshold-quantity-examples.txt):
        Case(release: "v1.26", reason: "Evicted", message: "Pod was rejected: The node had condition: [DiskPressure]. ",
             expected: "admission-rejected|ephemeral-storage|||||"),
        Case(release: "v1.26", reason: "Evicted", message: "Pod was rejected: The node had condition: [PIDPressure]. ",
             expected: "admission-rejected|pids|||||"),
        Case(release: "v1.26", reason: "Evicted", message: "Pod was rejected: The node had condition: [MemoryPressure DiskPressure]. ",
             expected: "admission-rejected|memory|||||"),
        // Predicate admission (lifecycle/predicate.go): OutOf<resource> and predicates' names.
        Case(release: "v1.14", reason: "OutOfcpu", message: "Pod Node didn't have enough resource: cpu, requested: 500, used: 3800, capacity: 4000",
             expected: "admission-rejected|cpu|||||"),
        Case(release: "v1.28", reason: "OutOfmemory",
             message: "Pod was rejected: Node didn't have enough resource: memory, requested: 2147483648, used: 6442450944, capacity: 7834128384",
             expected: "admission-rejected|memory|||||"),
        Case(release: "v1.28", reason: "OutOfnvidia.com/gpu",
             message: "Pod was rejected: Node didn't have enough resource: nvidia.com/gpu, requested: 1, used: 1, capacity: 1",
             expected: "admission-rejected|nvidia.com/gpu|||||"),
        Case(release: "v1.14", reason: "MatchNodeSelector", message: "Pod Predicate MatchNodeSelector failed", expected: "admission-rejected||||||"),
        // issue #109663 on v1.20 (k8s-109663-v1.20-nodeaffinity.txt); longhorn#6930 on >= v1.26.
        Case(release: "v1.20", reason: "NodeAffinity", message: "Pod Predicate NodeAffinity failed", expected: "admission-rejected||||||"),
        Case(release: "v1.27", reason: "NodeAffinity", message: "Pod was rejected: Predicate NodeAffinity failed", expected: "admission-rejected||||||"),
        Case(release: "v1.31", reason: "NodeAffinity",
             message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
             expected: "admission-rejected||||||"),
        Case(release: "v1.28", reason: "TaintToleration", message: "Pod was rejected: Predicate TaintToleration failed", expected: "admission-rejected||||||"),
        Case(release: "v1.19", reason: "UnexpectedAdmissionError",
             message: "Pod Update plugin resources failed due to no healthy devices present; cannot allocate unhealthy devices nvidia.com/gpu, which is unexpected.",
             expected: "admission-rejected||||||"),
        Case(release: "v1.28", reason: "InvalidNodeInfo", message: "Pod was rejected: Kubelet cannot get node info.", expected: "admission-rejected||||||"),
        Case(release: "v1.28", reason: "PodOSNotSupported", message: "Pod was rejected: Failed to admit pod as the OS field doesn't match node OS",
             expected: "admission-rejected||||||"),
        // Graceful node shutdown (nodeshutdown/), every release's wording (k8s-102820-shutdown-describe.txt,
        // gke-v1.21-shutdown-admission-auditlog.txt, terminated-pod-cleaner-readme.yaml).
        Case(release: "v1.20", reason: "Shutdown", message: "Node is shutting, evicting pods", expected: "node-shutdown||||||"),
        Case(release: "v1.21", reason: "Shutdown", message: "Pod Node is in progress of shutting down, not admitting any new pods",
             expected: "node-shutdown||||||"),
        Case(release: "v1.22", reason: "Terminated", message: "Pod was terminated in response to imminent node shutdown.", expected: "node-shutdown||||||"),
        Case(release: "v1.22", reason: "NodeShutdown", message: "Pod Pod was rejected as the node is shutting down.", expected: "node-shutdown||||||"),
        Case(release: "v1.26", reason: "NodeShutdown", message: "Pod was rejected: Pod was rejected as the node is shutting down.",
             expected: "node-shutdown||||||"),
        // Critical-pod preemption by the kubelet (preemption/preemption.go) and the node controller's NodeLost.
        Case(release: "v1.9", reason: "Preempting", message: "Preempted in order to admit critical pod", expected: "preemption||||||"),
        Case(release: "v1.9", reason: "NodeLost", message: "Node node-7 which was running pod web-1 is unresponsive", expected: "node-lost||||||"),
    ]

    @Test(arguments: cases)
    func classifiesTheStatusWording(_ wording: Case) throws {
        let db = try H.ingest([
            H.pod("p", name: "p", namespace: "batch", rv: 1, owner: nil, phase: "Failed", reason: wording.reason, message: wording.message, containers: [])
        ])
        #expect(try H.rows(db, "SELECT cause, resource, container, usage, request, threshold, available FROM evictions") == [wording.expected])
        // The message is kept as the kubelet wrote it, prefix and trailing space included.
        #expect(try H.rows(db, "SELECT message FROM evictions") == [wording.message])
    }

    /// The kubelet's Warning event carries the rejection without rejectPod's prefix, with the
    /// admission reason as its reason: an events-only archive classifies it the same way.
    @Test func classifiesTheRejectionFromItsEventAlone() throws {
        let db = try H.ingest([
            H.event("e1", podUID: "p1", pod: "p1", namespace: "batch", reason: "Evicted", message: "The node had condition: [DiskPressure]. ",
                    first: 10, type: "Warning"),
            H.event("e2", podUID: "p2", pod: "p2", namespace: "batch", reason: "OutOfcpu",
                    message: "Node didn't have enough resource: cpu, requested: 500, used: 3800, capacity: 4000", first: 20, type: "Warning"),
            H.event("e3", podUID: "p3", pod: "p3", namespace: "batch", reason: "NodeAffinity", message: "Predicate NodeAffinity failed",
                    first: 30, type: "Warning"),
        ])
        #expect(try H.rows(db, "SELECT pod, cause, resource, sources FROM evictions ORDER BY pod") == [
            "p1|admission-rejected|ephemeral-storage|event", "p2|admission-rejected|cpu|event", "p3|admission-rejected||event",
        ])
    }
}
