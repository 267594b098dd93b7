/// Merges a file's pod observations in memory before they reach the `pods` and `containers`
/// tables, so that each pod is written once per flush instead of once per snapshot. The rules
/// are `PodRow.merge` and `ContainerRow.merge`; the writer applies the same to the stored row.
struct PodAccumulator {
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
