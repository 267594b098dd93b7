/// Google Cloud Logging's `LogEntry`, as GKE clusters archive Kubernetes data (and as
/// `gcloud logging read --format=json` writes it, in a JSON array).
///
/// Two kinds carry objects podtrail reads:
/// - Kubernetes events (`logName` `projects/P/logs/events`): the Event in `jsonPayload`. GKE's
///   exporter drops `count` and `firstTimestamp` (older versions `lastTimestamp` too); the
///   entry's `timestamp` is the event's last occurrence, so it stands in for a missing one.
/// - Kubernetes audit logs (`protoPayload` with `serviceName` `k8s.io`, `methodName`
///   `io.k8s.core.v1.pods.create`, `….status.patch`, …): the object in `response` (a full Pod on
///   create and update; a patch has none), observed at the entry's `timestamp` (the API call).
/// Other entries (`textPayload`, other services, audit entries without the object) are skipped.
/// The cluster named in `resource.labels.cluster_name` is not read: `--cluster` names it.
enum LogEntry {
    /// The record a `LogEntry` at `index` holds; nil when the object is not a `LogEntry`.
    static func classify(_ json: JSON, _ index: Int) -> DecodedRecord? {
        guard json.member(index, "logName") != nil || json.member(index, "insertId") != nil,
            json.member(index, "kind") == nil
        else { return nil }
        let time = json.timestamp(json.member(index, "timestamp"))
        if let payload = json.member(index, "jsonPayload"), json.kind(payload) == .object {
            let record = RecordDecoder.classify(json, payload)
            guard case .event(var event) = record, let time else { return record }
            let hasLast = json.member(payload, "lastTimestamp").flatMap(json.timestamp) != nil
                || json.path(payload, "series", "lastObservedTime").flatMap(json.timestamp) != nil
            if !hasLast, event.lastSeen.map({ time > $0 }) ?? true { event.lastSeen = time }
            if event.firstSeen == nil { event.firstSeen = time }
            return .event(event)
        }
        if let proto = json.member(index, "protoPayload"), json.kind(proto) == .object {
            let method = json.string(json.member(proto, "methodName")) ?? ""
            guard method.hasPrefix("io.k8s.") else { return .skipped(reason: "Cloud Audit Log entry of another service") }
            if let response = json.member(proto, "response"), json.kind(response) == .object,
                json.member(response, "metadata") != nil
            {
                return RecordDecoder.classify(
                    json, response, deleted: method.hasSuffix(".delete"), observedAt: time, observationSource: "timestamp")
            }
            return .skipped(reason: "Kubernetes audit entry without the object (a patch, or metadata level)")
        }
        if json.member(index, "textPayload") != nil { return .skipped(reason: "Cloud Logging text entry") }
        return nil
    }
}
