/// The sections read from Events: Warning reasons, unschedulable pods, image pull failures.
extension ReportBuilder {
    /// Warning events: the reasons with the most occurrences (the `warning_reasons` view over the
    /// Warning events first seen in the window, summed over clusters and namespaces), with the
    /// previous window's figure and the change when the report has a comparison.
    func warningSection(_ data: ReportData, previous: ReportData?) -> String {
        var text = "## Warning events\n\n"
        guard let rows = data.warningReasons else { return text + missing("warning_reasons") }
        if rows.isEmpty, let reason = data.withoutEvents { return text + "Unknown: \(reason) in this window.\n\n" }
        guard !rows.isEmpty else { return text + "No Warning event in this window.\n\n" }
        struct Reason { var occurrences = 0, events = 0, objects = 0, namespaces: [String: Int] = [:] }
        func fold(_ rows: [ReportRow]) -> [String: Reason] {
            var reasons: [String: Reason] = [:]
            for row in rows {
                let occurrences = Int(row["occurrences"].int ?? 0)
                reasons[row.text("reason"), default: Reason()].occurrences += occurrences
                reasons[row.text("reason")]!.events += Int(row["events"].int ?? 0)
                reasons[row.text("reason")]!.objects += Int(row["objects"].int ?? 0)
                reasons[row.text("reason")]!.namespaces[row.text("namespace"), default: 0] += occurrences
            }
            return reasons
        }
        let reasons = fold(rows)
        let ranked = reasons.sorted { ($0.value.occurrences, $1.key) > ($1.value.occurrences, $0.key) }
        let total = ranked.reduce(0) { $0 + $1.value.occurrences }
        let events = ranked.reduce(0) { $0 + $1.value.events }
        text += "\(count(total, "Warning occurrence")) (\(count(events, "Event object"))) of \(count(ranked.count, "reason")) in this window"
        let leaders = ranked.filter { $0.value.occurrences == ranked[0].value.occurrences }
        if leaders.count == 1 {
            text += "; the most: \(Markdown.codeSpan(ranked[0].key)) (\(ranked[0].value.occurrences) on \(count(ranked[0].value.objects, "object")))"
        } else {
            text += "; no single most frequent reason: " + leaders.map { Markdown.codeSpan($0.key) }.joined(separator: ", ")
                + " (\(ranked[0].value.occurrences) each)"
        }
        // The previous window's figures, when the report compares and that window's data can answer.
        let before: [String: Reason]? = previous.flatMap { $0.withoutEvents == nil ? $0.warningReasons.map(fold) : nil }
        if let before {
            let was = before.values.reduce(0) { $0 + $1.occurrences }
            text += "; previous window: \(was) (\(ReportNumber.change(Double(total), from: Double(was))))"
        }
        text += ".\n\n"
        func mostIn(_ reason: Reason) -> String {
            guard let most = reason.namespaces.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).first else { return "" }
            return most.key.isEmpty ? "(cluster-scoped)" : "\(most.key) (\(most.value))"
        }
        var header = ["Reason", "Occurrences"]
        if previous != nil { header += ["Previous window", "Change"] }
        header += ["Events", "Objects", "Most in namespace"]
        let table = ranked.prefix(top).map { key, reason -> [String] in
            var row = [key, String(reason.occurrences)]
            if previous != nil {
                if let before {
                    let was = before[key]?.occurrences ?? 0
                    row += [String(was), ReportNumber.change(Double(reason.occurrences), from: Double(was))]
                } else {
                    row += ["unknown (no events)", "–"]
                }
            }
            return row + [String(reason.events), String(reason.objects), mostIn(reason)]
        }
        text += Markdown.table(header, Array(table), alignments: header.map { ["Reason", "Most in namespace"].contains($0) ? .left : .right })
        if ranked.count > top { text += "\n\(count(ranked.count - top, "more reason")) in `warning_reasons.csv` (by namespace).\n" }
        if previous == nil { text += "\nNo comparison with a previous window (see the summary).\n" }
        return text + "\n"
    }

    /// Unschedulable pods: the causes the scheduler gave (the `scheduling_failures` view: a row
    /// per message and cause, a pod counted under each of its causes), then the pods that failed
    /// most often, with their timeline commands.
    func schedulingSection(_ data: ReportData) -> String {
        var text = "## Unschedulable pods\n\n"
        guard let rows = data.schedulingFailures else { return text + missing("scheduling_failures") }
        guard !rows.isEmpty else {
            if let reason = data.withoutEvents { return text + "Unknown: \(reason) in this window, and no pod status showed PodScheduled=False.\n\n" }
            return text + "No pod failed to schedule in this window.\n\n"
        }
        struct Cause { var pods = Set<[String]>(), occurrences = 0, example = "" }
        struct Pod { var namespace = "", pod = "", causes = Set<String>(), messages = Set<[String]>(), occurrences = 0, first = "", last = "" }
        var causes: [String: Cause] = [:]
        var pods: [[String]: Pod] = [:]
        for row in rows {
            let key = [row.text("cluster"), row.text("pod_uid")]
            let cause = row.text("cause", "other")
            let occurrences = Int(row["occurrences"].int ?? 1)
            if causes[cause] == nil { causes[cause] = Cause(example: row.text("message")) }  // rows come in time order
            causes[cause]!.pods.insert(key)
            causes[cause]!.occurrences += occurrences
            var pod = pods[key, default: Pod(namespace: row.text("namespace"), pod: row.text("pod"), first: row.text("first_seen"))]
            pod.causes.insert(cause)
            // A message names one or more causes: its occurrences count once for the pod.
            if pod.messages.insert([row.text("source"), row.text("first_seen"), row.text("last_seen"), row.text("message")]).inserted {
                pod.occurrences += occurrences
            }
            if Self.isLater(row.text("last_seen"), than: pod.last) { pod.last = row.text("last_seen") }
            pods[key] = pod
        }
        let ranked = causes.sorted { ($0.value.pods.count, $0.value.occurrences, $1.key) > ($1.value.pods.count, $1.value.occurrences, $0.key) }
        let total = pods.values.reduce(0) { $0 + $1.occurrences }
        text += "\(count(pods.count, "pod")) could not be scheduled in this window (\(count(total, "scheduling failure")))"
        let leaders = ranked.filter { $0.value.pods.count == ranked[0].value.pods.count }
        if leaders.count == 1 {
            text += "; the most common cause: \(Markdown.codeSpan(ranked[0].key)) (\(count(ranked[0].value.pods.count, "pod")))"
        } else {
            text += "; no single most common cause: " + leaders.map { Markdown.codeSpan($0.key) }.joined(separator: ", ")
                + " (\(count(ranked[0].value.pods.count, "pod")) each)"
        }
        text += ". A scheduler message can name several causes: a pod counts under each of its causes.\n\n"
        text += Markdown.pie(title: "Unschedulable pods by cause", ranked.map { ($0.key, $0.value.pods.count) }) + "\n"
        text += "### Causes\n\n"
        text += Markdown.table(
            ["Cause", "Pods", "Failures", "First message"], ranked.map { [$0.key, String($0.value.pods.count), String($0.value.occurrences), $0.value.example] },
            alignments: [.left, .right, .right, .left])
        let worst = pods.sorted { a, b in
            (a.value.occurrences, b.value.namespace, b.value.pod, b.key[1]) > (b.value.occurrences, a.value.namespace, a.value.pod, a.key[1])
        }
        text += "\n### Pods that failed to schedule most often\n\n"
        let table = worst.prefix(top).map { key, pod in
            ["\(pod.namespace)/\(pod.pod)", pod.causes.sorted().joined(separator: ", "), String(pod.occurrences), pod.first, pod.last,
             timelineCommand(pod.namespace, pod.pod, key[1])]
        }
        text += Markdown.table(
            ["Pod", "Causes", "Failures", "First failure", "Last failure", "Its timeline"], Array(table),
            alignments: [.left, .left, .right, .left, .left, .left])
        if pods.count > top { text += "\n\(count(pods.count - top, "more pod")) in `scheduling_failures.csv`.\n" }
        return text + "\n"
    }

    /// True when the timestamp text `a` is later than `b` (an empty or unparsable `b` is earlier).
    static func isLater(_ a: String, than b: String) -> Bool {
        guard let later = Timestamp.parse(a) else { return false }
        guard let earlier = Timestamp.parse(b) else { return true }
        return earlier < later
    }
}
