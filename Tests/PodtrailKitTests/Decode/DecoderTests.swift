import Testing

@testable import PodtrailKit

struct DecoderTests {
    private func decode(_ text: String) -> DecodedRecord {
        var decoder = RecordDecoder()
        return Array(text.utf8).withUnsafeBytes { decoder.decode($0) }
    }

    private func event(_ text: String) throws -> EventRecord {
        guard case .event(let event) = decode(text) else { throw DecodeFailure(record: decode(text)) }
        return event
    }

    struct DecodeFailure: Error { var record: DecodedRecord }

    @Test func coreEventTakesFirstAndLastTimestampAndCount() throws {
        let e = try event(#"{"kind":"Event","apiVersion":"v1","metadata":{"uid":"u1","name":"n","namespace":"ns","creationTimestamp":"2026-11-27T01:00:00Z"},"involvedObject":{"kind":"Pod","name":"p","uid":"pu","fieldPath":"spec.initContainers{init}"},"reason":"Pulled","message":"m","type":"Normal","count":4,"firstTimestamp":"2026-11-27T02:00:00Z","lastTimestamp":"2026-11-27T02:03:00Z","eventTime":null,"source":{"component":"kubelet","host":"node-a"}}"#)
        #expect(e.uid == "u1")
        #expect(e.count == 4)
        #expect(e.firstSeen?.description == "2026-11-27T02:00:00Z")
        #expect(e.lastSeen?.description == "2026-11-27T02:03:00Z")
        #expect(e.container == "init")
        #expect(e.sourceComponent == "kubelet")
        #expect(e.sourceHost == "node-a")
        #expect(e.apiVersion == "v1")
    }

    @Test func newAPIEventUsesEventTimeSeriesAndNote() throws {
        let e = try event(#"{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"uid":"u2","name":"n","namespace":"ns"},"regarding":{"kind":"Pod","name":"p","uid":"pu"},"reason":"FailedScheduling","note":"0/3 nodes are available","type":"Warning","eventTime":"2026-11-27T02:00:00.250000Z","series":{"count":7,"lastObservedTime":"2026-11-27T02:10:00.500000Z"},"reportingController":"default-scheduler","reportingInstance":"sched-1","deprecatedFirstTimestamp":"0001-01-01T00:00:00Z","deprecatedCount":0}"#)
        #expect(e.count == 7)
        #expect(e.firstSeen?.description == "2026-11-27T02:00:00.250000Z")
        #expect(e.lastSeen?.description == "2026-11-27T02:10:00.500000Z")
        #expect(e.message == "0/3 nodes are available")
        #expect(e.objectUID == "pu")
        #expect(e.sourceComponent == "default-scheduler")
        #expect(e.sourceHost == "sched-1")
        #expect(e.apiVersion == "events.k8s.io/v1")
    }

    /// The Event API is read from the object's shape, whatever its labels say (list items carry
    /// no apiVersion; exporters rewrite it), and the declared version kept when the shape agrees.
    @Test(arguments: [
        (#""apiVersion":"events.k8s.io/v1beta1","regarding":{"kind":"Pod","name":"p"},"note":"n""#, "events.k8s.io/v1beta1"),
        (#""regarding":{"kind":"Pod","name":"p"},"note":"n","reportingController":"kubelet""#, "events.k8s.io"),
        (#""apiVersion":"v1","regarding":{"kind":"Pod","name":"p"},"note":"n""#, "events.k8s.io"),
        (#""apiVersion":"events.k8s.io/v1","involvedObject":{"kind":"Pod","name":"p"},"message":"m""#, "v1"),
        (#""involvedObject":{"kind":"Pod","name":"p"},"message":"m","reportingComponent":"kubelet""#, "v1"),
    ])
    func eventAPIComesFromTheShape(fields: String, expected: String) throws {
        let e = try event(#"{"kind":"Event","metadata":{"uid":"u","name":"n","namespace":"ns"},"# + fields + "}")
        #expect(e.apiVersion == expected)
        #expect(e.objectName == "p")
    }

    @Test func anEventWithNoTimesButCreationUsesCreationAndCountsOne() throws {
        let e = try event(#"{"kind":"Event","metadata":{"name":"n","namespace":"ns","creationTimestamp":"2026-11-27T02:00:00Z"},"involvedObject":{},"reason":"X","count":0}"#)
        #expect(e.uid == "ns/n")
        #expect(e.count == 1)
        #expect(e.firstSeen == e.lastSeen)
        #expect(e.firstSeen?.description == "2026-11-27T02:00:00Z")
    }

    @Test(arguments: [
        (#"{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"5"}}}"#, DecodedRecord.skipped(reason: "watch BOOKMARK")),
        (#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}"#, .skipped(reason: "watch ERROR")),
        (#"{"kind":"Node","metadata":{"uid":"n"}}"#, .skipped(reason: "kind Node")),
        (#"[1,2]"#, .rejected(reason: "valid JSON but not an object")),
        (#"{"hello":"world"}"#, .rejected(reason: "object without kind (not an Event, Pod or envelope)")),
        (#"{"kind":"Pod","metadata":{"name":"x"}}"#, .rejected(reason: "Pod without metadata.uid")),
        (#"{"kind":"Event","metadata":{}}"#, .rejected(reason: "Event without metadata.uid or metadata.name")),
    ])
    func skipsOrRejectsWhatIsNotUsable(text: String, expected: DecodedRecord) {
        #expect(decode(text) == expected)
    }

    @Test func unwrapsWatchAndEventrouterEnvelopes() throws {
        let pod = #"{"kind":"Pod","metadata":{"uid":"p1","name":"a","namespace":"ns","resourceVersion":"9"},"status":{"phase":"Running"}}"#
        guard case .pod(let deleted) = decode(#"{"type":"DELETED","object":\#(pod)}"#) else { Issue.record("not a pod"); return }
        #expect(deleted.deleted)
        guard case .pod(let modified) = decode(#"{"type":"MODIFIED","object":\#(pod)}"#) else { Issue.record("not a pod"); return }
        #expect(!modified.deleted)
        let routed = try event(#"{"verb":"UPDATED","event":{"kind":"Event","metadata":{"uid":"e9","name":"n"},"reason":"BackOff","count":3},"old_event":{"kind":"Event","metadata":{"uid":"e9"},"count":2}}"#)
        #expect(routed.uid == "e9")
        #expect(routed.count == 3)
    }

    @Test func auditRecordsUseTheResponseObjectAndStageTimestamp() throws {
        let text = #"{"kind":"Event","apiVersion":"audit.k8s.io/v1","verb":"update","stageTimestamp":"2026-11-27T02:00:09.123456Z","objectRef":{"resource":"pods"},"responseObject":{"kind":"Pod","metadata":{"uid":"p1","name":"a","namespace":"ns","resourceVersion":"3","creationTimestamp":"2026-11-27T02:00:00Z"},"status":{"phase":"Pending"}}}"#
        guard case .pod(let pod) = decode(text) else { Issue.record("not a pod"); return }
        #expect(pod.observedAt?.description == "2026-11-27T02:00:09.123456Z")
    }

    @Test func podObservationTimeIsTheLatestTimeInside() throws {
        let text = #"{"kind":"Pod","metadata":{"uid":"p","name":"a","namespace":"ns","resourceVersion":"3","creationTimestamp":"2026-11-27T02:00:00Z","deletionTimestamp":"2026-11-27T02:20:30Z","deletionGracePeriodSeconds":30},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-11-27T02:05:00Z"}],"containerStatuses":[{"name":"c","ready":true,"restartCount":1,"state":{"running":{"startedAt":"2026-11-27T02:04:00Z"}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-11-27T02:03:59Z"}}}]}}"#
        guard case .pod(let pod) = decode(text) else { Issue.record("not a pod"); return }
        #expect(pod.deletionRequestedAt?.description == "2026-11-27T02:20:00Z")
        #expect(pod.observedAt?.description == "2026-11-27T02:20:00Z")
        #expect(KubectlStatus(pod).status == "Terminating")
    }

    @Test(arguments: [
        ("512Mi", 536_870_912), ("1G", 1_000_000_000), ("1.5Gi", 1_610_612_736), ("128974848", 128_974_848),
        ("129e6", 129_000_000), ("123Ki", 125_952),
    ])
    func parsesMemoryQuantities(text: String, bytes: Int) {
        #expect(Quantity.bytes(text) == bytes)
    }

    @Test func parsesCPUQuantities() {
        #expect(Quantity.millicores("100m") == 100)
        #expect(Quantity.millicores("2") == 2000)
        #expect(Quantity.millicores("0.25") == 250)
        #expect(Quantity.bytes("lots") == nil)
    }
}
