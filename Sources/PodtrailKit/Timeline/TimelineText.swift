import Foundation

/// Writes a timeline for a terminal: a summary header, then aligned columns. With a `width`
/// the message column wraps at word boundaries under itself; with `color` warnings show in
/// red, node rows in yellow and elapsed times dimmed (ANSI SGR).
///
/// Every value goes through `TerminalText.oneLine` (line breaks and tabs as spaces, other
/// control characters as visible escapes): the only control characters written are the line
/// ends and, with `color`, podtrail's own SGR sequences.
struct TimelineText {
    var width: Int?
    var color: Bool

    /// The whole text: header, other pods of the same name, column titles and rows.
    func render(_ timeline: Timeline) -> String {
        var out = ""
        if let summary = timeline.summary { out += header(summary) }
        if !timeline.otherPods.isEmpty, let pod = timeline.pods.first {
            out += TerminalText.oneLine("other pods named \(pod.reference) (pick one with --uid):") + "\n"
            out += timeline.otherPods.map { TerminalText.oneLine("  \($0.uid)  \($0.lifetime)") + "\n" }.joined()
        }
        if !out.isEmpty { out += "\n" }
        let multi = !timeline.options.scope.isSinglePod
        let titles = ["TIME (UTC)", "ELAPSED", "GAP", "SOURCE"] + (multi ? ["POD"] : []) + ["OBJECT", "REASON", "MESSAGE"]
        let cells: [[String]] = timeline.rows.map { row in
            var message = row.message
            if !row.repetition.isEmpty { message += (message.isEmpty ? "" : " ") + "(\(row.repetition))" }
            return [row.time.description, row.elapsed.map(TimelineDuration.elapsed) ?? "", row.gap.map(TimelineDuration.short) ?? "",
                    row.source.rawValue] + ((multi ? [row.pod] : []) + [row.object, row.reason, message]).map(TerminalText.oneLine)
        }
        let fixed = titles.count - 1
        let widths = (0..<fixed).map { column in ([titles] + cells).map { $0[column].count }.max() ?? 0 }
        let indent = widths.reduce(0, +) + 2 * fixed
        let messageWidth = width.map { max(32, $0 - indent) }
        out += line(titles, widths: widths, messageWidth: messageWidth, indent: indent, style: nil)
        for (row, values) in zip(timeline.rows, cells) {
            out += line(values, widths: widths, messageWidth: messageWidth, indent: indent, style: row)
        }
        if timeline.rows.isEmpty { out += "(no rows in this window)\n" }
        if let truncation = timeline.truncation { out += "… " + TerminalText.oneLine(truncation.note) + "\n" }
        return out
    }

    private func line(_ values: [String], widths: [Int], messageWidth: Int?, indent: Int, style row: TimelineRow?) -> String {
        var text = ""
        for (column, value) in values.dropLast().enumerated() {
            let padded = value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            text += paint(padded, column: column, count: values.count, row: row) + "  "
        }
        let message = values.last ?? ""
        let lines = messageWidth.map { Self.wrap(message, width: $0) } ?? [message]
        text += lines.first ?? ""
        for more in lines.dropFirst() { text += "\n" + String(repeating: " ", count: indent) + more }
        while text.hasSuffix(" ") { text.removeLast() }
        return text + "\n"
    }

    private func paint(_ text: String, column: Int, count: Int, row: TimelineRow?) -> String {
        guard color else { return text }
        guard let row else { return "\u{1B}[1m\(text)\u{1B}[0m" }
        if column == 1 || column == 2 { return "\u{1B}[2m\(text)\u{1B}[0m" }
        if column == count - 2 {
            if row.isWarning { return "\u{1B}[31m\(text)\u{1B}[0m" }
            if row.source == .node { return "\u{1B}[33m\(text)\u{1B}[0m" }
            if row.source == .pod { return "\u{1B}[32m\(text)\u{1B}[0m" }
        }
        return text
    }

    private func header(_ summary: TimelineSummary) -> String {
        let pod = summary.pod
        var lines = ["pod \(pod.reference)  uid \(pod.uid)" + (pod.node.map { "  node \($0)" } ?? "") + (pod.workload.map { "  \($0)" } ?? "")]
        lines.append("status \(pod.finalStatus ?? "unknown")" + (pod.finalPhase.map { " (phase \($0))" } ?? "")
                     + "  restarts \(summary.restarts)  OOM kills \(summary.oomKills)")
        if let eviction = summary.eviction { lines.append("removed: \(eviction)") }
        if !summary.milestones.isEmpty {
            let nameWidth = summary.milestones.map(\.name.count).max() ?? 0
            lines += summary.milestones.map {
                "  \($0.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \($0.time)  \(TimelineDuration.elapsed($0.elapsed))"
            }
        }
        if !summary.durations.isEmpty {
            lines.append("durations (\(summary.durationsSource)): " + summary.durations.map { "\(TimelineSummary.label($0.name)) \(TimelineDuration.short($0.seconds))" }.joined(separator: "  "))
        }
        return lines.map(TerminalText.oneLine).joined(separator: "\n") + "\n"
    }

    /// Splits `text` into lines of at most `width` characters at spaces (long words are cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
