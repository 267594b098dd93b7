import PodtrailKit
/// A container in a simulated pod's spec.
struct SimContainerSpec {
    var name: String
    var image: String
    /// True for an init container.
    var isInit = false
    var memoryRequest: String?
    var memoryLimit: String?
    var cpuRequest: String?
    var cpuLimit: String?
}

/// A finished container run (`state.terminated` / `lastState.terminated`).
struct SimTermination: Equatable {
    var exitCode: Int
    var signal: Int?
    var reason: String?
    var message: String?
    var startedAt: Int64
    var finishedAt: Int64
    var containerID: String
}

/// One of the three container states of the API (or none, which kubectl treats as waiting).
enum SimContainerState: Equatable {
    case none
    case waiting(reason: String, message: String?)
    case running(startedAt: Int64)
    case terminated(SimTermination)
}

/// A container status as the kubelet reports it.
struct SimContainerStatus {
    var name: String
    var image: String
    var imageID = ""
    var containerID: String?
    var ready = false
    var started = false
    var restartCount = 0
    var state: SimContainerState
    var lastState: SimTermination?
}

/// A pod condition.
struct SimCondition {
    var type: String
    var status: String
    var reason: String?
    var message: String?
    var time: Int64
}

/// A simulated pod's whole object at one moment: what a watch or a list would print.
struct SimPod {
    var uid: String
    var name: String
    var generateName: String?
    var namespace: String
    var labels: [(String, String)] = []
    /// The controlling owner: kind, name, uid.
    var owner: (kind: String, name: String, uid: String)?
    var creation: Int64
    var deletionTimestamp: Int64?
    var gracePeriod: Int?
    var nodeName: String?
    var restartPolicy = "Always"
    var priority = 0
    var containers: [SimContainerSpec] = []
    var initContainers: [SimContainerSpec] = []
    var phase = "Pending"
    var reason: String?
    var message: String?
    var conditions: [SimCondition] = []
    var startTime: Int64?
    var hostIP: String?
    var podIP: String?
    var qosClass = "BestEffort"
    var statuses: [SimContainerStatus] = []
    var initStatuses: [SimContainerStatus] = []
    /// When false, the status carries no `containerStatuses` at all (see `Lifecycle`).
    var reportsContainerStatuses = true

    /// Sets a condition; its `lastTransitionTime` moves only when the status flips.
    mutating func setCondition(
        _ type: String, _ status: String, at time: Int64, reason: String? = nil, message: String? = nil
    ) {
        if let index = conditions.firstIndex(where: { $0.type == type }) {
            let changed = conditions[index].status != status
            conditions[index].status = status
            conditions[index].reason = reason
            conditions[index].message = message
            if changed { conditions[index].time = time }
        } else {
            conditions.append(SimCondition(type: type, status: status, reason: reason, message: message, time: time))
        }
    }

    /// The condition of a type, if present.
    func condition(_ type: String) -> SimCondition? {
        conditions.first { $0.type == type }
    }

    /// The ingester's observation time: the latest time inside the object (creation, start,
    /// condition transitions, container starts and finishes, deletion request).
    var observedAt: Int64 {
        var latest = creation
        if let startTime { latest = max(latest, startTime) }
        for condition in conditions { latest = max(latest, condition.time) }
        for status in initStatuses + (reportsContainerStatuses ? statuses : []) {
            switch status.state {
            case .running(let startedAt): latest = max(latest, startedAt)
            case .terminated(let t): latest = max(latest, t.startedAt, t.finishedAt)
            default: break
            }
            if let last = status.lastState { latest = max(latest, last.finishedAt) }
        }
        if let deletionTimestamp { latest = max(latest, deletionTimestamp - Int64(gracePeriod ?? 0)) }
        return latest
    }

    /// kubectl's RESTARTS column (regular containers once initialised, as `printPod`).
    var restarts: Int {
        statuses.reduce(0) { $0 + $1.restartCount }
    }
}
