/// The workload a pod belongs to, from its controller owner or, failing that, its name.
public struct Workload: Equatable, Sendable {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, `ReplicaSet`,
    /// `ReplicationController`, `StaticPod`, `Pod` (bare), the owner's kind, or `Unknown` when
    /// only the name is known (a generated `<name>-<5 chars>` pod without owner references).
    public var kind: String
    public var name: String
    /// True when derived from the pod name alone (no ownerReferences).
    public var inferred: Bool

    static let randomAlphabet = Set("bcdfghjklmnpqrstvwxz2456789".utf8)
    static let hashAlphabet = Set("456789bcdf".utf8)

    /// Derives the workload (see the reference's "Workloads from pods").
    public init(ownerKind: String?, ownerName: String?, podName: String, podTemplateHash: String?, node: String?) {
        inferred = false
        switch (ownerKind, ownerName) {
        case ("ReplicaSet", let owner?):
            if let hash = podTemplateHash, !hash.isEmpty, owner.hasSuffix("-" + hash) {
                (kind, name) = ("Deployment", String(owner.dropLast(hash.count + 1)))
            } else if let (base, hash) = Self.split(owner), Self.isTemplateHash(hash) {
                (kind, name) = ("Deployment", base)
            } else {
                (kind, name) = ("ReplicaSet", owner)
            }
        case ("Job", let owner?):
            if let (base, suffix) = Self.split(owner), suffix.count >= 8, suffix.allSatisfy(\.isNumber) {
                (kind, name) = ("CronJob", base)
            } else {
                (kind, name) = ("Job", owner)
            }
        case ("Node", _):
            let suffix = node.map { "-" + $0 } ?? ""
            let base = !suffix.isEmpty && podName.hasSuffix(suffix) ? String(podName.dropLast(suffix.count)) : podName
            (kind, name) = ("StaticPod", base)
        case (let ownerKind?, let owner?):
            (kind, name) = (ownerKind, owner)
        default:
            self = Self.inferred(fromName: podName, node: node)
        }
    }

    private init(kind: String, name: String, inferred: Bool) {
        self.kind = kind
        self.name = name
        self.inferred = inferred
    }

    /// Name heuristics for pods without ownerReferences, in the reference's order.
    static func inferred(fromName podName: String, node: String?) -> Workload {
        if let node, podName.hasSuffix("-" + node), podName.count > node.count + 1 {
            return Workload(kind: "StaticPod", name: String(podName.dropLast(node.count + 1)), inferred: true)
        }
        if let (rest, random) = split(podName), isRandomSuffix(random) {
            // Only the encoded alphabet here: a digits-only middle part of 8+ is a CronJob's
            // scheduled minute (`getJobName`), not a pre-1.8 decimal hash.
            if let (base, hash) = split(rest), (6...10).contains(hash.utf8.count), hash.utf8.allSatisfy(hashAlphabet.contains) {
                return Workload(kind: "Deployment", name: base, inferred: true)
            }
            if let (base, time) = split(rest), time.count >= 8, time.allSatisfy(\.isNumber) {
                return Workload(kind: "CronJob", name: base, inferred: true)
            }
            if let (base, index) = split(rest), index.allSatisfy(\.isNumber) {
                return Workload(kind: "Job", name: base, inferred: true)
            }
            return Workload(kind: "Unknown", name: rest, inferred: true)
        }
        if let (base, ordinal) = split(podName), ordinal.allSatisfy(\.isNumber) {
            return Workload(kind: "StatefulSet", name: base, inferred: true)
        }
        return Workload(kind: "Pod", name: podName, inferred: true)
    }

    /// Splits `a-b-c` into (`a-b`, `c`); nil when there is no dash or either side is empty.
    static func split(_ name: String) -> (String, String)? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let base = name[..<dash]
        let suffix = name[name.index(after: dash)...]
        guard !base.isEmpty, !suffix.isEmpty else { return nil }
        return (String(base), String(suffix))
    }

    static func isRandomSuffix(_ text: String) -> Bool {
        text.utf8.count == 5 && text.utf8.allSatisfy { randomAlphabet.contains($0) }
    }

    static func isTemplateHash(_ text: String) -> Bool {
        (1...10).contains(text.utf8.count) && text.utf8.allSatisfy { hashAlphabet.contains($0) }
            || (text.utf8.count >= 8 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
    }
}
