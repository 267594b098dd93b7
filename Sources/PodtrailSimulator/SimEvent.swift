import PodtrailKit
/// The object an event is about (`involvedObject` / `regarding`).
struct SimObjectRef {
    var kind: String
    var namespace: String?
    var name: String
    var uid: String?
    var fieldPath: String?
}

/// The events.k8s.io side of an event written through the new events API.
struct SimSeries {
    /// `eventTime` of the first occurrence, in microseconds.
    var eventTime: Int64
    /// Occurrences (1 = no `series` yet).
    var count = 1
    /// `series.lastObservedTime`, in microseconds.
    var lastObserved: Int64
    var action: String
    var reportingInstance: String
    var related: SimObjectRef?
}

/// A Kubernetes Event object in its current state.
struct SimEvent {
    var uid: String
    var name: String
    var namespace: String
    var object: SimObjectRef
    var reason: String
    var message: String
    var type: String
    var component: String
    var host: String?
    /// First and last occurrence (legacy recorder), in seconds.
    var first: Int64
    var last: Int64
    var count = 1
    /// Set for events written through events.k8s.io (no first/last timestamps, no count).
    var series: SimSeries?

    /// The number of occurrences this object stands for (what `sum(count)` adds up).
    var occurrences: Int { series?.count ?? count }

    /// The event in core/v1 shape: legacy recorder fields (`eventTime: null`), or, for an event
    /// written through events.k8s.io, `eventTime`/`series` with null first/last timestamps.
    func coreJSON(resourceVersion: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        if let series { w.field("action", series.action) }
        w.field("apiVersion", "v1")
        if series == nil { w.field("count", count) }
        w.nullable("eventTime", series.map { SimTime.isoMicro($0.eventTime) })
        if series == nil {
            w.time("firstTimestamp", first)
        } else {
            w.key("firstTimestamp")
            w.null()
        }
        w.key("involvedObject")
        Self.writeRef(&w, object, apiVersion: true)
        w.field("kind", "Event")
        if series == nil {
            w.time("lastTimestamp", last)
        } else {
            w.key("lastTimestamp")
            w.null()
        }
        w.field("message", message)
        writeMetadata(&w, resourceVersion: resourceVersion, created: series.map { $0.eventTime / 1_000_000 } ?? first)
        w.field("reason", reason)
        writeRelated(&w)
        w.field("reportingComponent", component)
        w.field("reportingInstance", series?.reportingInstance ?? host ?? "")
        writeSeries(&w)
        w.key("source")
        w.beginObject()
        if series == nil {
            w.field("component", component)
            w.optional("host", host)
        }
        w.endObject()
        w.field("type", type)
        w.endObject()
        return w.bytes
    }

    /// `related` (the other object of a series, e.g. the preemptor), when there is one.
    private func writeRelated(_ w: inout JSONWriter) {
        if let related = series?.related {
            w.key("related")
            Self.writeRef(&w, related, apiVersion: true)
        }
    }

    /// `series` once an events.k8s.io event has recurred (count 2 or more).
    private func writeSeries(_ w: inout JSONWriter) {
        if let series, series.count >= 2 {
            w.key("series")
            w.beginObject()
            w.field("count", series.count)
            w.field("lastObservedTime", SimTime.isoMicro(series.lastObserved))
            w.endObject()
        }
    }

    /// The event in events.k8s.io/v1 shape: `regarding`, `note`, and only `eventTime`/`series`
    /// for an event written through that API; a legacy recorder's event read through it keeps
    /// its times and count in the `deprecated*` fields (and a null `eventTime`).
    func eventsV1JSON(resourceVersion: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.field("action", series?.action ?? "")
        w.field("apiVersion", "events.k8s.io/v1")
        if series == nil {
            w.field("deprecatedCount", count)
            w.time("deprecatedFirstTimestamp", first)
            w.time("deprecatedLastTimestamp", last)
            w.key("deprecatedSource")
            w.beginObject()
            w.field("component", component)
            w.optional("host", host)
            w.endObject()
        }
        w.nullable("eventTime", series.map { SimTime.isoMicro($0.eventTime) })
        w.field("kind", "Event")
        writeMetadata(&w, resourceVersion: resourceVersion, created: series.map { $0.eventTime / 1_000_000 } ?? first)
        w.field("note", message)
        w.field("reason", reason)
        w.key("regarding")
        Self.writeRef(&w, object, apiVersion: true)
        writeRelated(&w)
        w.field("reportingController", component)
        w.field("reportingInstance", series?.reportingInstance ?? host ?? "")
        writeSeries(&w)
        w.field("type", type)
        w.endObject()
        return w.bytes
    }

    private func writeMetadata(_ w: inout JSONWriter, resourceVersion: Int, created: Int64) {
        w.key("metadata")
        w.beginObject()
        w.time("creationTimestamp", created)
        w.field("name", name)
        w.field("namespace", namespace)
        w.field("resourceVersion", String(resourceVersion))
        w.field("uid", uid)
        w.endObject()
    }

    private static func writeRef(_ w: inout JSONWriter, _ ref: SimObjectRef, apiVersion: Bool) {
        w.beginObject()
        if apiVersion { w.field("apiVersion", ref.kind == "Pod" || ref.kind == "Node" ? "v1" : ref.kind == "Job" ? "batch/v1" : "apps/v1") }
        w.optional("fieldPath", ref.fieldPath)
        w.field("kind", ref.kind)
        w.field("name", ref.name)
        w.optional("namespace", ref.namespace)
        w.optional("uid", ref.uid)
        w.endObject()
    }
}
