import PodtrailKit
/// A kubelet generation: the message wordings and behaviours that changed between releases.
enum KubeletGeneration: String {
    /// v1.21-era: `nodefs`/`imagefs` eviction resources, `Shutdown` node-shutdown reason,
    /// `Pulled ... in %v`, `Created container %s`, no DisruptionTarget, the legacy NodeLost path,
    /// evicted containers left as they were (kubectl shows `Evicted`).
    case legacy = "v1.21.14"
    /// v1.26-era: `ephemeral-storage`, `Terminated`, old eviction container wording.
    case previous = "v1.26.15"
    /// v1.31-era: Threshold quantity, `request is ..., has larger consumption of`, image sizes.
    case current = "v1.31.4"
}

/// A simulated node.
struct SimNode {
    var name: String
    var ip: String
    var uid: String
    var generation: KubeletGeneration
    var incidents: [NodeIncident] = []

    /// The incident in progress or starting in `range`, if any.
    func incident(overlapping range: ClosedRange<Int64>) -> NodeIncident? {
        incidents.first { $0.begin <= range.upperBound && $0.end >= range.lowerBound }
    }
}

/// Something that happens to a whole node for a while.
struct NodeIncident {
    /// What happens to the node.
    enum Kind: String {
        /// The node stops reporting (NotReady, then taint or NodeLost eviction); it comes back at `end`.
        case unreachable
        /// Graceful node shutdown; the node comes back at `end`.
        case shutdown
    }

    var kind: Kind
    var begin: Int64
    var end: Int64
}

/// A workload the simulator creates pods for.
struct WorkloadTemplate {
    /// The workload's controller kind.
    enum Kind: String {
        case deployment = "Deployment"
        case statefulSet = "StatefulSet"
        case daemonSet = "DaemonSet"
        case job = "Job"
        case cronJob = "CronJob"
        case bare = "Pod"
    }

    var kind: Kind
    var namespace: String
    var name: String
    var containers: [SimContainerSpec]
    var initContainers: [SimContainerSpec] = []
    /// Relative share of new pods.
    var weight: Int
    var replicas = 3
    /// `pod-template-hash` (Deployments) or `controller-revision-hash`, set per run.
    var hash = ""
    /// The owner object's uid, set per run.
    var ownerUID = ""
    /// Share of pods with a failure fate, in percent.
    var trouble = 25
    /// Memory-hungry workloads OOM more often.
    var oomProne = false

    /// The QoS class the API server derives from requests and limits.
    var qosClass: String {
        let all = containers + initContainers
        if all.allSatisfy({ $0.cpuRequest == nil && $0.memoryRequest == nil && $0.cpuLimit == nil && $0.memoryLimit == nil }) {
            return "BestEffort"
        }
        if all.allSatisfy({ $0.cpuLimit != nil && $0.memoryLimit != nil && $0.cpuRequest == $0.cpuLimit && $0.memoryRequest == $0.memoryLimit }) {
            return "Guaranteed"
        }
        return "Burstable"
    }

    /// The catalogue of workloads of the simulated cluster.
    static func catalogue() -> [WorkloadTemplate] {
        func c(_ name: String, _ image: String, cpu: String? = nil, cpuLimit: String? = nil, memory: String? = nil, memoryLimit: String? = nil, isInit: Bool = false) -> SimContainerSpec {
            SimContainerSpec(name: name, image: image, isInit: isInit, memoryRequest: memory, memoryLimit: memoryLimit, cpuRequest: cpu, cpuLimit: cpuLimit)
        }
        return [
            WorkloadTemplate(kind: .deployment, namespace: "shop", name: "web", containers: [
                c("app", "registry.example.com/shop/web:2.14.1", cpu: "100m", memory: "128Mi", memoryLimit: "256Mi"),
                c("envoy", "docker.io/envoyproxy/envoy:v1.31.2", cpu: "50m", memory: "64Mi", memoryLimit: "128Mi"),
            ], weight: 20),
            WorkloadTemplate(kind: .deployment, namespace: "shop", name: "api", containers: [
                c("api", "registry.example.com/shop/api:1.9.0", cpu: "250m", memory: "256Mi", memoryLimit: "512Mi"),
            ], initContainers: [
                c("migrate", "registry.example.com/shop/api-migrate:1.9.0", cpu: "100m", memory: "64Mi", memoryLimit: "128Mi", isInit: true),
            ], weight: 14),
            WorkloadTemplate(kind: .deployment, namespace: "shop", name: "cart", containers: [
                c("cart", "registry.example.com/shop/cart:3.2.7", cpu: "250m", cpuLimit: "250m", memory: "512Mi", memoryLimit: "512Mi"),
            ], weight: 10),
            WorkloadTemplate(kind: .statefulSet, namespace: "shop", name: "postgres", containers: [
                c("postgres", "docker.io/library/postgres:16.4", cpu: "1", cpuLimit: "1", memory: "2Gi", memoryLimit: "2Gi"),
            ], weight: 3, trouble: 20),
            WorkloadTemplate(kind: .deployment, namespace: "payments", name: "gateway", containers: [
                c("gateway", "registry.example.com/payments/gateway:5.0.3", cpu: "200m", memory: "300Mi", memoryLimit: "600Mi"),
            ], weight: 12),
            WorkloadTemplate(kind: .statefulSet, namespace: "payments", name: "redis", containers: [
                c("redis", "docker.io/library/redis:7.4.1", cpu: "100m", memory: "1G", memoryLimit: "1G"),
            ], weight: 3, trouble: 20),
            WorkloadTemplate(kind: .deployment, namespace: "ml", name: "trainer", containers: [
                c("trainer", "registry.example.com/ml/trainer:0.42.0", cpu: "2", memory: "1Gi", memoryLimit: "2Gi"),
            ], weight: 8, trouble: 45, oomProne: true),
            WorkloadTemplate(kind: .deployment, namespace: "ml", name: "feature-worker", containers: [
                c("worker", "registry.example.com/ml/feature-worker:1.3.3"),
            ], weight: 8, trouble: 35),
            WorkloadTemplate(kind: .cronJob, namespace: "batch", name: "report", containers: [
                c("report", "registry.example.com/batch/report:2024.11", cpu: "500m", memory: "256Mi", memoryLimit: "512Mi"),
            ], weight: 12),
            WorkloadTemplate(kind: .job, namespace: "batch", name: "etl", containers: [
                c("etl", "registry.example.com/batch/etl:7.1.0", cpu: "1", memory: "512Mi", memoryLimit: "1Gi"),
            ], weight: 6),
            WorkloadTemplate(kind: .statefulSet, namespace: "monitoring", name: "prometheus", containers: [
                c("prometheus", "quay.io/prometheus/prometheus:v2.54.1", cpu: "500m", memory: "2Gi", memoryLimit: "4Gi"),
            ], weight: 1, replicas: 2, trouble: 10),
            WorkloadTemplate(kind: .bare, namespace: "default", name: "debug-shell", containers: [
                c("shell", "docker.io/library/busybox:1.36"),
            ], weight: 3, trouble: 30),
            WorkloadTemplate(kind: .daemonSet, namespace: "monitoring", name: "node-exporter", containers: [
                c("node-exporter", "quay.io/prometheus/node-exporter:v1.8.2", cpu: "50m", memory: "32Mi", memoryLimit: "64Mi"),
            ], weight: 0),
            WorkloadTemplate(kind: .daemonSet, namespace: "kube-system", name: "fluent-bit", containers: [
                c("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.1.9", cpu: "100m", memory: "64Mi", memoryLimit: "256Mi"),
            ], weight: 0),
        ]
    }
}
