/// OpenTelemetry logs in OTLP JSON (`{"resourceLogs": [...]}`), as the Collector's file
/// exporter writes them, one batch per line. The `k8sobjects` receiver puts each Kubernetes object
/// in a log record's `body`: the object itself (pull mode) or a watch envelope
/// `{"type": "ADDED", "object": …}` (watch mode), encoded as OTLP `AnyValue`s: objects as
/// `kvlistValue`, arrays as `arrayValue`, integers as strings (`{"intValue": "1"}`), null as `{}`.
/// Each body is turned back into plain JSON and read as any other record; a Pod takes the
/// record's `observedTimeUnixNano` (when the receiver saw it) as its exact observation time.
///
/// The `k8s_events` receiver flattens Events into attributes around a message string: no object
/// to read, so such records are rejected with a reason that says so.
enum OTLPLogs {
    /// The records an OTLP logs document at `index` holds; nil when it is not one.
    static func classify(_ json: JSON, _ index: Int) -> DecodedRecord? {
        guard let resources = json.member(index, "resourceLogs"), json.kind(resources) == .array else { return nil }
        var records: [DecodedRecord] = []
        json.forEachElement(resources) { resource in
            json.forEachElement(json.member(resource, "scopeLogs")) { scope in
                json.forEachElement(json.member(scope, "logRecords")) { record in
                    records.append(decode(json, record))
                }
            }
        }
        return .batch(records)
    }

    private static func decode(_ json: JSON, _ record: Int) -> DecodedRecord {
        guard let body = json.member(record, "body"), json.member(body, "kvlistValue") != nil else {
            return .rejected(reason: "OTLP log record whose body is not an object (the k8s_events receiver flattens Events: archive them with the k8sobjects receiver)")
        }
        var writer = JSONWriter()
        write(json, body, into: &writer)
        var decoder = RecordDecoder()
        let decoded = writer.bytes.withUnsafeBytes { decoder.decode($0) }
        guard case .pod(var pod) = decoded, pod.exactObservation == nil,
            let nanos = json.int(json.member(record, "observedTimeUnixNano")), nanos > 0
        else { return decoded }
        pod.exactObservation = Timestamp(micros: Int64(nanos / 1000), fractionDigits: 6)
        pod.observationSource = "observedTimeUnixNano"
        return .pod(pod)
    }

    /// Writes the `AnyValue` at `index` as plain JSON.
    private static func write(_ json: JSON, _ index: Int, into writer: inout JSONWriter) {
        if let list = json.member(index, "kvlistValue") {
            writer.beginObject()
            json.forEachElement(json.member(list, "values")) { pair in
                writer.key(json.string(json.member(pair, "key")) ?? "")
                if let value = json.member(pair, "value") { write(json, value, into: &writer) } else { writer.null() }
            }
            writer.endObject()
        } else if let array = json.member(index, "arrayValue") {
            writer.beginArray()
            json.forEachElement(json.member(array, "values")) { write(json, $0, into: &writer) }
            writer.endArray()
        } else if let text = json.member(index, "stringValue") ?? json.member(index, "bytesValue"),
            json.kind(text) == .string
        {
            writer.raw(Array(json.raw(text)))
        } else if let number = json.member(index, "intValue") ?? json.member(index, "doubleValue") {
            if let value = json.int(number) {
                writer.int(value)
            } else if json.kind(number) == .number {
                writer.raw(Array(json.raw(number)))
            } else {
                writer.null()
            }
        } else if let flag = json.member(index, "boolValue") {
            writer.bool(json.bool(flag) ?? false)
        } else {
            writer.null()
        }
    }
}
