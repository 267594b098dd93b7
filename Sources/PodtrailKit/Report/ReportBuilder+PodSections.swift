/// The sections read from pods: pods never Ready, slow terminations.
extension ReportBuilder {
    /// Pods created in the window that no observation showed Ready (the `never_ready` view, the
    /// named query `never-ready`'s rule), longest seen first, with their timeline commands.
    func neverReadySection(_ data: ReportData) -> String {
        var text = "## Pods never Ready\n\n"
        guard let pods = data.neverReady else { return text + missing("never_ready") }
        guard !pods.isEmpty else {
            if let reason = data.withoutStatus { return text + "Unknown: \(reason) in this window.\n\n" }
            return text + "Every observed pod created in this window became Ready or succeeded.\n\n"
        }
        let statuses = ranked(pods.map { [$0.text("final_status", "–")] })
        text += "\(count(pods.count, "pod")) created in this window never showed Ready (pods that succeeded, and pods known only from events, are left out); "
        text += "last status: " + statuses.map { "\(Markdown.cell($0.key[0])) \($0.count)" }.joined(separator: ", ") + ".\n\n"
        let sorted = pods.sorted { a, b in
            (a["observed_s"].double ?? -1, b.text("namespace"), b.text("pod"), b.text("pod_uid"))
                > (b["observed_s"].double ?? -1, a.text("namespace"), a.text("pod"), a.text("pod_uid"))
        }
        let rows = sorted.prefix(top).map { row in
            ["\(row.text("namespace"))/\(row.text("pod"))", row.text("workload"), row.text("final_status"), ReportNumber.duration(row["observed_s"].double),
             row["restarts"].description, row.text("last_warning"), timelineCommand(row.text("namespace"), row.text("pod"), row.text("pod_uid"))]
        }
        text += Markdown.table(
            ["Pod", "Workload", "Last status", "Seen for", "Restarts", "Last warning", "Its timeline"], Array(rows),
            alignments: [.left, .left, .left, .right, .right, .left, .left])
        if pods.count > top { text += "\n\(count(pods.count - top, "more pod")) in `never_ready.csv`.\n" }
        return text + "\n"
    }

    /// Pods asked to terminate in the window (the `terminations` view, at the deletion request):
    /// how long they took to go, who overran the grace period, and how many were never seen gone
    /// (unknown, never 0); the slowest with their timeline commands.
    func terminationSection(_ data: ReportData) -> String {
        var text = "## Slow terminations\n\n"
        guard let rows = data.terminations else { return text + missing("terminations") }
        guard !rows.isEmpty else {
            if let reason = data.withoutStatus { return text + "Unknown: \(reason) in this window.\n\n" }
            return text + "No pod was asked to terminate in this window.\n\n"
        }
        let measured = rows.filter { $0["terminating_s"].double != nil }
        let figures = measured.compactMap { $0["terminating_s"].double }.sorted()
        let over = measured.filter { ($0["over_grace_s"].double ?? 0) > 0 }.count
        text += "\(count(rows.count, "pod")) asked to terminate in this window (deletion requested): "
        if figures.isEmpty {
            text += "none was seen gone, so how long they took is unknown"
        } else {
            text += "\(measured.count) seen gone, p50 \(ReportNumber.duration(Percentile.nearestRank(50, of: figures))), "
            text += "p90 \(ReportNumber.duration(Percentile.nearestRank(90, of: figures))), max \(ReportNumber.duration(figures.last)); "
            text += "\(over) took longer than their grace period"
        }
        let unknown = rows.count - measured.count
        if unknown > 0, !figures.isEmpty {
            text += "; \(unknown) never seen gone (or with times out of order): their time to go is unknown, not counted"
        }
        text += ".\n\n"
        guard !measured.isEmpty else { return text }
        text += "### Slowest to go\n\n"
        let sorted = measured.sorted { a, b in
            (a["terminating_s"].double ?? 0, b.text("namespace"), b.text("pod"), b.text("pod_uid"))
                > (b["terminating_s"].double ?? 0, a.text("namespace"), a.text("pod"), a.text("pod_uid"))
        }
        let table = sorted.prefix(top).map { row in
            ["\(row.text("namespace"))/\(row.text("pod"))", ReportNumber.duration(row["terminating_s"].double),
             ReportNumber.duration(row["grace_period_s"].double), ReportNumber.duration(row["over_grace_s"].double), row.text("node"),
             row.text("final_status"), timelineCommand(row.text("namespace"), row.text("pod"), row.text("pod_uid"))]
        }
        text += Markdown.table(
            ["Pod", "Terminating", "Grace period", "Over grace", "Node", "Last status", "Its timeline"], Array(table),
            alignments: [.left, .right, .right, .right, .left, .left, .left])
        if measured.count > top { text += "\n\(count(measured.count - top, "more pod")) in `terminations.csv`.\n" }
        return text + "\n"
    }
}
