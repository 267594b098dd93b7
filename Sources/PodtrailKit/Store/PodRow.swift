/// The order of a pod's observations: which snapshot comes first in the analyses
/// (`pod_snapshots.observed_key`) and which observation's values the `pods` row keeps.
///
/// By observation time (exact to the nanosecond: a whole-second time is earlier than any later
/// fraction of the same second), a DELETED record after a live one of the same instant, then by
/// numeric resourceVersion (an observation without one first); for observations that nothing
/// else orders, by what only moves forward in a pod's life: its phase (Pending, then Running or
/// Unknown, then Succeeded or Failed) and its restarts; last by their state (phase, STATUS,
/// reason, message; nil first, then by code points), arbitrary but total. Which observation wins
/// never depends on the order the input came in.
struct ObservationOrder: Comparable {
    var observedAt: Timestamp?
    var deleted = false
    var resourceVersion: Int?
    var restarts: Int
    var state: [String?]

    /// Where a phase stands in a pod's life (nil for none or an unknown word).
    static func rank(ofPhase phase: String?) -> Int? {
        switch phase {
        case "Pending": 0
        case "Running", "Unknown": 1
        case "Succeeded", "Failed": 2
        default: nil
        }
    }

    static func < (lhs: ObservationOrder, rhs: ObservationOrder) -> Bool {
        if lhs.observedAt != rhs.observedAt { return ascending(lhs.observedAt, rhs.observedAt) }
        if lhs.deleted != rhs.deleted { return rhs.deleted }
        if lhs.resourceVersion != rhs.resourceVersion { return ascending(lhs.resourceVersion, rhs.resourceVersion) }
        let (mine, theirs) = (rank(ofPhase: lhs.state.first ?? nil), rank(ofPhase: rhs.state.first ?? nil))
        if mine != theirs { return ascending(mine, theirs) }
        if lhs.restarts != rhs.restarts { return lhs.restarts < rhs.restarts }
        for (mine, theirs) in zip(lhs.state, rhs.state) where mine != theirs { return precedes(mine, theirs) }
        return false
    }

    /// The order as text that sorts the same way under SQLite's byte comparison, all but the
    /// last step (rows equal in all else are then taken in ingest order): `observed_key`. Nil
    /// without an observation time. Fixed-width fields: seconds since 0001-01-01 (12 digits) and
    /// nanoseconds (9), deleted (0/1), resourceVersion (0 for none, else 1 and 20 digits),
    /// phase rank (0 for none, else 1–3), restarts (20 digits).
    var sortKey: String? {
        guard let observedAt else { return nil }
        let micros = observedAt.micros
        let epochSeconds = micros >= 0 ? micros / 1_000_000 : (micros + 1) / 1_000_000 - 1
        let nanos = (micros - epochSeconds * 1_000_000) * 1000 + Int64(observedAt.nanos)
        var key = [UInt8](repeating: UInt8(ascii: "0"), count: 12 + 9 + 1 + 21 + 1 + 20)
        var end = 0
        // `value` in `width` decimal digits (a value that is never negative here).
        func put(_ value: UInt64, width: Int) {
            var rest = value
            for index in stride(from: end + width - 1, through: end, by: -1) {
                key[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            end += width
        }
        func put(signed value: Int) { put(UInt64(bitPattern: Int64(value)) ^ (1 << 63), width: 20) }
        put(UInt64(max(0, epochSeconds + 62_135_596_800)), width: 12)
        put(UInt64(max(0, nanos)), width: 9)
        put(deleted ? 1 : 0, width: 1)
        if let resourceVersion {
            put(1, width: 1)
            put(signed: resourceVersion)
        } else {
            put(0, width: 1)
        }
        put(UInt64(Self.rank(ofPhase: state.first ?? nil).map { $0 + 1 } ?? 0), width: 1)
        put(signed: restarts)
        return String(decoding: key[..<end], as: UTF8.self)
    }
}

/// True when text `a` sorts before `b` by code points, nil first (a total order: `String`'s own
/// `<` holds canonically equivalent strings equal).
func precedes(_ a: String?, _ b: String?) -> Bool {
    guard let b else { return false }
    guard let a else { return true }
    return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

/// True when `a` sorts before `b`, nil first.
func ascending<Value: Comparable>(_ a: Value?, _ b: Value?) -> Bool {
    guard let b else { return false }
    guard let a else { return true }
    return a < b
}

/// The newer observation's value when it has one, else the other's.
@inline(__always)
func newestKnown<Value>(_ mine: Value?, _ theirs: Value?, _ theirsIsNewer: Bool) -> Value? {
    theirsIsNewer ? theirs ?? mine : mine ?? theirs
}

/// The earlier of two optional times (nil only when both are nil).
func earliest(_ a: Timestamp?, _ b: Timestamp?) -> Timestamp? {
    guard let a else { return b }
    guard let b else { return a }
    return b < a ? b : a
}

/// The `pods` row of one pod, as one observation (a snapshot, or an Event naming the pod) gives
/// it, or as several merged.
///
/// **The merge rules**, the only place they are written: `merge` combines two rows of the same
/// pod, whichever came first, and the writer merges a file's rows in memory and then with the
/// stored row (`StoreWriter.flush`), so the table never depends on where a flush falls or on
/// the order of the input files. Per column:
///
/// | columns | value kept |
/// |---|---|
/// | `namespace`, `name`, `final_phase`, `final_status`, `final_reason`, `final_message`, `last_observed_at`, `final_resource_version` | the newest observation's (`ObservationOrder`) |
/// | `node`, `grace_period_s`, `qos_class`, `restart_policy`, `memory_*`, `cpu_*`, `non_stateless_volume` | the newest observation's that has one (Kubernetes never unsets these once set, which makes keeping the newer of two rows' values exact) |
/// | `workload_kind`, `workload`, `owner_kind`, `owner_name`, `workload_inferred` | an observation with ownerReferences over one without (a name-inferred workload), else the newest |
/// | `created_at`, `scheduled_at`, `started_at`, `deletion_requested_at`, `deleted_at`, `first_observed_at` | the earliest |
/// | `ready_transition_at`, `ready_transition_restarts` | the earliest Ready=True transition, and the restarts of the observation that showed it (the fewer on a tie); `ready_at` is derived from them and the snapshots (`StoreSQL.firstReady`) |
/// | `scheduling_failure_at`, `scheduling_failure_message` | the latest PodScheduled=False transition (the greater message on a tie) |
/// | `disruption_reason`, `disruption_message`, `disruption_at` | the DisruptionTarget=True condition with the earliest transition; one with a transition time over one without; then by reason and message |
/// | `restarts` | the most |
/// | `snapshots` | the sum |
/// | `first_start_unknown` | true when any observation says so |
///
/// Times are compared exactly (`Timestamp`), not through `julianday()`, which rounds to the
/// millisecond.
struct PodRow: Equatable {
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
    /// in the observation that showed it: `StoreSQL.firstReady` derives `ready_at` from them.
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

    /// Where this row's newest observation stands among the pod's observations.
    var order: ObservationOrder {
        ObservationOrder(
            observedAt: lastObserved, deleted: deletedAt != nil && deletedAt == lastObserved,
            resourceVersion: finalResourceVersion, restarts: restarts,
            state: [finalPhase, finalStatus, finalReason, finalMessage])
    }

    /// Folds in another row of the same pod (the rules in the table above; symmetric).
    mutating func merge(_ other: PodRow) {
        // Written out column by column (no key paths: this runs once per observation).
        let otherIsNewer = order < other.order
        if workload.inferred != other.workload.inferred ? workload.inferred : otherIsNewer {
            workload = other.workload
            ownerKind = other.ownerKind
            ownerName = other.ownerName
        }
        createdAt = earliest(createdAt, other.createdAt)
        scheduledAt = earliest(scheduledAt, other.scheduledAt)
        startedAt = earliest(startedAt, other.startedAt)
        deletionRequestedAt = earliest(deletionRequestedAt, other.deletionRequestedAt)
        deletedAt = earliest(deletedAt, other.deletedAt)
        firstObserved = earliest(firstObserved, other.firstObserved)
        node = newestKnown(node, other.node, otherIsNewer)
        qosClass = newestKnown(qosClass, other.qosClass, otherIsNewer)
        restartPolicy = newestKnown(restartPolicy, other.restartPolicy, otherIsNewer)
        nonStatelessVolume = newestKnown(nonStatelessVolume, other.nonStatelessVolume, otherIsNewer)
        gracePeriod = newestKnown(gracePeriod, other.gracePeriod, otherIsNewer)
        memoryRequest = newestKnown(memoryRequest, other.memoryRequest, otherIsNewer)
        memoryLimit = newestKnown(memoryLimit, other.memoryLimit, otherIsNewer)
        cpuRequest = newestKnown(cpuRequest, other.cpuRequest, otherIsNewer)
        cpuLimit = newestKnown(cpuLimit, other.cpuLimit, otherIsNewer)
        restarts = max(restarts, other.restarts)
        snapshots += other.snapshots
        firstStartUnknown = firstStartUnknown || other.firstStartUnknown
        if let theirs = other.readyTransitionAt,
            readyTransitionAt.map({ theirs < $0 || (theirs == $0 && ascending(other.readyTransitionRestarts, readyTransitionRestarts)) }) ?? true
        {
            readyTransitionAt = theirs
            readyTransitionRestarts = other.readyTransitionRestarts
        }
        if let theirs = other.schedulingFailureAt, schedulingFailureAt.map({ $0 < theirs
            || ($0 == theirs && precedes(schedulingFailureMessage, other.schedulingFailureMessage)) }) ?? true
        {
            schedulingFailureAt = theirs
            schedulingFailureMessage = other.schedulingFailureMessage
        }
        if other.disruptionReason != nil, disruptionReason == nil || other.disruptionPrecedes(self) {
            disruptionReason = other.disruptionReason
            disruptionMessage = other.disruptionMessage
            disruptionAt = other.disruptionAt
        }
        if otherIsNewer {
            namespace = other.namespace
            name = other.name
            finalPhase = other.finalPhase
            finalStatus = other.finalStatus
            finalReason = other.finalReason
            finalMessage = other.finalMessage
            lastObserved = other.lastObserved
            finalResourceVersion = other.finalResourceVersion
        }
    }

    /// True when this row's DisruptionTarget condition comes before `other`'s: a known
    /// transition time before none, the earlier time first, then by reason and message.
    private func disruptionPrecedes(_ other: PodRow) -> Bool {
        switch (disruptionAt, other.disruptionAt) {
        case (.some, nil): return true
        case (nil, .some): return false
        case (.some(let mine), .some(let theirs)) where mine != theirs: return mine < theirs
        default:
            if disruptionReason != other.disruptionReason { return precedes(disruptionReason, other.disruptionReason) }
            return precedes(disruptionMessage, other.disruptionMessage)
        }
    }

    /// The stored columns besides `cluster` and `uid`, in the order the writer binds them
    /// (parameters ?3 on) and reads them back.
    static let columns: [StoredColumn<PodRow>] = [
        StoredColumn("namespace", \.namespace), StoredColumn("name", \.name), StoredColumn("node", \.node),
        StoredColumn("workload_kind", \.workload.kind), StoredColumn("workload", \.workload.name),
        StoredColumn("workload_inferred", \.workload.inferred),
        StoredColumn("owner_kind", \.ownerKind), StoredColumn("owner_name", \.ownerName),
        StoredColumn("created_at", \.createdAt), StoredColumn("scheduled_at", \.scheduledAt),
        StoredColumn("started_at", \.startedAt), StoredColumn("ready_transition_at", \.readyTransitionAt),
        StoredColumn("deletion_requested_at", \.deletionRequestedAt), StoredColumn("deleted_at", \.deletedAt),
        StoredColumn("grace_period_s", \.gracePeriod), StoredColumn("final_phase", \.finalPhase),
        StoredColumn("final_status", \.finalStatus), StoredColumn("final_reason", \.finalReason),
        StoredColumn("final_message", \.finalMessage), StoredColumn("restarts", \.restarts),
        StoredColumn("qos_class", \.qosClass), StoredColumn("restart_policy", \.restartPolicy),
        StoredColumn("memory_request_bytes", \.memoryRequest), StoredColumn("memory_limit_bytes", \.memoryLimit),
        StoredColumn("cpu_request_millicores", \.cpuRequest), StoredColumn("cpu_limit_millicores", \.cpuLimit),
        StoredColumn("first_observed_at", \.firstObserved), StoredColumn("last_observed_at", \.lastObserved),
        StoredColumn("snapshots", \.snapshots), StoredColumn("disruption_reason", \.disruptionReason),
        StoredColumn("disruption_message", \.disruptionMessage), StoredColumn("disruption_at", \.disruptionAt),
        StoredColumn("final_resource_version", \.finalResourceVersion),
        StoredColumn("ready_transition_restarts", \.readyTransitionRestarts),
        StoredColumn("first_start_unknown", \.firstStartUnknown),
        StoredColumn("scheduling_failure_at", \.schedulingFailureAt),
        StoredColumn("scheduling_failure_message", \.schedulingFailureMessage),
        StoredColumn("non_stateless_volume", \.nonStatelessVolume),
    ]

    /// An empty row to read a stored one into.
    static let blank = PodRow(
        namespace: "", name: "", node: nil,
        workload: Workload(ownerKind: nil, ownerName: nil, podName: "", podTemplateHash: nil, node: nil),
        ownerKind: nil, ownerName: nil, createdAt: nil, scheduledAt: nil, startedAt: nil, deletionRequestedAt: nil,
        deletedAt: nil, gracePeriod: nil, finalPhase: nil, finalStatus: nil, finalReason: nil, finalMessage: nil,
        restarts: 0, qosClass: nil, restartPolicy: nil, memoryRequest: nil, memoryLimit: nil, cpuRequest: nil,
        cpuLimit: nil, firstObserved: nil, lastObserved: nil)
}

/// The `containers` row of one container, merged like `PodRow`: the image and resources of the
/// pod's newest observation that has them (`order`, the pod's), the most restarts, the earliest
/// first start, sidecar when any observation says so.
struct ContainerRow: Equatable {
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
    /// The newest observation of the pod this row holds (a pod's containers are listed in
    /// every observation of it, so the pod's order is the container's).
    var order: ObservationOrder

    /// Folds in another row of the same container (symmetric).
    mutating func merge(_ other: ContainerRow) {
        let otherIsNewer = order < other.order
        image = newestKnown(image, other.image, otherIsNewer)
        memoryRequest = newestKnown(memoryRequest, other.memoryRequest, otherIsNewer)
        memoryLimit = newestKnown(memoryLimit, other.memoryLimit, otherIsNewer)
        cpuRequest = newestKnown(cpuRequest, other.cpuRequest, otherIsNewer)
        cpuLimit = newestKnown(cpuLimit, other.cpuLimit, otherIsNewer)
        isSidecar = isSidecar || other.isSidecar
        restarts = max(restarts, other.restarts)
        firstStartedAt = earliest(firstStartedAt, other.firstStartedAt)
        if otherIsNewer { order = other.order }
    }

    /// The stored columns besides `cluster`, `pod_uid` and `name`, in bind and read order.
    static let columns: [StoredColumn<ContainerRow>] = [
        StoredColumn("init", \.isInit), StoredColumn("sidecar", \.isSidecar), StoredColumn("image", \.image),
        StoredColumn("memory_request_bytes", \.memoryRequest), StoredColumn("memory_limit_bytes", \.memoryLimit),
        StoredColumn("cpu_request_millicores", \.cpuRequest), StoredColumn("cpu_limit_millicores", \.cpuLimit),
        StoredColumn("restarts", \.restarts), StoredColumn("first_started_at", \.firstStartedAt),
    ]
}
