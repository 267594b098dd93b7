/// The image pull section: failures by image and registry, pull times per image.
extension ReportBuilder {
    /// Image pull failures (the `image_pull_failures` view: a row per container and image) by
    /// image and registry, the pods with the most failed pulls, then pull-time percentiles per
    /// image (`ImagePullTime`, from the `image_pulls` view).
    func imagePullSection(_ data: ReportData) -> String {
        var text = "## Image pull failures\n\n"
        let failures = data.imagePullFailures ?? []
        if data.imagePullFailures == nil {
            text += missing("image_pull_failures")
        } else if failures.isEmpty {
            text += data.withoutEvents.map { "Unknown: \($0) in this window.\n\n" } ?? "No image failed to pull in this window.\n\n"
        } else {
            struct Image { var registry = "", pods = Set<[String]>(), failed = 0, backoffs = 0, lastError = "", lastSeen = "" }
            var images: [String: Image] = [:]
            for row in failures {
                let name = row.text("image", "unknown image")
                var image = images[name, default: Image(registry: row.text("registry", "–"))]
                image.pods.insert([row.text("cluster"), row.text("pod_uid")])
                image.failed += Int(row["failed_pulls"].int ?? 0) + Int(row["other_failures"].int ?? 0)
                image.backoffs += Int(row["backoffs"].int ?? 0)
                if let error = row["last_error"].string, Self.isLater(row.text("last_seen"), than: image.lastSeen) {
                    image.lastError = error
                    image.lastSeen = row.text("last_seen")
                }
                images[name] = image
            }
            let ranked = images.sorted { ($0.value.pods.count, $0.value.failed, $1.key) > ($1.value.pods.count, $1.value.failed, $0.key) }
            let registries = Dictionary(grouping: ranked, by: \.value.registry).sorted { $0.key < $1.key }
            let pods = Set(failures.map { [$0.text("cluster"), $0.text("pod_uid")] })
            let started = failures.filter { $0["started_after"].int == 1 }.count
            let stuck = failures.filter { $0["started_after"].int == 0 }.count
            let unknown = failures.count - started - stuck
            text += "\(count(failures.count, "container")) in \(count(pods.count, "pod")) could not pull \(count(ranked.count, "image")) from "
            text += registries.count == 1 ? "1 registry" : "\(registries.count) registries"
            text += " in this window (\(count(ranked.reduce(0) { $0 + $1.value.failed }, "failed pull")), "
            text += "\(count(ranked.reduce(0) { $0 + $1.value.backoffs }, "back-off"))); \(started) of the containers started later, \(stuck) did not"
            text += (unknown > 0 ? ", \(unknown) unknown (pods known only from events)" : "") + ".\n\n"
            text += "### Images that failed to pull\n\n"
            let rows = ranked.prefix(top).map { name, image in
                [name, image.registry, String(image.pods.count), String(image.failed), String(image.backoffs), image.lastError]
            }
            text += Markdown.table(
                ["Image", "Registry", "Pods", "Failed pulls", "Back-offs", "Last error"], Array(rows),
                alignments: [.left, .left, .right, .right, .right, .left])
            if ranked.count > top { text += "\n\(count(ranked.count - top, "more image")) in `image_pull_failures.csv`.\n" }
            text += "\nBy registry: " + registries.map { registry, images in
                let pods = images.reduce(into: Set<[String]>()) { $0.formUnion($1.value.pods) }
                return "\(Markdown.codeSpan(registry)) (\(count(images.count, "image")), \(count(pods.count, "pod")))"
            }.joined(separator: ", ") + ".\n"
            text += worstPods("### Pods with the most failed pulls", figure: "Failed pulls", perPod(failures, summing: "failed_pulls")) + "\n"
        }
        text += "### Pull times per image\n\n"
        guard let times = data.imagePullTimes else { return text + missing("image_pulls") }
        guard !times.isEmpty else {
            return text + (data.withoutEvents.map { "Unknown: \($0) in this window.\n\n" } ?? "No kubelet `Pulled` event in this window.\n\n")
        }
        let ranked = times.sorted { ($0.p90 ?? -1, $1.image) > ($1.p90 ?? -1, $0.image) }
        text += "The kubelet's pull time (its `Pulled` figure, including waiting) of \(count(times.count, "image")) in this window, nearest-rank percentiles"
        if let slowest = ranked.first, let p90 = slowest.p90 {
            text += "; the slowest at p90: \(Markdown.codeSpan(slowest.image)) (\(ReportNumber.duration(p90)))"
        }
        text += ".\n\n"
        let rows = ranked.prefix(top).map { image in
            [image.image, String(image.pulls), String(image.alreadyPresent)] + [image.p50, image.p90, image.p99, image.max].map(ReportNumber.duration)
        }
        text += Markdown.table(
            ["Image", "Pulls", "Already present", "p50", "p90", "p99", "Max"], Array(rows),
            alignments: [.left, .right, .right, .right, .right, .right, .right])
        if times.count > top { text += "\n\(count(times.count - top, "more image")) in `image_pull_times.csv`.\n" }
        return text + "\n"
    }
}
