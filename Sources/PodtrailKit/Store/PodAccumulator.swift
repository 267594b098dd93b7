/// Merges a file's pod observations in memory before they reach the `pods` and `containers`
/// tables, so that each pod is upserted once per flush instead of once per snapshot.
///
/// The merge rules are those of `StoreSQL.upsertPod` and `StoreSQL.upsertContainer` (earliest
/// milestones, final state from the latest observation, ties settled by resourceVersion and then by input order,
/// maxima of restarts), so merging here first and in SQL afterwards gives the same row as
/// upserting every snapshot.
struct PodAccumulator {
    /// The `pods` columns of one pod.
    struct PodRow {
        var namespace: String
        var name: String
        var node: String?
        var workload: Workload
        var ownerKind: String?
        var ownerName: String?
        var createdAt: Timestamp?
        var scheduledAt: Timestamp?
        var startedAt: Timestamp?
        var deletionRequestedAt: Timestamp?
        var deletedAt: Timestamp?
        var gracePeriod: Int?
        var finalPhase: String?
        var finalStatus: String?
        var finalReason: String?
        var finalMessage: String?
        var restarts: Int
        var qosClass: String?
        var restartPolicy: String?
        var memoryRequest: Int?
        var memoryLimit: Int?
        var cpuRequest: Int?
        var cpuLimit: Int?
        var firstObserved: Timestamp?
        var lastObserved: Timestamp?
        var snapshots = 1
        /// The DisruptionTarget=True condition: the earliest transition seen, with its reason and message.
        var disruptionReason: String? = nil
        var disruptionMessage: String? = nil
        var disruptionAt: Timestamp? = nil
        /// metadata.resourceVersion when numeric: orders observations made at the same time.
        var finalResourceVersion: Int? = nil
        /// The earliest `Ready=True` transition seen, and the pod's restarts (kubectl's RESTARTS)
        /// in the observation that showed it: `StoreSQL.upsertPod` derives `ready_at` from them.
        var readyTransitionAt: Timestamp? = nil
        var readyTransitionRestarts: Int? = nil
        /// An observation showed a container started after restarts that hide its first run
        /// (`PodRecord.firstContainerStart`).
        var firstStartUnknown = false
        /// The latest `PodScheduled=False` condition seen (reason `Unschedulable`, …): its
        /// transition time and message, the scheduler's last word when no event kept it.
        var schedulingFailureAt: Timestamp? = nil
        var schedulingFailureMessage: String? = nil
        /// `PodRecord.nonStatelessVolume` (the spec's volumes do not change).
        var nonStatelessVolume: String? = nil

        /// `other` is the later state: observed later, or at the same time with a resourceVersion
        /// at least as high (the later record wins when either is not numeric).
        func isOlder(than other: PodRow) -> Bool {
            guard let mine = lastObserved else { return true }
            guard let theirs = other.lastObserved else { return false }
            if theirs != mine { return theirs > mine }
            guard let a = finalResourceVersion, let b = other.finalResourceVersion else { return true }
            return b >= a
        }

        /// Folds in a row observed later in the input.
        mutating func merge(_ other: PodRow) {
            let newer = isOlder(than: other)
            namespace = other.namespace
            name = other.name
            node = newer ? other.node ?? node : node ?? other.node
            if workload.inferred && !other.workload.inferred {
                workload = other.workload
                ownerKind = other.ownerKind
                ownerName = other.ownerName
            }
            createdAt = earliest(createdAt, other.createdAt)
            scheduledAt = earliest(scheduledAt, other.scheduledAt)
            startedAt = earliest(startedAt, other.startedAt)
            deletionRequestedAt = earliest(deletionRequestedAt, other.deletionRequestedAt)
            deletedAt = earliest(deletedAt, other.deletedAt)
            gracePeriod = newer ? other.gracePeriod ?? gracePeriod : gracePeriod ?? other.gracePeriod
            if newer {
                finalPhase = other.finalPhase
                finalStatus = other.finalStatus
                finalReason = other.finalReason
                finalMessage = other.finalMessage
                lastObserved = other.lastObserved
                finalResourceVersion = other.finalResourceVersion
            }
            restarts = max(restarts, other.restarts)
            qosClass = newer ? other.qosClass ?? qosClass : qosClass ?? other.qosClass
            nonStatelessVolume = newer ? other.nonStatelessVolume ?? nonStatelessVolume : nonStatelessVolume ?? other.nonStatelessVolume
            restartPolicy = newer ? other.restartPolicy ?? restartPolicy : restartPolicy ?? other.restartPolicy
            memoryRequest = newer ? other.memoryRequest ?? memoryRequest : memoryRequest ?? other.memoryRequest
            memoryLimit = newer ? other.memoryLimit ?? memoryLimit : memoryLimit ?? other.memoryLimit
            cpuRequest = newer ? other.cpuRequest ?? cpuRequest : cpuRequest ?? other.cpuRequest
            cpuLimit = newer ? other.cpuLimit ?? cpuLimit : cpuLimit ?? other.cpuLimit
            firstObserved = earliest(firstObserved, other.firstObserved)
            snapshots += other.snapshots
            if let theirs = other.schedulingFailureAt, schedulingFailureAt.map({ theirs > $0 }) ?? true {
                schedulingFailureAt = theirs
                schedulingFailureMessage = other.schedulingFailureMessage
            }
            if let theirs = other.readyTransitionAt, readyTransitionAt.map({ theirs < $0 || (theirs == $0
                && (other.readyTransitionRestarts ?? 0) < (readyTransitionRestarts ?? 0)) }) ?? true {
                readyTransitionAt = theirs
                readyTransitionRestarts = other.readyTransitionRestarts
            }
            firstStartUnknown = firstStartUnknown || other.firstStartUnknown
            if other.disruptionReason != nil, disruptionReason == nil || earliest(disruptionAt, other.disruptionAt) != disruptionAt {
                disruptionReason = other.disruptionReason
                disruptionMessage = other.disruptionMessage
                disruptionAt = other.disruptionAt
            }
        }
    }

    /// The `containers` columns of one container.
    struct ContainerRow {
        var podUID: String
        var name: String
        var isInit: Bool
        var isSidecar: Bool
        var image: String?
        var memoryRequest: Int?
        var memoryLimit: Int?
        var cpuRequest: Int?
        var cpuLimit: Int?
        var restarts: Int
        var firstStartedAt: Timestamp?

        /// Folds in a row observed later in the input.
        mutating func merge(_ other: ContainerRow) {
            image = other.image ?? image
            isSidecar = isSidecar || other.isSidecar
            memoryRequest = other.memoryRequest ?? memoryRequest
            memoryLimit = other.memoryLimit ?? memoryLimit
            cpuRequest = other.cpuRequest ?? cpuRequest
            cpuLimit = other.cpuLimit ?? cpuLimit
            restarts = max(restarts, other.restarts)
            firstStartedAt = earliest(firstStartedAt, other.firstStartedAt)
        }
    }

    /// Pending pod rows by uid, in first-seen order.
    private(set) var pods: [String: PodRow] = [:]
    private(set) var podOrder: [String] = []
    /// A container's key: pod uid and name as a pair (a joined string would let a NUL inside
    /// a uid or name make two containers one).
    struct ContainerKey: Hashable {
        var podUID: String
        var name: String
    }

    /// Pending container rows by pod uid and name, in first-seen order.
    private(set) var containers: [ContainerKey: ContainerRow] = [:]
    private(set) var containerOrder: [ContainerKey] = []

    /// Pods held before a flush is due.
    static let flushThreshold = 4096

    var isFull: Bool { pods.count >= Self.flushThreshold }

    mutating func add(pod uid: String, _ row: PodRow) {
        if pods[uid]?.merge(row) == nil {
            pods[uid] = row
            podOrder.append(uid)
        }
    }

    mutating func add(_ row: ContainerRow) {
        let key = ContainerKey(podUID: row.podUID, name: row.name)
        if containers[key]?.merge(row) == nil {
            containers[key] = row
            containerOrder.append(key)
        }
    }

    mutating func removeAll() {
        pods.removeAll(keepingCapacity: true)
        podOrder.removeAll(keepingCapacity: true)
        containers.removeAll(keepingCapacity: true)
        containerOrder.removeAll(keepingCapacity: true)
    }
}

/// The earlier of two optional times (nil only when both are nil).
func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
    guard let a else { return b }
    guard let b else { return a }
    return b < a ? b : a
}
