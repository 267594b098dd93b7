/// Writes a timeline as one JSON object: `scope`, `window`, `summary` (null for multi-pod
/// scopes), `other_pods`, `phases`, `rows` (objects with `TimelineFormat.columns` as keys, one
/// per line, each written as it comes: `TimelineWriter`) and, when the limit was reached,
/// `truncated` after them.
struct TimelineJSON {
    /// Everything before the first row.
    func header(_ header: TimelineHeader) -> String {
        var out = "{\n"
        out += "  \"scope\": \(Self.string(header.options.scope.title)),\n"
        out += "  \"window\": {\"since\": \(Self.optional(header.options.window.sinceText)), \"until\": \(Self.optional(header.options.window.untilText))},\n"
        out += "  \"summary\": \(header.summary.map(Self.summary) ?? "null"),\n"
        out += "  \"other_pods\": [" + header.otherPods.map(Self.pod).joined(separator: ", ") + "],\n"
        out += "  \"phases\": [" + header.phases.map(Self.phase).joined(separator: ", ") + "],\n"
        return out + "  \"rows\": ["
    }

    /// One row, after `rowsBefore` others.
    func row(_ row: TimelineRow, rowsBefore: Int) -> String {
        (rowsBefore == 0 ? "\n" : ",\n") + "    {"
            + zip(TimelineFormat.columns, row.fields).map { "\(Self.string($0)): \(Self.value($1))" }.joined(separator: ", ") + "}"
    }

    /// Everything after the last of `rows` rows.
    func end(rows: Int, truncation: TimelineTruncation?) -> String {
        var out = rows == 0 ? "]" : "\n  ]"
        if let truncation {
            out += ",\n  \"truncated\": {\"from\": \(Self.string(truncation.from.description)), \"left_out\": \(truncation.leftOut), "
                + "\"limit\": \(truncation.limit)}"
        }
        return out + "\n}\n"
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
