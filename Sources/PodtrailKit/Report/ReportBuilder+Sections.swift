/// One section per analysis: a plain sentence on what stands out, then top-N tables and charts.
extension ReportBuilder {
    /// Phase durations: worst workloads by p90 startup.
    func phaseSection(_ data: ReportData) -> String {
        var text = "## Phase durations\n\n"
        guard let phases = data.phases else { return text + missing("phase_durations") }
        // A p90 over one or two pods says little: rank workloads with at least 3 Ready pods
        // when there are any (every workload is still in phase_duration_percentiles.csv).
        let allStartups = phases.filter { $0.duration == "startup_s" }
        let minimumPods = allStartups.contains { $0.pods >= 3 } ? 3 : 1
        let startups = allStartups.filter { $0.pods >= minimumPods }
            .sorted { ($0.p90, $1.namespace, $1.workload, $1.cluster) > ($1.p90, $0.namespace, $0.workload, $0.cluster) }
        guard let worst = startups.first, let overall = data.startupP90 else {
            return text + "No pod created in this window became Ready.\n\n"
        }
        text += "Across \(count(data.phaseStartups?.count ?? 0, "pod")) that became Ready, the p90 startup (creation to first Ready) is \(ReportNumber.duration(overall)); "
        text += "the slowest workload is \(name(worst.namespace, worst.workload)) with p90 \(ReportNumber.duration(worst.p90)) over \(count(worst.pods, "pod")).\n\n"
        text += "### Worst workloads by p90 startup\n\n"
        if minimumPods > 1 { text += "Workloads with at least \(minimumPods) pods that became Ready.\n\n" }
        let rows = startups.prefix(top).map {
            [$0.namespace, $0.workload, String($0.pods)] + [$0.p50, $0.p90, $0.p99, $0.max].map(ReportNumber.duration)
        }
        text += Markdown.table(["Namespace", "Workload", "Pods", "p50", "p90", "p99", "Max"], Array(rows), alignments: [.left, .left] + Array(repeating: .right, count: 5))
        text += worstPods("### Slowest pods to start", figure: "Startup", (data.slowestStarts ?? []).map {
            (uid: $0.text("pod_uid"), namespace: $0.text("namespace"), pod: $0.text("pod"), value: $0["startup_s"].double ?? 0,
             shown: ReportNumber.duration($0["startup_s"].double ?? 0))
        })
        return text + "\nPercentiles are nearest-rank over each pod's `startup_s`; the percentiles of every duration are in `phase_duration_percentiles.csv`, each pod's durations in `pod_phase_durations.csv`.\n\n"
    }

    /// The Kubernetes pod-startup SLI: each cluster-day's figures against the SLO (p99 <= 5 s),
    /// the pods of the window that broke it, and why pods are outside the SLI's population.
    func startupSLISection(_ data: ReportData) -> String {
        var text = "## Startup SLI\n\n"
        guard let pods = data.startupSLI, let days = data.startupSLIDays else { return text + missing("startup_sli") }
        text += "The Kubernetes pod-startup SLI: creation until every container is seen started, minus image pulls and "
        text += "init containers, for stateless pods schedulable at their first attempt; SLO p99 ≤ 5 s per cluster-day "
        text += "(the `startup_sli` rule).\n\n"
        let measured = days.filter { ($0["pods"].int ?? 0) > 0 }
        if measured.isEmpty {
            text += "No pod of these days is in the SLI's population with a figure.\n\n"
        } else {
            let rows = measured.map { day -> [String] in
                let met = day["slo_met"].int == 1 ? "met" : "missed"
                return [day.text("cluster"), day.text("day"), day["pods"].description]
                    + ["p50_s", "p90_s", "p99_s", "max_s"].map { ReportNumber.duration(day[$0].double) } + [met, day["excluded"].description]
            }
            text += Markdown.table(
                ["Cluster", "Day (UTC)", "Pods", "p50", "p90", "p99", "Max", "SLO", "Left out"], rows,
                alignments: [.left, .left, .right, .right, .right, .right, .right, .left, .right])
            text += "\nDays are whole UTC days of creation, also where the report's window covers part of one.\n\n"
        }
        let broke = pods.filter { ($0["sli_s"].double ?? 0) > 5 }
            .sorted { ($0["sli_s"].double ?? 0, $1.text("pod")) > ($1["sli_s"].double ?? 0, $0.text("pod")) }
        if !broke.isEmpty {
            text += "### Pods over 5 s\n\n"
            let rows = broke.prefix(top).map { row in
                [row.text("namespace"), row.text("pod"), ReportNumber.duration(row["sli_s"].double), ReportNumber.duration(row["pull_s"].double),
                 ReportNumber.duration(row["init_s"].double), row.text("observed_by")]
            }
            text += Markdown.table(["Namespace", "Pod", "SLI", "Pulls", "Init", "Observed by"], Array(rows),
                                   alignments: [.left, .left, .right, .right, .right, .left])
            if broke.count > top { text += "\n\(broke.count - top) more in `startup_sli.csv`.\n" }
            text += "\n"
        }
        let reasons = ranked(pods.compactMap { $0["excluded"].string.map { [$0] } })
        if !reasons.isEmpty {
            text += "Left out of the population in this window: "
            text += reasons.map { "\($0.count) \(Markdown.inline($0.key[0]))" }.joined(separator: "; ") + ".\n\n"
        }
        return text
    }

    /// Crash loops: the containers with the most restarts in crash-loop episodes.
    func crashLoopSection(_ data: ReportData) -> String {
        var text = "## Crash loops\n\n"
        guard let episodes = data.crashLoops else { return text + missing("crash_loops") }
        guard !episodes.isEmpty else {
            if let reason = data.withoutStatus, data.withoutEvents != nil {
                return text + "Unknown: \(reason) and no events in this window.\n\n"
            }
            return text + "No container entered CrashLoopBackOff in this window.\n\n"
        }
        // `restarts` is NULL for an episode known only from back-off events: shown as unknown.
        struct Group { var episodes = 0, restarts = 0, unknownRestarts = 0, seconds: Double? = nil, lastReason = "" }
        var groups: [[String]: Group] = [:]
        for row in episodes {
            let key = [row.text("namespace"), row.text("workload"), row.text("container")]
            var group = groups[key, default: Group()]
            group.episodes += 1
            if let restarts = row["restarts"].int { group.restarts += Int(restarts) } else { group.unknownRestarts += 1 }
            if let seconds = row["duration_s"].double { group.seconds = (group.seconds ?? 0) + seconds }
            group.lastReason = row.text("last_reason")  // rows come in start order: the last one wins
            groups[key] = group
        }
        let ranked = groups.sorted { ($0.value.restarts, $0.value.episodes, $1.key.joined(separator: "/")) > ($1.value.restarts, $1.value.episodes, $0.key.joined(separator: "/")) }
        let first = ranked[0]
        text += "\(count(episodes.count, "crash-loop episode")) in \(count(groups.count, "container")), "
        if data.crashLoopsWithoutRestarts == episodes.count {
            text += "restarts unknown (known only from the kubelet's back-off events: \(count(data.crashLoopBackOffs, "back-off")))"
        } else {
            text += "\(count(data.crashLoopRestarts, "restart")) in all"
            if data.crashLoopsWithoutRestarts > 0 {
                text += " (and unknown in \(count(data.crashLoopsWithoutRestarts, "episode")) known only from back-off events)"
            }
        }
        let leaders = ranked.filter { $0.value.restarts == first.value.restarts && $0.value.episodes == first.value.episodes }
        if first.value.restarts > 0 && leaders.count == 1 {
            text += "; the most restarts: container \(name(first.key[0], first.key[1], first.key[2])) (\(count(first.value.restarts, "restart")) in \(count(first.value.episodes, "episode")))"
        }
        text += ".\n\n### Most crash-looping containers\n\n"
        let rows = ranked.prefix(top).map { key, group in
            let restarts = group.unknownRestarts == group.episodes ? "unknown"
                : String(group.restarts) + (group.unknownRestarts > 0 ? "+" : "")
            return key + [String(group.episodes), restarts, ReportNumber.duration(group.seconds), group.lastReason]
        }
        text += Markdown.table(
            ["Namespace", "Workload", "Container", "Episodes", "Restarts", "Time in loop", "Last reason"], Array(rows),
            alignments: [.left, .left, .left, .right, .right, .right, .left])
        text += worstPods("### Pods with the most restarts in crash loops", figure: "Restarts", perPod(episodes, summing: "restarts"))
        return text + "\n"
    }

    /// Evictions: causes (pie), causes by namespace, and nodes. The counts are the rows of the
    /// `eviction_causes` and `eviction_nodes` views over the window's evictions, summed over
    /// clusters (and over causes for nodes); the first message of each row is the earliest
    /// eviction's.
    func evictionSection(_ data: ReportData) -> String {
        var text = "## Evictions\n\n"
        guard let evictions = data.evictions else { return text + missing("evictions") }
        guard !evictions.isEmpty else { return text + "No pod was evicted in this window.\n\n" }
        guard let causeRows = data.evictionCauses else { return text + missing("eviction_causes") }
        guard let nodeRows = data.evictionNodes else { return text + missing("eviction_nodes") }
        func counted(_ rows: [ReportRow], _ key: (ReportRow) -> [String]) -> [(key: [String], count: Int)] {
            ranked(counts: rows.map { (key($0), Int($0["evictions"].int ?? 0)) })
        }
        let causes = counted(causeRows) { [$0.text("cause", "other")] }
        let byNamespace = counted(causeRows) { [$0.text("namespace"), $0.text("cause", "other")] }
        let byNode = counted(nodeRows) { [$0.text("node", "–")] }
        let total = causes.reduce(0) { $0 + $1.count }
        guard let top = causes.first else { return text + "No pod was evicted in this window.\n\n" }
        let tied = causes.filter { $0.count == top.count }
        if tied.count > 1 {
            // No "most common" on a tie: name the tied causes.
            text += "\(count(total, "pod")) evicted; no single most common cause: "
            text += tied.map { "\(Markdown.cell($0.key[0])) (\($0.count))" }.joined(separator: ", ") + ".\n\n"
        } else {
            text += "\(count(total, "pod")) evicted; the most common cause is \(Markdown.cell(top.key[0])) (\(top.count) of \(total))"
            // byNamespace is ranked: its first row of the top cause is the namespace with most of them.
            if let most = byNamespace.first(where: { $0.key[1] == top.key[0] }) {
                text += ", \(most.count) of them in namespace \(name(most.key[0]))"
            }
            text += ".\n\n"
        }
        text += Markdown.pie(title: "Evictions by cause", causes.map { ($0.key[0], $0.count) }) + "\n"
        text += "### Eviction causes by namespace\n\n"
        let examples = Dictionary(
            evictions.map { ([$0.text("namespace"), $0.text("cause", "other")], $0.text("message")) }, uniquingKeysWith: { first, _ in first })
        let rows = byNamespace.prefix(self.top).map { $0.key + [String($0.count), examples[$0.key] ?? ""] }
        text += Markdown.table(["Namespace", "Cause", "Evictions", "First message"], rows, alignments: [.left, .left, .right, .left])
        text += "\n### Nodes with the most evictions\n\n"
        text += Markdown.table(["Node", "Evictions"], byNode.prefix(self.top).map { $0.key + [String($0.count)] }, alignments: [.left, .right])
        return text + "\n"
    }

    /// OOM kills: per-hour chart, the containers with the highest rates.
    func oomSection(_ data: ReportData) -> String {
        var text = "## OOM kills\n\n"
        guard let kills = data.oomKills else { return text + missing("oom_kills") }
        if kills.isEmpty, let reason = data.withoutStatus {
            text += "Container OOM kills: unknown (\(reason))"
        } else if kills.isEmpty {
            text += "No container was OOM-killed in this window"
        } else {
            let most = ranked(kills.map { [$0.text("namespace"), $0.text("workload"), $0.text("container")] })
            text += "\(count(kills.count, "container OOM kill")) in \(count(most.count, "container")); the most: \(name(most[0].key[0], most[0].key[1], most[0].key[2])) (\(most[0].count))"
        }
        text += "; node-level OOM events: " + (data.withoutEvents.map { "unknown (\($0))" } ?? String(data.nodeOOMEvents)) + ".\n\n"
        if !kills.isEmpty {
            // The chart spans the hours that have data (and every kill), not a window reaching
            // far beyond them.
            let times = kills.compactMap { $0["killed_at"].string.flatMap(Timestamp.parse) }
            var span = scope.window
            if let data = data.coverage?.dataSpan, let first = times.min(), let last = times.max() {
                let from = min(data.first, first)
                let to = max(data.end, Timestamp(micros: last.micros + 1))
                span = TimeWindow(since: max(span.since ?? from, from), until: min(span.until ?? to, to))
            }
            text += OOMChart.chart(times, window: span)
            let pods = worstPods("### Pods with the most OOM kills", figure: "OOM kills", perPod(kills))
            if !pods.isEmpty { text += pods.dropFirst() + "\n" }
        }
        text += "### Highest OOM rates\n\n"
        guard let rates = data.oomRates else { return text + missing("oom_rates") }
        let withKills = rates.filter { ($0["oom_kills"].int ?? 0) > 0 }
        guard !withKills.isEmpty else { return text + "No container was OOM-killed in this window.\n\n" }
        let sorted = withKills.sorted { a, b in
            let x = (a["oom_per_100_starts"].double ?? 0, a["oom_kills"].int ?? 0)
            let y = (b["oom_per_100_starts"].double ?? 0, b["oom_kills"].int ?? 0)
            return x != y ? x > y : a.values.map(\.description).lexicographicallyPrecedes(b.values.map(\.description))
        }
        let rows = sorted.prefix(top).map { row in
            [row.text("namespace"), row.text("workload"), row.text("container"), row["oom_kills"].description, row["container_starts"].description]
                + ["running_hours", "oom_per_100_starts", "oom_per_container_hour"].map { ReportNumber.ratio(row[$0].double) }
        }
        text += Markdown.table(
            ["Namespace", "Workload", "Container", "OOM kills", "Starts", "Running hours", "OOM per 100 starts", "OOM per container-hour"],
            Array(rows), alignments: [.left, .left, .left, .right, .right, .right, .right, .right])
        return text + "\nRates count the container runs that started in this window and the kills in it (the `oom_rates` rule).\n\n"
    }

    /// Status durations: total time pods spent in each displayed status.
    func statusSection(_ data: ReportData) -> String {
        var text = "## Time in each status\n\n"
        guard let totals = data.statusDurations else { return text + missing("status_durations") }
        let seconds = totals.seconds
        let pods = totals.pods
        guard !seconds.isEmpty else { return text + "No pod created in this window has status durations.\n\n" }
        let sorted = seconds.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        if sorted[0].value <= 0 {
            // Each pod seen once: a status has no measurable duration (nothing is assumed after
            // the last observation), so no "most time in X (0.0 s)".
            text += "No time in any status could be measured: each pod was observed once, and nothing is assumed after its last observation.\n\n"
        } else if sorted.count > 1, sorted[1].value == sorted[0].value {
            text += "Pods created in this window spent as much time in \(Markdown.cell(sorted[0].key)) as in \(Markdown.cell(sorted[1].key)) (\(ReportNumber.duration(sorted[0].value)) each).\n\n"
        } else {
            text += "Pods created in this window spent the most time in \(Markdown.cell(sorted[0].key)) (\(ReportNumber.duration(sorted[0].value)) over \(count(pods[sorted[0].key]!, "pod"))).\n\n"
        }
        let table = sorted.map { [$0.key, String(pods[$0.key]!), ReportNumber.duration($0.value)] }
        return text + Markdown.table(["Status", "Pods", "Total time"], table, alignments: [.left, .right, .right]) + "\n"
    }

    /// `1 pod`, `2 pods`.
    func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `a/b/c` in code style for a sentence (`Markdown.codeSpan`).
    func name(_ parts: String...) -> String {
        Markdown.codeSpan(parts.joined(separator: "/"))
    }

    /// Counts of each distinct key, most first, ties by key.
    func ranked(_ keys: [[String]]) -> [(key: [String], count: Int)] {
        ranked(counts: keys.map { ($0, 1) })
    }

    /// A "worst pods" table: each pod with its figure and the command that shows its timeline
    /// (`podtrail timeline NS/POD --uid UID`), the `ReportData.worstPods` highest values, ties by
    /// namespace, pod and uid. Nothing when there are none.
    func worstPods(
        _ heading: String, figure: String, _ pods: [(uid: String, namespace: String, pod: String, value: Double, shown: String)]
    ) -> String {
        guard !pods.isEmpty else { return "" }
        let worst = pods.sorted { ($0.value, $1.namespace, $1.pod, $1.uid) > ($1.value, $0.namespace, $0.pod, $0.uid) }
            .prefix(ReportData.worstPods)
        let rows = worst.map { ["\($0.namespace)/\($0.pod)", $0.shown, timelineCommand($0.namespace, $0.pod, $0.uid)] }
        return "\n\(heading)\n\n" + Markdown.table(["Pod", figure, "Its timeline"], rows, alignments: [.left, .right, .left])
    }

    /// The command that shows a pod's timeline: `podtrail timeline NS/POD --uid UID`.
    func timelineCommand(_ namespace: String, _ pod: String, _ uid: String) -> String {
        "podtrail timeline \(namespace)/\(pod) --uid \(uid)"
    }

    /// The pods of `rows` (by `pod_uid`) with the number of rows each has, or the sum of
    /// `column`; pods with none left out.
    func perPod(_ rows: [ReportRow], summing column: String? = nil) -> [(uid: String, namespace: String, pod: String, value: Double, shown: String)] {
        var totals: [String: (namespace: String, pod: String, value: Int)] = [:]
        for row in rows {
            let uid = row.text("pod_uid")
            guard !uid.isEmpty else { continue }
            totals[uid, default: (row.text("namespace"), row.text("pod"), 0)].value += column.map { Int(row[$0].int ?? 0) } ?? 1
        }
        return totals.filter { $0.value.value > 0 }.map {
            (uid: $0.key, namespace: $0.value.namespace, pod: $0.value.pod, value: Double($0.value.value), shown: String($0.value.value))
        }
    }

    /// The counts summed per distinct key, most first, ties by key.
    func ranked(counts keyed: [([String], Int)]) -> [(key: [String], count: Int)] {
        var counts: [[String]: Int] = [:]
        for (key, number) in keyed { counts[key, default: 0] += number }
        return counts.map { ($0.key, $0.value) }.sorted { a, b in
            a.count != b.count ? a.count > b.count : a.key.lexicographicallyPrecedes(b.key)
        }
    }
}
