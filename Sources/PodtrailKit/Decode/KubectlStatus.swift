/// kubectl's STATUS, READY and RESTARTS columns for a pod, derived exactly as the apiserver's
/// table printer does (`printPod` in pkg/printers/internalversion/printers.go, with sidecar and
/// scheduling-gate handling).
public struct KubectlStatus: Equatable, Sendable {
    /// The STATUS column (`Running`, `CrashLoopBackOff`, `Init:1/2`, `Terminating`, …).
    public var status: String
    /// Ready containers (READY's numerator).
    public var ready: Int
    /// Containers counted in READY's denominator (regular containers plus sidecars).
    public var total: Int
    /// The RESTARTS number.
    public var restarts: Int

    /// Derives the columns from a pod observation.
    public init(_ pod: PodRecord) {
        var reason = pod.reason ?? pod.phase ?? ""
        if pod.conditions.contains(where: { $0.type == "PodScheduled" && $0.reason == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }
        // printPod walks the status arrays in their own order (the kubelet sorts regular
        // statuses by name, init statuses by spec order) and counts READY's total and Init's M
        // from the spec; a status naming no spec container is walked but not counted.
        let initStatuses = Self.statuses(pod.initContainers)
        let regular = Self.statuses(pod.regularContainers)
        let hasSpec = pod.containers.contains(where: \.inSpec)
        // An archive that dropped `spec` (never the case for an apiserver object, which always
        // has a container) counts the statuses instead of showing 0/0.
        let initCount = hasSpec ? pod.initContainers.filter(\.inSpec).count : initStatuses.count
        let total = hasSpec ? pod.containers.filter { $0.inSpec && (!$0.isInit || $0.isSidecar) }.count : regular.count
        var ready = 0
        var restarts = 0
        var sidecarRestarts = 0
        var initializing = false
        for (index, container) in initStatuses.enumerated() {
            restarts = restarts.saturatingAdding(container.restartCount)
            if container.isSidecar { sidecarRestarts = sidecarRestarts.saturatingAdding(container.restartCount) }
            // A missing exitCode is Go's zero value: 0.
            if case .terminated(let termination) = container.state, (termination.exitCode ?? 0) == 0 { continue }
            if container.isSidecar, container.started == true {
                if container.ready { ready += 1 }
                continue
            }
            initializing = true
            switch container.state {
            case .terminated(let termination):
                if let terminatedReason = termination.reason {
                    reason = "Init:" + terminatedReason
                } else if let signal = termination.signal, signal != 0 {
                    reason = "Init:Signal:\(signal)"
                } else {
                    reason = "Init:ExitCode:\(termination.exitCode ?? 0)"
                }
            case .waiting(let waitingReason, _) where waitingReason != nil && waitingReason != "PodInitializing":
                reason = "Init:" + waitingReason!
            default:
                reason = "Init:\(index)/\(initCount)"
            }
            break
        }
        let initialized = pod.condition("Initialized")?.status == "True"
        if !initializing || initialized {
            restarts = sidecarRestarts
            var hasRunning = false
            for container in regular.reversed() {
                restarts = restarts.saturatingAdding(container.restartCount)
                switch container.state {
                case .waiting(let waitingReason, _) where waitingReason != nil:
                    reason = waitingReason!
                case .terminated(let termination):
                    if let terminatedReason = termination.reason {
                        reason = terminatedReason
                    } else if let signal = termination.signal, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(termination.exitCode ?? 0)"
                    }
                case .running where container.ready:
                    hasRunning = true
                    ready += 1
                default:
                    break
                }
            }
            if reason == "Completed" && hasRunning {
                reason = pod.condition("Ready")?.status == "True" ? "Running" : "NotReady"
            }
        }
        if pod.deletionTimestamp != nil {
            if pod.reason == "NodeLost" {
                reason = "Unknown"
            } else if pod.phase != "Succeeded" && pod.phase != "Failed" {
                reason = "Terminating"
            }
        }
        self.status = reason
        self.ready = ready
        self.total = total
        self.restarts = restarts
    }

    /// The containers that have a status, in status-array order.
    private static func statuses(_ containers: [PodRecord.Container]) -> [PodRecord.Container] {
        containers.filter(\.hasStatus).sorted { ($0.statusIndex ?? 0) < ($1.statusIndex ?? 0) }
    }
}
