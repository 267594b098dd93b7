import Foundation

/// Writes a timeline as Markdown: a heading, the summary as a list, the rows as a table whose
/// cells are escaped (so every row has the same number of columns whatever the messages
/// hold), and for one pod a Mermaid `gantt` chart of its phases.
struct TimelineMarkdown {
    /// The whole Markdown document.
    func render(_ timeline: Timeline) -> String {
        var out = "# Timeline of \(Self.cell(timeline.options.scope.title))\n\n"
        if let summary = timeline.summary { out += Self.summary(summary) + "\n" }
        if !timeline.otherPods.isEmpty, let pod = timeline.pods.first {
            out += "Other pods named \(Self.cell(pod.reference)) (use `--uid` to pick one):\n\n"
            out += timeline.otherPods.map { "- uid \(Self.cell($0.uid)): \(Self.cell($0.lifetime))\n" }.joined() + "\n"
        }
        if !timeline.phases.isEmpty { out += Self.gantt(timeline) + "\n" }
        let multi = !timeline.options.scope.isSinglePod
        var header = ["Time (UTC)", "Elapsed", "Gap", "Source"] + (multi ? ["Pod"] : []) + ["Object", "Reason", "Message"]
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in timeline.rows {
            let reason = row.isWarning ? "**\(Self.cell(row.reason))**" : Self.cell(row.reason)
            var message = row.message
            if !row.repetition.isEmpty { message += (message.isEmpty ? "" : " ") + "(\(row.repetition))" }
            header = [row.time.description, row.elapsed.map(TimelineDuration.elapsed) ?? "", row.gap.map(TimelineDuration.short) ?? "",
                      row.source.rawValue]
            let cells = header.map(Self.cell) + (multi ? [Self.cell(row.pod)] : []) + [Self.cell(row.object), reason, Self.cell(message)]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if timeline.rows.isEmpty { out += "\nNo rows in this window.\n" }
        if let truncation = timeline.truncation { out += "\n" + Markdown.inline(truncation.note) + ".\n" }
        return out
    }

    /// The summary header as a list.
    static func summary(_ summary: TimelineSummary) -> String {
        let pod = summary.pod
        var lines = [
            "- **Pod** \(cell(pod.reference)), uid \(cell(pod.uid))" + (pod.node.map { ", node \(cell($0))" } ?? "")
                + (pod.workload.map { ", workload \(cell($0))" } ?? ""),
            "- **Status** \(cell(pod.finalStatus ?? "unknown"))" + (pod.finalPhase.map { " (phase \(cell($0)))" } ?? "")
                + ", restarts \(summary.restarts), OOM kills \(summary.oomKills)",
        ]
        if let eviction = summary.eviction { lines.append("- **Removed** \(cell(eviction))") }
        for milestone in summary.milestones {
            lines.append("- \(milestone.name): \(milestone.time) (\(TimelineDuration.elapsed(milestone.elapsed)))")
        }
        if !summary.durations.isEmpty {
            let text = summary.durations.map { "\(cell(TimelineSummary.label($0.name))) \(TimelineDuration.short($0.seconds))" }.joined(separator: ", ")
            lines.append("- **Durations** (from \(cell(summary.durationsSource))): \(text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid gantt block: one section per phase kind, one task per bar with explicit
    /// start and end (`YYYY-MM-DD HH:mm:ss.SSS`, UTC).
    static func gantt(_ timeline: Timeline) -> String {
        let title = timeline.pods.first.map { "\($0.reference) phases (UTC)" } ?? "phases (UTC)"
        var lines = ["```mermaid", "gantt", "    title \(ganttText(title))", "    dateFormat YYYY-MM-DD HH:mm:ss.SSS",
                     "    axisFormat %H:%M:%S", "    todayMarker off"]
        var number = 0
        for kind in TimelinePhase.Kind.allCases {
            let bars = timeline.phases.filter { $0.kind == kind }
            guard !bars.isEmpty else { continue }
            lines.append("    section \(kind.rawValue)")
            for bar in bars {
                number += 1
                let tag = switch kind {
                case .crashLoopBackOff: "crit, "
                case .running: "active, "
                case .terminating: "done, "
                default: ""
                }
                lines.append("    \(ganttText(bar.label)) :\(tag)p\(number), \(ganttDate(bar.start)), \(ganttDate(bar.end))")
            }
        }
        return (lines + ["```"]).joined(separator: "\n") + "\n"
    }

    /// `2026-11-27 02:00:05.000` (milliseconds, as the `dateFormat` line says).
    static func ganttDate(_ time: Timestamp) -> String {
        let millis = Timestamp(micros: time.micros / 1000 * 1000, fractionDigits: 3).description
        return String(millis.dropLast().replacingOccurrences(of: "T", with: " "))
    }

    /// Text safe inside a Mermaid task name or title (`Markdown.label`, with `:` and `,` as
    /// spaces too).
    static func ganttText(_ text: String) -> String {
        Markdown.label(text, spacing: [":", ","])
    }

    /// A table cell: `Markdown.inline` with line breaks as `<br>`, trimmed.
    static func cell(_ text: String) -> String {
        Markdown.inline(text, lineBreak: "<br>").trimmingCharacters(in: .whitespaces)
    }
}
