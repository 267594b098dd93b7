import Foundation
import Testing

@testable import PodtrailKit

/// The `scheduling_failures` view on scheduler messages real clusters wrote
/// (`Fixtures/real/scheduler/failed-scheduling.ndjson`: each with its public source and the causes
/// and node counts classified by hand from the scheduler plugins' wordings, see its README).
struct SchedulingFailureTests {
    /// One fixture line: where the message comes from, the message, the causes it names (cause
    /// → nodes, NSNull when the message gives no number).
    struct Message: Sendable, CustomTestStringConvertible {
        let source: String
        let message: String
        let causes: [String: Int?]
        var testDescription: String { source }
    }

    static let messages: [Message] = {
        guard let url = Bundle.module.url(forResource: "failed-scheduling", withExtension: "ndjson", subdirectory: "Fixtures/real/scheduler"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let source = object["source"] as? String, let message = object["message"] as? String,
                let causes = object["causes"] as? [String: Any]
            else { return nil }
            return Message(source: source, message: message, causes: causes.mapValues { $0 as? Int })
        }
    }()

    /// An Event about pod `p<index>` (uid `u<index>`) with `message`, as a kubelet-era exporter writes it.
    static func event(_ index: Int, _ message: String) throws -> String {
        let object: [String: Any] = [
            "kind": "Event", "apiVersion": "v1",
            "metadata": ["name": "p\(index).17c0", "namespace": "ns", "uid": "e\(index)"],
            "involvedObject": ["kind": "Pod", "namespace": "ns", "name": "p\(index)", "uid": "u\(index)"],
            "reason": "FailedScheduling", "message": message, "type": "Warning", "count": index + 1,
            "firstTimestamp": "2026-11-27T01:00:00Z", "lastTimestamp": "2026-11-27T01:30:00Z",
            "source": ["component": "default-scheduler"],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every fixture message as an Event of its own pod, ingested.
    static func database() throws -> Database {
        let lines = try messages.enumerated().map { try event($0.offset, $0.element.message) }
        return try TestSupport.ingest(lines.joined(separator: "\n") + "\n").0
    }

    @Test func theFixtureHoldsEveryMessage() {
        #expect(Self.messages.count == 21)
    }

    @Test(arguments: messages)
    func classifiesARealSchedulerMessage(_ message: Message) throws {
        let (db, _) = try TestSupport.ingest(try Self.event(0, message.message) + "\n")
        let rows = try db.connection.rows("SELECT cause, nodes FROM scheduling_failures WHERE pod_uid = 'u0'")
        let found = Dictionary(uniqueKeysWithValues: rows.map { ($0[0].description, $0[1].int.map(Int.init)) })
        #expect(found == message.causes)
    }

    @Test func countsEachPodUnderEveryCauseItsMessagesName() throws {
        // One pod per message; the pods of each cause counted by hand from the fixture's
        // messages (numbered from 1): taint 1 2 4 11 17 18 19; volume 9–16 21; node-affinity 3 5
        // 7 10 12 18 19; pod-affinity 6 7 8 13 18; cpu 5–8; memory 3 5–8; gpu 20; other 3 4 7 17 18 19.
        let db = try Self.database()
        #expect(try TestSupport.rows(db, "SELECT cause, count(DISTINCT pod_uid) FROM scheduling_failures GROUP BY cause ORDER BY cause") == [
            "insufficient-cpu|4", "insufficient-gpu|1", "insufficient-memory|5", "node-affinity|7", "other|6", "pod-affinity|5",
            "taint|7", "volume|9",
        ])
        // The report: 21 pods; volume is the most common cause; a pod's failures count once
        // however many causes its message names (event counts 1..21: 231 in all).
        let report = try #require(try ReportBuilder(database: db, scope: ReportScope()).build(formats: .markdown).first?.text)
        #expect(report.contains("21 pods could not be scheduled in this window (231 scheduling failures); the most common cause: `volume` (9 pods)."))
        #expect(report.contains("a pod counts under each of its causes"))
        #expect(report.contains("    \"taint\" : 7\n"))
        // Pod p20 (count 21) failed most often; its message names one cause.
        #expect(report.contains("| ns/p20 | volume | 21 | 2026-11-27T01:00:00Z | 2026-11-27T01:30:00Z | podtrail timeline ns/p20 --uid u20 |"))
    }

    @Test func aPodWithoutFailedSchedulingEventsIsClassifiedFromItsCondition() throws {
        // The pod troubleshoot-pod-pending-node-affinity (Fixtures/real): PodScheduled=False and
        // no Event: its condition's message is its one row, source `condition`.
        let db = try RealCorpusTests.ingest("troubleshoot-pod-pending-node-affinity.json")
        let rows = try TestSupport.rows(db, "SELECT cause, source, occurrences FROM scheduling_failures")
        #expect(rows == ["node-affinity|condition|1"])
    }

    @Test func skipScheduleDeletingPodSaysNothingOfWhy() throws {
        let (db, _) = try TestSupport.ingest(try Self.event(0, "skip schedule deleting pod: ns/p0") + "\n")
        #expect(try TestSupport.rows(db, "SELECT count(*) FROM scheduling_failures") == ["0"])
    }
}
