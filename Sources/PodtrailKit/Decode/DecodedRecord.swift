/// What one framed JSON record turned out to be.
public enum DecodedRecord: Equatable, Sendable {
    case event(EventRecord)
    case pod(PodRecord)
    /// Counted and skipped, not an error: bookmarks, watch errors, objects of other kinds.
    case skipped(reason: String)
    /// Unusable: recorded in `rejects` with this reason.
    case rejected(reason: String)
    /// Several records in one (an OTLP logs batch: `OTLPLogs`).
    indirect case batch([DecodedRecord])

    /// Calls `body` with each record this one holds (itself, or a batch's records in order).
    public func forEach(_ body: (DecodedRecord) throws -> Void) rethrows {
        if case .batch(let records) = self {
            for record in records { try record.forEach(body) }
        } else {
            try body(self)
        }
    }
}

/// Turns a framed record's bytes into a `DecodedRecord`, recognising bare objects, API watch
/// envelopes, eventrouter envelopes, audit-log lines, Cloud Logging entries (`LogEntry`) and
/// OTLP logs (`OTLPLogs`).
///
/// Reuse one decoder for many records: it keeps its JSON tape.
public struct RecordDecoder {
    private var document = JSONDocument()

    /// Creates a decoder.
    public init() {}

    /// Decodes one record.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) -> DecodedRecord {
        // A pathological record leaves a huge tape behind: release it so memory stays flat.
        defer { if document.tokens.capacity > 1 << 20 { document = JSONDocument() } }
        do {
            try document.parse(bytes)
        } catch {
            return .rejected(reason: error.description)
        }
        return document.read(bytes) { json in
            // Fluent Bit writes `[time, record]` pairs, the time as epoch seconds with a fraction
            // (`1703425036.000000`): the record's lastTimestamp, never an observation. Such a
            // number is skipped and the record read as any other; other bare values are rejected.
            if json.kind(0) == .number, Self.isEpochSeconds(json.raw(0)) {
                return .skipped(reason: "a record time (Fluent Bit's [time, record])")
            }
            guard json.kind(0) == .object else { return .rejected(reason: JSONError.notAnObject.description) }
            return Self.classify(json, 0)
        }
    }

    static func classify(
        _ json: JSON, _ index: Int, deleted: Bool = false, observedAt: Timestamp? = nil, observationSource: String? = nil
    ) -> DecodedRecord {
        if let object = json.member(index, "object"), json.kind(object) == .object,
            let type = json.string(json.member(index, "type"))
        {
            switch type {
            case "ADDED", "MODIFIED": return classify(json, object)
            case "DELETED": return classify(json, object, deleted: true)
            case "BOOKMARK": return .skipped(reason: "watch BOOKMARK")
            case "ERROR": return .skipped(reason: "watch ERROR")
            default: return .rejected(reason: "watch envelope with unknown type \(type)")
            }
        }
        if let event = json.member(index, "event"), json.kind(event) == .object,
            let verb = json.string(json.member(index, "verb"))
        {
            return classify(json, event, deleted: verb == "DELETED")
        }
        if let entry = LogEntry.classify(json, index) { return entry }
        if let logs = OTLPLogs.classify(json, index) { return logs }
        let apiVersion = json.string(json.member(index, "apiVersion")) ?? ""
        if apiVersion.hasPrefix("audit.k8s.io/") {
            guard let response = json.member(index, "responseObject"), json.kind(response) == .object else {
                return .skipped(reason: "audit event without responseObject")
            }
            let deleted = json.string(json.member(index, "verb")) == "delete"
            return classify(
                json, response, deleted: deleted, observedAt: json.timestamp(json.member(index, "stageTimestamp")),
                observationSource: "stageTimestamp")
        }
        let kind = json.string(json.member(index, "kind")) ?? Self.guessKind(json, index)
        switch kind {
        case "Event":
            guard let event = EventRecord.decode(json, index) else {
                return .rejected(reason: "Event without metadata.uid or metadata.name")
            }
            if let problem = InputBounds.problem(event) { return .rejected(reason: problem) }
            return .event(event)
        case "Pod":
            guard let pod = PodRecord.decode(json, index, deleted: deleted, observedAt: observedAt, observationSource: observationSource) else {
                return .rejected(reason: "Pod without metadata.uid")
            }
            if let problem = InputBounds.problem(pod) { return .rejected(reason: problem) }
            return .pod(pod)
        case "":
            return .rejected(reason: "object without kind (not an Event, Pod or envelope)")
        default:
            return .skipped(reason: "kind \(kind)")
        }
    }

    /// True for a number written as epoch seconds with a fraction, 9 or 10 integer digits.
    static func isEpochSeconds(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let dot = text.firstIndex(of: 0x2e), (9...10).contains(dot), dot + 1 < text.count else { return false }
        return text.enumerated().allSatisfy { i, c in i == dot || (c >= 0x30 && c <= 0x39) }
    }

    /// Exporters sometimes drop `kind`: an object with `involvedObject`/`regarding` is an Event,
    /// one with `spec` and `status` and a `metadata.uid` is a Pod.
    static func guessKind(_ json: JSON, _ index: Int) -> String {
        if json.member(index, "involvedObject") != nil || json.member(index, "regarding") != nil { return "Event" }
        if json.member(index, "spec") != nil, json.member(index, "status") != nil { return "Pod" }
        return ""
    }
}
