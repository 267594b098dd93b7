/// Writes a timeline as one JSON object: `scope`, `window`, `summary` (null for multi-pod
/// scopes), `other_pods`, `phases` and `rows` (objects with `TimelineFormat.columns` as keys).
struct TimelineJSON {
    /// The whole JSON document, one row per line.
    func render(_ timeline: Timeline) -> String {
        var out = "{\n"
        out += "  \"scope\": \(Self.string(timeline.options.scope.title)),\n"
        out += "  \"window\": {\"since\": \(Self.optional(timeline.options.window.sinceText)), \"until\": \(Self.optional(timeline.options.window.untilText))},\n"
        out += "  \"summary\": \(timeline.summary.map(Self.summary) ?? "null"),\n"
        out += "  \"other_pods\": [" + timeline.otherPods.map(Self.pod).joined(separator: ", ") + "],\n"
        out += "  \"phases\": [" + timeline.phases.map(Self.phase).joined(separator: ", ") + "],\n"
        if let truncation = timeline.truncation {
            out += "  \"truncated\": {\"from\": \(Self.string(truncation.from.description)), \"left_out\": \(truncation.leftOut), "
                + "\"limit\": \(truncation.limit)},\n"
        }
        let rows = timeline.rows.map { row in
            "    {" + zip(TimelineFormat.columns, row.fields).map { "\(Self.string($0)): \(Self.value($1))" }.joined(separator: ", ") + "}"
        }
        out += rows.isEmpty ? "  \"rows\": []\n" : "  \"rows\": [\n" + rows.joined(separator: ",\n") + "\n  ]\n"
        return out + "}\n"
    }

    /// The summary header as an object.
    static func summary(_ summary: TimelineSummary) -> String {
        let milestones = summary.milestones.map { "\(string($0.name)): \(string($0.time.description))" }
        let durations = summary.durations.map { "\(string($0.name)): \(TimelineField.format($0.seconds))" }
        let pod = summary.pod
        return "{" + [
            "\"pod\": \(string(pod.reference))", "\"uid\": \(string(pod.uid))", "\"node\": \(optional(pod.node))",
            "\"workload\": \(optional(pod.workload))", "\"phase\": \(optional(pod.finalPhase))",
            "\"status\": \(optional(pod.finalStatus))", "\"restarts\": \(summary.restarts)", "\"oom_kills\": \(summary.oomKills)",
            "\"eviction\": \(optional(summary.eviction))", "\"times\": {\(milestones.joined(separator: ", "))}",
            "\"durations_source\": \(string(summary.durationsSource))", "\"durations\": {\(durations.joined(separator: ", "))}",
        ].joined(separator: ", ") + "}"
    }

    /// Another pod of the same name as an object.
    static func pod(_ pod: TimelinePod) -> String {
        "{\"uid\": \(string(pod.uid)), \"first_seen\": \(optional(pod.beginAt?.description)), \"deleted_at\": \(optional(pod.deletedAt?.description)), \"last_seen\": \(optional(pod.endAt?.description))}"
    }

    /// A phase-chart bar as an object.
    static func phase(_ phase: TimelinePhase) -> String {
        let seconds = TimelineField.format(TimelineDuration.seconds(from: phase.start, to: phase.end))
        return "{\"phase\": \(string(phase.kind.rawValue)), \"label\": \(string(phase.label)), \"start\": \(string(phase.start.description)), \"end\": \(string(phase.end.description)), \"seconds\": \(seconds)}"
    }

    /// A row value as a JSON value.
    static func value(_ field: TimelineField) -> String {
        switch field {
        case .null: "null"
        case .number(let number): TimelineField.format(number)
        case .bool(let flag): flag ? "true" : "false"
        case .text(let text): string(text)
        }
    }

    /// A string literal, or null.
    static func optional(_ text: String?) -> String { text.map(string) ?? "null" }

    /// A JSON string literal (see `QueryOutput.jsonString`).
    static func string(_ text: String) -> String { QueryOutput.jsonString(text) }
}
