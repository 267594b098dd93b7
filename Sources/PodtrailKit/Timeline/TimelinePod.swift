/// A pod as the timeline knows it: its `pods` row, or what its events tell when the
/// archives held no status for it.
public struct TimelinePod: Sendable, Equatable {
    /// The cluster name.
    public var cluster: String
    /// The pod uid (`namespace/name` for event-only pods whose events carry no uid).
    public var uid: String
    /// The namespace.
    public var namespace: String
    /// The pod name.
    public var name: String
    /// The node (spec.nodeName), if known.
    public var node: String?
    /// `Kind/name` of the workload, if known.
    public var workload: String?
    /// Lifecycle times from the `pods` row (nil when unknown).
    public var createdAt, scheduledAt, startedAt, readyAt, deletionRequestedAt, deletedAt: Timestamp?
    /// The deletion grace period in seconds.
    public var gracePeriod: Int?
    /// The latest snapshot's phase, displayed status, reason and message.
    public var finalPhase, finalStatus, finalReason, finalMessage: String?
    /// The largest kubectl RESTARTS seen.
    public var restarts: Int
    /// First and last time the pod was seen in any record.
    public var beginAt, endAt: Timestamp?
    /// False for pods known only from events.
    public var hasStatus: Bool

    /// `namespace/name`.
    public var reference: String { "\(namespace)/\(name)" }

    /// Lifetime as text: `2026-11-27T02:00:00Z … 2026-11-27T02:09:00Z`.
    public var lifetime: String {
        "\(beginAt?.description ?? "?") … \(deletedAt?.description ?? endAt.map { "\($0) (last seen)" } ?? "?")"
    }
}

/// Which pods a timeline covers.
public enum TimelineScope: Sendable, Equatable {
    /// One pod by `namespace/name` (namespace optional when the name is unique), optionally
    /// one of its uids when the name was reused.
    case pod(namespace: String?, name: String, uid: String?)
    /// One pod by uid.
    case uid(String)
    /// Every pod of a namespace, and events about other objects there.
    case namespace(String)
    /// Every pod on a node, and every event about the node.
    case node(String)
    /// Every pod of a workload (`namespace`, workload name such as `web`).
    case workload(namespace: String, name: String)

    /// True for scopes that show one pod (with a summary header and a phase chart).
    public var isSinglePod: Bool {
        switch self {
        case .pod, .uid: true
        default: false
        }
    }

    /// Parses `namespace/name` (or a bare name) of a pod.
    public static func pod(_ reference: String, uid: String? = nil) -> TimelineScope {
        let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
        return parts.count == 2 ? .pod(namespace: parts[0], name: parts[1], uid: uid) : .pod(namespace: nil, name: reference, uid: uid)
    }

    /// Describes the scope for headings: `pod shop/web-0`, `namespace shop`...
    public var title: String {
        switch self {
        case .pod(let namespace, let name, _): "pod " + (namespace.map { "\($0)/" } ?? "") + name
        case .uid(let uid): "pod uid \(uid)"
        case .namespace(let namespace): "namespace \(namespace)"
        case .node(let node): "node \(node)"
        case .workload(let namespace, let name): "workload \(namespace)/\(name)"
        }
    }
}

/// Why a timeline could not be built.
public enum TimelineError: Error, Equatable, CustomStringConvertible {
    /// Nothing in the database matches the scope.
    case notFound(String)
    /// No pod of that name: the closest names the database holds (maybe none).
    case podNotFound(String, closest: [String])
    /// A bare pod name exists in several namespaces.
    case ambiguous(name: String, namespaces: [String])
    /// `--uid` names no pod of that name.
    case uidNotFound(uid: String, pod: String, uids: [String])

    /// One line saying what to do.
    public var description: String {
        switch self {
        case .notFound(let scope):
            "no \(scope) in the database: check the name with `podtrail stats` or ingest its archives first."
        case .podNotFound(let scope, let closest) where closest.isEmpty:
            "no \(scope) in the database, nor any of a similar name: check the name with `podtrail stats` or ingest its archives first."
        case .podNotFound(let scope, let closest):
            "no \(scope) in the database; the closest: \(closest.joined(separator: ", ")) (or check the name with `podtrail stats`)."
        case .ambiguous(let name, let namespaces):
            "pod \(name) is in several namespaces (\(namespaces.joined(separator: ", "))): write NAMESPACE/NAME."
        case .uidNotFound(let uid, let pod, let uids):
            "pod \(pod) never had uid \(uid): its uids are \(uids.joined(separator: ", "))."
        }
    }
}
