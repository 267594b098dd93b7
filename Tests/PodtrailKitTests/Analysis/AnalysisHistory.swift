import Foundation

@testable import PodtrailKit

/// Builders for small hand-made Kubernetes histories (Pod and Event JSON objects) that the
/// analysis tests ingest; times are seconds after 2026-11-27T02:00:00Z.
enum AnalysisHistory {
    /// The ISO time `seconds` after 02:00:00 (whole seconds, or with a fraction when given one).
    static func t(_ seconds: Int, fraction: String? = nil) -> String {
        let base = 2 * 3600 + seconds
        let text = String(format: "2026-11-27T%02d:%02d:%02d", base / 3600, base % 3600 / 60, base % 60)
        return text + (fraction.map { ".\($0)" } ?? "") + "Z"
    }

    /// A `terminated` object.
    static func terminated(exit: Int, reason: String, started: Int, finished: Int) -> String {
        #"{"terminated":{"exitCode":\#(exit),"reason":"\#(reason)","startedAt":"\#(t(started))","finishedAt":"\#(t(finished))","containerID":"containerd://\#(started)"}}"#
    }

    /// A container status.
    static func container(
        _ name: String = "app", restarts: Int = 0, ready: Bool = false, running: Int? = nil, waiting: String? = nil,
        terminated: String? = nil, last: String? = nil
    ) -> String {
        let state: String
        if let running {
            state = #"{"running":{"startedAt":"\#(t(running))"}}"#
        } else if let terminated {
            state = terminated
        } else {
            state = #"{"waiting":{"reason":"\#(waiting ?? "ContainerCreating")"}}"#
        }
        return #"{"name":"\#(name)","image":"\#(name):1","ready":\#(ready),"restartCount":\#(restarts),"state":\#(state),"lastState":\#(last ?? "{}")}"#
    }

    /// A Pod object (one snapshot). `containers` are status JSON from `container(...)`; the
    /// spec lists the same names with a 128Mi request and `memoryLimit`.
    static func pod(
        _ uid: String, name: String, namespace: String = "shop", rv: Int, created: Int = 0,
        owner: (kind: String, name: String)? = ("ReplicaSet", "web-7d4b9c6f5d"), node: String = "node-a",
        phase: String = "Running", reason: String? = nil, message: String? = nil, scheduled: Int? = 1,
        ready: (status: Bool, at: Int)? = nil, deletion: (requested: Int, grace: Int)? = nil,
        containers: [String], memoryLimit: String = "256Mi", disruption: (reason: String, message: String, at: Int)? = nil
    ) -> String {
        var metadata = #""uid":"\#(uid)","name":"\#(name)","namespace":"\#(namespace)","resourceVersion":"\#(rv)","creationTimestamp":"\#(t(created))""#
        if let owner {
            metadata += #","ownerReferences":[{"kind":"\#(owner.kind)","name":"\#(owner.name)","controller":true}]"#
            if owner.kind == "ReplicaSet" { metadata += #","labels":{"pod-template-hash":"7d4b9c6f5d"}"# }
        }
        if let deletion {
            metadata += #","deletionTimestamp":"\#(t(deletion.requested + deletion.grace))","deletionGracePeriodSeconds":\#(deletion.grace)"#
        }
        let names = containers.compactMap { json -> String? in
            guard let range = json.range(of: #""name":""#) else { return nil }
            return String(json[range.upperBound...].prefix { $0 != "\"" })
        }
        let spec = names.map {
            #"{"name":"\#($0)","image":"\#($0):1","resources":{"requests":{"memory":"128Mi"},"limits":{"memory":"\#(memoryLimit)"}}}"#
        }.joined(separator: ",")
        var conditions: [String] = []
        if let scheduled { conditions.append(#"{"type":"PodScheduled","status":"True","lastTransitionTime":"\#(t(scheduled))"}"#) }
        if let ready {
            conditions.append(#"{"type":"Ready","status":"\#(ready.status ? "True" : "False")","lastTransitionTime":"\#(t(ready.at))"}"#)
        }
        if let disruption {
            conditions.append(#"{"type":"DisruptionTarget","status":"True","reason":"\#(disruption.reason)","message":"\#(escaped(disruption.message))","lastTransitionTime":"\#(t(disruption.at))"}"#)
        }
        var status = #""phase":"\#(phase)","conditions":[\#(conditions.joined(separator: ","))],"containerStatuses":[\#(containers.joined(separator: ","))]"#
        if let reason { status += #","reason":"\#(reason)""# }
        if let message { status += #","message":"\#(escaped(message))""# }
        return #"{"apiVersion":"v1","kind":"Pod","metadata":{\#(metadata)},"spec":{"nodeName":"\#(node)","restartPolicy":"Always","containers":[\#(spec)]},"status":{\#(status)}}"#
    }

    /// A watch DELETED envelope around `pod`.
    static func deleted(_ pod: String) -> String { #"{"type":"DELETED","object":\#(pod)}"# }

    /// A core/v1 Event about a pod (or a Node with `kind: "Node"`); `podUID` nil drops the uid
    /// as some exporters do.
    static func event(
        _ uid: String, podUID: String?, pod: String, namespace: String = "shop", kind: String = "Pod",
        reason: String, message: String, count: Int = 1, first: Int, last: Int? = nil, container: String? = nil,
        component: String = "kubelet", host: String = "node-a", type: String = "Normal"
    ) -> String {
        var object = #""kind":"\#(kind)","name":"\#(pod)","namespace":"\#(namespace)""#
        if let podUID { object += #","uid":"\#(podUID)""# }
        if let container { object += #","fieldPath":"spec.containers{\#(container)}""# }
        return #"{"apiVersion":"v1","kind":"Event","metadata":{"uid":"\#(uid)","name":"\#(pod).\#(uid)","namespace":"\#(namespace)"},"involvedObject":{\#(object)},"reason":"\#(reason)","message":"\#(escaped(message))","type":"\#(type)","count":\#(count),"firstTimestamp":"\#(t(first))","lastTimestamp":"\#(t(last ?? first))","source":{"component":"\#(component)","host":"\#(host)"}}"#
    }

    /// An events.k8s.io/v1 Event with a microsecond eventTime (the scheduler's kind).
    static func newEvent(
        _ uid: String, podUID: String, pod: String, namespace: String = "shop", reason: String, note: String,
        at: Int, fraction: String
    ) -> String {
        #"{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"uid":"\#(uid)","name":"\#(pod).\#(uid)","namespace":"\#(namespace)"},"regarding":{"kind":"Pod","name":"\#(pod)","namespace":"\#(namespace)","uid":"\#(podUID)"},"reason":"\#(reason)","note":"\#(escaped(note))","type":"Normal","eventTime":"\#(t(at, fraction: fraction))","reportingController":"default-scheduler","reportingInstance":"default-scheduler-1","action":"Binding"}"#
    }

    /// `text` as the inside of a JSON string.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// Ingests the records (one JSON object per line) into a fresh in-memory database.
    /// Set `ANALYSIS_DB=/tmp/x.sqlite` (and filter to one test) to keep the database for the
    /// `sqlite3` shell.
    static func ingest(_ records: [String]) throws -> Database {
        let path = ProcessInfo.processInfo.environment["ANALYSIS_DB"] ?? ":memory:"
        if path != ":memory:" { try? FileManager.default.removeItem(atPath: path) }
        let db = try Database(path: path)
        let summary = try Ingestor(database: db, options: IngestOptions(cluster: "default"))
            .ingest(bytes: Array(records.joined(separator: "\n").utf8), name: "history.ndjson")
        precondition(summary.rejects == 0, "history has rejected records")
        return db
    }

    /// Rows of `sql` as `|`-joined strings (NULL as empty).
    static func rows(_ db: Database, _ sql: String) throws -> [String] {
        try db.connection.rows(sql).map { $0.map(\.description).joined(separator: "|") }
    }
}
