/// The output formats of a timeline.
public enum TimelineFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case text
    /// A Markdown table and, for one pod, a Mermaid `gantt` chart of its phases.
    case md
    /// RFC 4180 CSV with the columns of `TimelineFormat.columns`.
    case csv
    /// One JSON object: scope, summary, phases and rows with the same columns as CSV.
    case json

    /// The stable column names of CSV and of JSON rows, in order.
    public static let columns = [
        "time", "elapsed", "elapsed_s", "gap_s", "source", "pod", "pod_uid", "object", "container", "reason", "message",
        "count", "first_seen", "last_seen", "warning",
    ]

    /// Renders `timeline`; `width` (terminal columns, nil for no wrapping) and `color` apply to text only.
    public func render(_ timeline: Timeline, width: Int? = nil, color: Bool = false) -> String {
        switch self {
        case .text: return TimelineText(width: width, color: color).render(timeline)
        case .md: return TimelineMarkdown().render(timeline)
        case .csv, .json:
            var text = ""
            var writer = TimelineWriter(format: self) { text += $0 }
            writer.header(TimelineHeader(timeline))
            for row in timeline.rows { writer.row(row) }
            writer.finish(timeline)
            return text
        }
    }

    /// True for the formats written row by row (`TimelineWriter`, `Timeline.stream`).
    public var streams: Bool { self == .csv || self == .json }
}

/// Writes a CSV or JSON timeline piece by piece as `Timeline.stream` hands it over: the header,
/// each row, then the end (JSON's closing and `truncated`). `render` writes a built timeline
/// through it, so both give the same bytes.
public struct TimelineWriter {
    private let format: TimelineFormat
    private let write: (String) -> Void
    private var rows = 0

    /// A writer of `format` (csv or json) handing its text to `write`.
    public init(format: TimelineFormat, write: @escaping (String) -> Void) {
        precondition(format.streams, "only csv and json are written row by row")
        self.format = format
        self.write = write
    }

    /// Writes what comes before the rows.
    public func header(_ header: TimelineHeader) {
        write(format == .csv ? TimelineCSV().header() : TimelineJSON().header(header))
    }

    /// Writes one row.
    public mutating func row(_ row: TimelineRow) {
        write(format == .csv ? TimelineCSV().row(row) : TimelineJSON().row(row, rowsBefore: rows))
        rows += 1
    }

    /// Writes what comes after the rows (`timeline` as `Timeline.stream` returns it).
    public func finish(_ timeline: Timeline) {
        if format == .json { write(TimelineJSON().end(rows: rows, truncation: timeline.truncation)) }
    }
}

extension TimelineRow {
    /// The row's values for `TimelineFormat.columns`: text, or a number, or nil (null/empty).
    var fields: [TimelineField] {
        [
            .text(time.description), elapsed.map { .text(TimelineDuration.elapsed($0)) } ?? .null,
            elapsed.map(TimelineField.number) ?? .null, gap.map(TimelineField.number) ?? .null,
            .text(source.rawValue), .text(pod), .text(podUID), .text(object), .text(container), .text(reason),
            .text(message), .number(Double(count)), .text(firstSeen.description), .text(lastSeen.description),
            .bool(isWarning),
        ]
    }

    /// `5 times to 2026-11-27T02:05:00Z` for aggregated events, `3 snapshots to …` for
    /// collapsed statuses; empty for single occurrences.
    var repetition: String {
        guard count > 1 else { return "" }
        let noun = source == .status ? "snapshots" : "times"
        return lastSeen > firstSeen ? "\(count) \(noun) to \(lastSeen)" : "\(count) \(noun)"
    }
}

/// One value of a machine-readable row.
enum TimelineField: Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Numbers with up to 6 decimals, no trailing zeros (`133`, `13.5`, `0.000123`).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
