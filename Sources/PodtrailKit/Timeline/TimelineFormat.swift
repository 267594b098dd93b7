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
        case .text: TimelineText(width: width, color: color).render(timeline)
        case .md: TimelineMarkdown().render(timeline)
        case .csv: TimelineCSV().render(timeline)
        case .json: TimelineJSON().render(timeline)
        }
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
