import PodtrailKit
/// One kind of archive the simulator writes: a folder of hourly gzip files in one format.
public enum ArchiveStream: String, CaseIterable, Sendable {
    /// API watch envelopes `{"type","object"}` of Pod objects, one per line, hourly files made of
    /// several gzip members (a new member every 15 minutes, as appending rotation leaves them).
    case podsWatch = "pods-watch"
    /// `kubectl get pods -w -o json`: indented Pod objects concatenated, no envelope (so deletions
    /// look like updates).
    case podsKubectl = "pods-kubectl"
    /// `kubectl get pods -A -o json` at the end of the run: one `List` of the pods still present.
    case podsList = "pods-list"
    /// Bare core/v1 Event objects, one per line (event exporters), multi-member hourly files.
    case eventsExporter = "events-exporter"
    /// API watch envelopes of core/v1 Events.
    case eventsWatch = "events-watch"
    /// eventrouter envelopes `{"verb","event","old_event"}`.
    case eventsRouter = "events-eventrouter"
    /// events.k8s.io/v1 Event objects (`regarding`, `note`, only `eventTime`/`series` times).
    case eventsV1 = "events-v1"
    /// An hourly `kubectl get events -A -o json` `List` of node events.
    case eventsList = "events-list"

    /// True for the streams that hold Pod objects.
    var holdsPods: Bool { self == .podsWatch || self == .podsKubectl || self == .podsList }

    /// The archive's folder below the output directory.
    var directory: String {
        switch self {
        case .podsWatch: "pods/watch"
        case .podsKubectl: "pods/kubectl"
        case .podsList: "pods/list"
        case .eventsExporter: "events/exporter"
        case .eventsWatch: "events/watch"
        case .eventsRouter: "events/eventrouter"
        case .eventsV1: "events/events.k8s.io"
        case .eventsList: "events/list"
        }
    }

    /// The file name for the hour starting at `hour` (seconds).
    func fileName(hour: Int64) -> String {
        let stamp = SimTime.hourStamp(hour)
        switch self {
        case .podsWatch: return "pods-\(stamp).ndjson.gz"
        case .podsKubectl: return "pods-\(stamp).json.gz"
        case .podsList: return "pods-\(stamp).json.gz"
        case .eventsList: return "events-\(stamp).json.gz"
        default: return "events-\(stamp).ndjson.gz"
        }
    }

    /// One JSON object per line (where duplicated lines are injected).
    var isLineDelimited: Bool {
        switch self {
        case .podsWatch, .eventsExporter, .eventsWatch, .eventsRouter, .eventsV1: true
        default: false
        }
    }

    /// Hourly files of this stream are written as one gzip member per quarter hour.
    var isMultiMember: Bool { self == .podsWatch || self == .eventsExporter }
}
