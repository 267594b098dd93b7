import Foundation
import Testing

@testable import PodtrailKit

/// Issue 25: one record shaped to cost more than its size (a pod with a huge number of
/// containers) is decoded in time proportional to its size.
struct HostileRecordTests {
    /// A Pod whose spec lists `count` containers and whose status lists them in reverse order
    /// (the order that made a per-status search of the spec walk the whole list).
    static func podWithContainers(_ count: Int) -> String {
        var text = #"{"kind":"Pod","metadata":{"uid":"wide","namespace":"ns","name":"wide","resourceVersion":"1","#
            + #""creationTimestamp":"2026-11-27T02:00:00Z"},"spec":{"containers":["#
        text += (0..<count).map { #"{"name":"c\#($0)","image":"i"}"# }.joined(separator: ",")
        text += #"]},"status":{"phase":"Running","containerStatuses":["#
        text += (0..<count).reversed().map {
            #"{"name":"c\#($0)","ready":true,"restartCount":1,"state":{"running":{"startedAt":"2026-11-27T02:00:01Z"}}}"#
        }.joined(separator: ",")
        return text + "]}}"
    }

    /// 100,000 containers: linear decoding takes seconds in a debug build, the old
    /// search of the spec per status (5·10⁹ name comparisons) took more than five minutes.
    @Test(.timeLimit(.minutes(1)))
    func podWithManyContainersDecodesInLinearTime() throws {
        let count = 100_000
        var decoder = RecordDecoder()
        let decoded = Array(Self.podWithContainers(count).utf8).withUnsafeBytes { decoder.decode($0) }
        guard case .pod(let pod) = decoded else {
            Issue.record("not decoded as a pod: \(decoded)")
            return
        }
        #expect(pod.containers.count == count)
        #expect(pod.containers.allSatisfy { $0.hasStatus && $0.inSpec && $0.restartCount == 1 })
        #expect(pod.containers.first?.statusIndex == count - 1)
        #expect(KubectlStatus(pod).ready == count)
    }
}

/// Issue 25: values reach SQLite whole or not at all. Text is bound with its byte length (a
/// JSON `\u0000` does not end it) and every bind is checked: a value SQLite refuses makes the
/// record a reject, never a silent NULL.
struct StoredTextTests {
    static func event(uid: String, message: String, second: Int = 0) -> String {
        let object: [String: Any] = [
            "kind": "Event", "apiVersion": "v1", "metadata": ["uid": uid, "name": "e", "namespace": "ns"],
            "involvedObject": ["kind": "Pod", "namespace": "ns", "name": "web-0", "uid": "pod-1"],
            "reason": "BackOff", "message": message, "type": "Warning", "count": 1,
            "firstTimestamp": "2026-11-27T02:00:0\(second)Z", "lastTimestamp": "2026-11-27T02:00:0\(second)Z",
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func eventUIDsThatDifferOnlyAfterANULStayTwoEvents() throws {
        let text = Self.event(uid: "uid\u{0}one", message: "a") + "\n" + Self.event(uid: "uid\u{0}two", message: "b") + "\n"
        #expect(text.contains(#"\u0000"#))
        let (db, summary) = try TestSupport.ingest(text)
        #expect(summary.records == 2 && summary.duplicates == 0)
        #expect(try TestSupport.rows(db, "SELECT hex(uid), message FROM events ORDER BY uid") == [
            "756964006F6E65|a", "7569640074776F|b",
        ])
    }

    @Test func aMessageKeepsItsTailAfterANUL() throws {
        let (db, _) = try TestSupport.ingest(Self.event(uid: "u1", message: "OOM\u{0}tail after the NUL") + "\n")
        let stored = try db.connection.rows("SELECT message, length(CAST(message AS BLOB)) FROM events")
        #expect(stored.first?[0] == .text("OOM\u{0}tail after the NUL"))
        #expect(stored.first?[1] == .integer(22))
    }

    @Test func aValueOverSQLitesLimitIsARejectAndExitsOne() throws {
        let db = try Database(path: ":memory:")
        db.connection.maxLength = 20_000
        let big = String(repeating: "x", count: 30_000)
        let pod = #"{"kind":"Pod","metadata":{"uid":"p1","namespace":"ns","name":"web-0","resourceVersion":"5"},"#
            + #""status":{"phase":"Failed","message":"\#(big)"}}"#
        let text = [Self.event(uid: "small", message: "fits"), Self.event(uid: "huge", message: big, second: 1), pod]
            .joined(separator: "\n") + "\n"
        let summary = try Ingestor(database: db).ingest(bytes: Array(text.utf8), name: "big.ndjson")
        #expect(try TestSupport.rows(db, "SELECT uid, message FROM events") == ["small|fits"])
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM pod_snapshots") == ["0"])
        let rejects = try TestSupport.rows(db, "SELECT line, reason LIKE '%SQLITE_LIMIT_LENGTH%', excerpt FROM rejects ORDER BY line")
        #expect(rejects == ["2|1|event uid huge", "3|1|pod uid p1"])
        #expect(summary.rejects == 2 && summary.unstorable == 2)
        #expect(summary.exitCode(strict: false) == 1)
    }
}

/// Issue 25: pod records without `metadata.resourceVersion` (some exporters strip it) are told
/// apart by their content, so a new state observed at the same time is a new snapshot and a
/// repeated one is still a duplicate.
struct ResourceVersionlessTests {
    /// A pod of `shop` on node-a, running since 02:00:01; the evicted state has the same times
    /// (the kubelet sets phase, reason and message before it kills the containers).
    static func pod(evicted: Bool) -> String {
        let phase = evicted
            ? #""phase":"Failed","reason":"Evicted","message":"The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi. Container web was using 900Mi, request is 256Mi, has larger consumption of memory. ","#
            : #""phase":"Running","#
        return #"{"kind":"Pod","apiVersion":"v1","metadata":{"uid":"web-1-uid","namespace":"shop","name":"web-1","#
            + #""creationTimestamp":"2026-11-27T02:00:00Z","ownerReferences":[{"kind":"ReplicaSet","name":"web-5d9c","controller":true}]},"#
            + #""spec":{"nodeName":"node-a","restartPolicy":"Always","containers":[{"name":"web","image":"web:1","#
            + #""resources":{"requests":{"memory":"256Mi"}}}]},"status":{"# + phase
            + #""conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-11-27T02:00:00Z"},"#
            + #"{"type":"Ready","status":"True","lastTransitionTime":"2026-11-27T02:00:01Z"}],"#
            + #""startTime":"2026-11-27T02:00:00Z","containerStatuses":[{"name":"web","ready":true,"restartCount":0,"#
            + #""image":"web:1","state":{"running":{"startedAt":"2026-11-27T02:00:01Z"}}}]}}"#
    }

    @Test func anEvictionWithoutResourceVersionOrNewTimeIsANewState() throws {
        let running = Self.pod(evicted: false)
        let evicted = Self.pod(evicted: true)
        let (db, summary) = try TestSupport.ingest([running, running, evicted, evicted].joined(separator: "\n") + "\n")
        #expect(summary.records == 4 && summary.duplicates == 2)
        #expect(try TestSupport.rows(db, "SELECT phase, reason FROM pod_snapshots ORDER BY id") == ["Running|", "Failed|Evicted"])
        #expect(try TestSupport.rows(db, "SELECT final_phase, final_reason, snapshots FROM pods") == ["Failed|Evicted|2"])
        #expect(try TestSupport.rows(db, "SELECT pod, cause, resource FROM evictions") == ["web-1|memory-pressure|memory"])
    }

    @Test func aMissingResourceVersionNeverComparesAsANumber() throws {
        let (db, _) = try TestSupport.ingest(Self.pod(evicted: true) + "\n")
        #expect(try TestSupport.rows(db, "SELECT final_resource_version IS NULL, substr(resource_version, 1, 1) FROM pods JOIN pod_snapshots") == ["1|~"])
    }
}
