/// One observation of a Kubernetes Event (core/v1 or events.k8s.io/v1), normalised.
public struct EventRecord: Equatable, Sendable {
    /// `metadata.uid`, or `namespace/name` when the exporter dropped the uid.
    public var uid: String
    public var namespace: String?
    public var name: String?
    /// The object the event is about: `involvedObject` (core/v1) or `regarding` (events.k8s.io).
    public var objectKind: String?
    public var objectName: String?
    public var objectUID: String?
    public var fieldPath: String?
    /// The container named by `fieldPath` (`spec.containers{web}` → `web`).
    public var container: String?
    public var reason: String?
    /// `message` (core/v1) or `note` (events.k8s.io/v1).
    public var message: String?
    public var type: String?
    /// Occurrences: `series.count`, else `count` when positive, else 1.
    public var count: Int
    /// `firstTimestamp` ?? `eventTime` ?? `metadata.creationTimestamp`.
    public var firstSeen: Timestamp?
    /// `series.lastObservedTime` ?? `lastTimestamp` ?? `eventTime` ?? `firstSeen`.
    public var lastSeen: Timestamp?
    public var sourceComponent: String?
    public var sourceHost: String?
    /// The Event API the object's shape shows (`EventRecord.apiVersion(_:_:)`): `v1`, or the
    /// declared `events.k8s.io/v1` / `events.k8s.io/v1beta1`, or `events.k8s.io` when undeclared.
    public var apiVersion: String
    public var resourceVersion: String?
}

extension EventRecord {
    /// The order of an event's observations: the one that sorts last is kept. By count (an
    /// event's count only grows), then by `last_seen` (exact, a missing time first), then by
    /// numeric resourceVersion (a missing or non-numeric one first). Observations equal in all
    /// three are the same state; the first stored stays.
    struct Order: Comparable {
        var count: Int
        var lastSeen: Timestamp?
        var resourceVersion: Int?

        static func < (lhs: Order, rhs: Order) -> Bool {
            if lhs.count != rhs.count { return lhs.count < rhs.count }
            if lhs.lastSeen != rhs.lastSeen { return ascending(lhs.lastSeen, rhs.lastSeen) }
            return ascending(lhs.resourceVersion, rhs.resourceVersion)
        }
    }

    var order: Order { Order(count: count, lastSeen: lastSeen, resourceVersion: resourceVersion.flatMap { Int($0) }) }
}

/// The container named by a field path such as `spec.containers{web}` or
/// `spec.initContainers{init}`, or nil.
func containerName(fromFieldPath path: String?) -> String? {
    guard let path, let open = path.firstIndex(of: "{"), let close = path.lastIndex(of: "}"), open < close,
        path.hasPrefix("spec.")
    else { return nil }
    let name = path[path.index(after: open)..<close]
    return name.isEmpty ? nil : String(name)
}

extension EventRecord {
    /// Decodes an Event object at `index`; nil when it has neither uid nor name.
    static func decode(_ json: JSON, _ index: Int) -> EventRecord? {
        let metadata = json.member(index, "metadata")
        let apiVersion = Self.apiVersion(json, index)
        let namespace = json.nonEmptyString(json.member(metadata, "namespace"))
        let name = json.nonEmptyString(json.member(metadata, "name"))
        guard let uid = json.nonEmptyString(json.member(metadata, "uid")) ?? name.map({ "\(namespace ?? "")/\($0)" })
        else { return nil }
        let object = json.member(index, "involvedObject") ?? json.member(index, "regarding")
        let fieldPath = json.nonEmptyString(json.member(object, "fieldPath"))
        let series = json.member(index, "series")
        let eventTime = json.timestamp(json.member(index, "eventTime"))
        let first = json.timestamp(json.member(index, "firstTimestamp"))
            ?? json.timestamp(json.member(index, "deprecatedFirstTimestamp"))
        let last = json.timestamp(json.member(index, "lastTimestamp"))
            ?? json.timestamp(json.member(index, "deprecatedLastTimestamp"))
        let firstSeen = first ?? eventTime ?? json.timestamp(json.member(metadata, "creationTimestamp"))
        let rawCount = json.int(json.member(index, "count")) ?? json.int(json.member(index, "deprecatedCount")) ?? 0
        let source = json.member(index, "source") ?? json.member(index, "deprecatedSource")
        return EventRecord(
            uid: uid,
            namespace: namespace ?? json.nonEmptyString(json.member(object, "namespace")),
            name: name,
            objectKind: json.nonEmptyString(json.member(object, "kind")),
            objectName: json.nonEmptyString(json.member(object, "name")),
            objectUID: json.nonEmptyString(json.member(object, "uid")),
            fieldPath: fieldPath,
            container: containerName(fromFieldPath: fieldPath),
            reason: json.nonEmptyString(json.member(index, "reason")),
            message: json.string(json.member(index, "message")) ?? json.string(json.member(index, "note")),
            type: json.nonEmptyString(json.member(index, "type")),
            count: json.int(json.member(series, "count")).flatMap { $0 > 0 ? $0 : nil } ?? (rawCount > 0 ? rawCount : 1),
            firstSeen: firstSeen,
            lastSeen: json.timestamp(json.member(series, "lastObservedTime")) ?? last ?? eventTime ?? firstSeen,
            sourceComponent: json.nonEmptyString(json.member(source, "component"))
                ?? json.nonEmptyString(json.member(index, "reportingController"))
                ?? json.nonEmptyString(json.member(index, "reportingComponent")),
            sourceHost: json.nonEmptyString(json.member(source, "host"))
                ?? json.nonEmptyString(json.member(index, "reportingInstance")),
            apiVersion: apiVersion,
            resourceVersion: json.nonEmptyString(json.member(metadata, "resourceVersion"))
        )
    }
}

extension EventRecord {
    /// The Event API an object was written in, by its shape, not its labels: `regarding`,
    /// `note`, `reportingController` and the `deprecated*` fields exist only in events.k8s.io
    /// (v1 and v1beta1 share them); `involvedObject` and `message` only in core/v1. Exporters
    /// drop or rewrite `apiVersion` (list items have none; some write `v1` over an
    /// events.k8s.io object), so the declared version is kept only when the shape agrees with it.
    static func apiVersion(_ json: JSON, _ index: Int) -> String {
        let eventsShape = ["regarding", "note", "reportingController", "deprecatedSource", "deprecatedCount"]
            .contains { json.member(index, $0) != nil }
        guard eventsShape, json.member(index, "involvedObject") == nil else { return "v1" }
        let declared = json.string(json.member(index, "apiVersion")) ?? ""
        return declared.hasPrefix("events.k8s.io/") ? declared : "events.k8s.io"
    }
}
