import PodtrailKit
/// Writes `truth.json`: the exact answers for what the simulation archived (see Docs/SIMULATOR.md).
struct TruthWriter {
    let run: SimulationRun

    /// Writes the file.
    func write(to path: String) throws {
        var w = JSONWriter(capacity: 1 << 20)
        let truth = run.truth
        w.beginObject()
        // apiVersion and kind make `podtrail ingest` count this file as one skipped record.
        w.field("apiVersion", "podtrail.dev/v1")
        w.field("kind", "SimulationTruth")
        writeOptions(&w)
        w.key("nodes")
        w.beginArray()
        for node in run.nodes {
            w.beginObject()
            w.field("name", node.name)
            w.field("kubelet_version", node.generation.rawValue)
            w.key("incidents")
            w.beginArray()
            for incident in node.incidents {
                w.beginObject()
                w.field("kind", incident.kind.rawValue)
                w.field("begin", SimTime.iso(incident.begin))
                w.field("end", SimTime.iso(incident.end))
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        writeFiles(&w)
        w.key("statuses")
        w.beginArray()
        for status in truth.statuses.sorted() { w.string(status) }
        w.endArray()
        writeEvents(&w)
        w.key("pods")
        w.beginArray()
        for pod in truth.pods.sorted(by: { ($0.createdAt, $0.uid) < ($1.createdAt, $1.uid) }) {
            if pod.knownFromEvents {
                Self.writeKnownFromEvents(pod, &w)
            } else {
                Self.write(pod, &w, notes: run.options.hasArchiveGaps)
            }
        }
        w.endArray()
        writeEpisodes(&w)
        writeEvictions(&w)
        writeOOMKills(&w)
        writeOOMRates(&w)
        w.endObject()
        var bytes = JSONWriter.indent(w.bytes, width: 1, maxDepth: 2)
        bytes.append(0x0A)
        try Archive.writeFile(path, bytes)
    }

    private func writeOptions(_ w: inout JSONWriter) {
        let o = run.options
        w.key("options")
        w.beginObject()
        w.key("seed")
        w.int(o.seed)
        w.field("start", SimTime.iso(run.start))
        w.field("end", SimTime.iso(run.end))
        w.field("hours", o.hours)
        w.field("pods_per_hour", o.podsPerHour)
        w.field("nodes", o.nodes)
        w.key("formats")
        w.beginArray()
        for stream in ArchiveStream.allCases where o.streams.contains(stream) { w.string(stream.rawValue) }
        w.endArray()
        writeGapOptions(&w)
        w.endObject()
    }

    private func writeFiles(_ w: inout JSONWriter) {
        w.key("files")
        w.beginArray()
        var records = 0
        var listRecords = 0
        for (path, count) in run.archive.fileRecords {
            w.beginObject()
            w.field("path", path)
            w.field("records", count)
            w.endObject()
            records += count
            if path.hasPrefix(ArchiveStream.podsList.directory) { listRecords += count }
        }
        w.endArray()
        w.key("totals")
        w.beginObject()
        w.field("files", run.archive.fileRecords.count)
        w.field("records", records)
        w.field("duplicate_lines", run.archive.duplicateLines)
        w.field("pods_list_overlapping_records", listRecords)
        w.field("pods", run.truth.pods.count)
        w.field("pod_snapshots", run.truth.podSnapshots)
        w.field("event_observations", run.truth.eventObservations)
        w.field("crash_loops", run.truth.episodes.count)
        w.field("evictions", run.truth.evictions.count)
        w.field("oom_kills", oomKills.count)
        writeGapTotals(&w)
        w.endObject()
    }

    private func writeEvents(_ w: inout JSONWriter) {
        let truth = run.truth
        w.key("events")
        w.beginObject()
        w.key("occurrences_by_reason")
        w.beginObject()
        for (reason, count) in truth.reasons.sorted(by: { $0.key < $1.key }) { w.field(reason, count) }
        w.endObject()
        w.key("objects_by_reason")
        w.beginObject()
        for (reason, count) in truth.eventObjects.sorted(by: { $0.key < $1.key }) { w.field(reason, count) }
        w.endObject()
        w.key("backoff")
        w.beginObject()
        w.field("restart", truth.restartBackOff)
        w.field("image_pull", truth.imagePullBackOff)
        w.endObject()
        w.key("node_oom")
        w.beginObject()
        w.field("total", truth.nodeOOMEvents)
        for (reason, count) in truth.nodeOOMByReason.sorted(by: { $0.key < $1.key }) { w.field(reason, count) }
        w.endObject()
        w.endObject()
    }

    /// The fields that name a pod and its simulated workload and fate.
    static func writeIdentity(_ pod: PodTruth, _ w: inout JSONWriter) {
        w.field("uid", pod.uid)
        w.field("namespace", pod.namespace)
        w.field("name", pod.name)
        w.field("workload_kind", pod.workloadKind)
        w.field("workload", pod.workload)
        w.field("fate", pod.fate)
    }

    private static func write(_ pod: PodTruth, _ w: inout JSONWriter, notes: Bool) {
        func time(_ name: String, _ value: Int64?) { w.nullable(name, value.map(SimTime.iso)) }
        func seconds(_ name: String, _ value: Int64?) {
            w.key(name)
            if let value { w.int(value) } else { w.null() }
        }
        w.beginObject()
        writeIdentity(pod, &w)
        w.nullable("node", pod.node)
        time("created_at", pod.createdAt)
        time("scheduled_at", pod.scheduledAt)
        w.nullable("scheduled_event_at", pod.scheduledEventMicros.map(SimTime.isoMicro))
        time("started_at", pod.startedAt)
        time("ready_at", pod.readyAt)
        time("deletion_requested_at", pod.deletionRequestedAt)
        seconds("grace_period_s", pod.gracePeriod.map(Int64.init))
        time("deleted_at", pod.deletedAt)
        time("first_observed_at", pod.firstObservedAt)
        time("last_observed_at", pod.lastObservedAt)
        w.field("final_phase", pod.finalPhase)
        w.field("final_status", pod.finalStatus)
        w.nullable("final_reason", pod.finalReason)
        w.field("restarts", pod.restarts)
        w.field("qos_class", pod.qosClass)
        w.field("snapshots", pod.snapshots)
        w.key("memory_limit_bytes")
        if let limit = pod.memoryLimitBytes { w.int(limit) } else { w.null() }
        w.key("image_pull_s")
        if let ms = pod.imagePullMilliseconds { w.raw(Self.decimal(ms)) } else { w.null() }
        w.key("status_seconds")
        w.beginObject()
        for (status, seconds) in pod.segments().statuses.sorted(by: { $0.key < $1.key }) { w.field(status, Int(seconds)) }
        w.endObject()
        w.key("durations")
        w.beginObject()
        func difference(_ a: Int64?, _ b: Int64?) -> Int64? { if let a, let b { a - b } else { nil } }
        // Scheduling to the microsecond: the Scheduled event's eventTime (same second as the
        // PodScheduled condition) when it was archived, else the condition.
        let scheduledMicros = pod.scheduledEventMicros ?? pod.scheduledAt.map { $0 * 1_000_000 }
        func micros(_ name: String, _ value: Int64?) {
            w.key(name)
            if let value { w.raw(Self.decimal(value, digits: 6)) } else { w.null() }
        }
        micros("schedule_s", scheduledMicros.map { $0 - pod.createdAt * 1_000_000 })
        // The view's rule: startedAt's whole second truncates, so a start within the second
        // before a microsecond scheduling time is 0 (never a negative figure).
        micros("start_s", pod.startedAt.flatMap { started in scheduledMicros.map { max(0, started * 1_000_000 - $0) } })
        seconds("startup_s", difference(pod.readyAt, pod.createdAt))
        w.key("startup_no_pull_s")
        if let startup = difference(pod.readyAt, pod.createdAt), let pull = pod.imagePullMilliseconds {
            w.raw(Self.decimal(max(0, startup * 1000 - pull)))
        } else {
            w.null()
        }
        let segments = pod.segments()
        // A pod never scheduled was pending at least until its last scheduling failure.
        if scheduledMicros == nil, let failure = pod.lastSchedulingFailureMicros,
            failure - pod.createdAt * 1_000_000 > (segments.phases["Pending"] ?? 0) * 1_000_000
        {
            micros("pending_s", failure - pod.createdAt * 1_000_000)
        } else {
            seconds("pending_s", segments.phases["Pending"])
        }
        seconds("running_s", segments.phases["Running"])
        seconds("terminating_s", difference(pod.deletedAt, pod.deletionRequestedAt))
        seconds("lifetime_s", (pod.deletedAt ?? pod.lastObservedAt) - pod.createdAt)
        w.endObject()
        writeStartupSLI(pod, &w)
        if notes { writeNotes(pod, &w) }
        w.endObject()
    }

    private func writeEpisodes(_ w: inout JSONWriter) {
        w.key("crash_loops")
        w.beginArray()
        for e in run.truth.episodes.sorted(by: { ($0.startedAt, $0.podUID, $0.container) < ($1.startedAt, $1.podUID, $1.container) }) {
            w.beginObject()
            w.field("pod_uid", e.podUID)
            w.field("namespace", e.namespace)
            w.field("workload", e.workload)
            w.field("container", e.container)
            w.field("started_at", SimTime.iso(e.startedAt))
            w.nullable("ended_at", e.endedAt.map(SimTime.iso))
            w.field("ended_by", e.endedBy)
            w.key("duration_s")
            if let ended = e.endedAt { w.int(ended - e.startedAt) } else { w.null() }
            w.key("restarts")
            if let restarts = e.restarts { w.int(restarts) } else { w.null() }
            w.field("backoff_events", e.backoffEvents)
            w.key("last_exit_code")
            if let code = e.lastExitCode { w.int(code) } else { w.null() }
            w.nullable("last_reason", e.lastReason)
            w.endObject()
        }
        w.endArray()
    }

    private func writeEvictions(_ w: inout JSONWriter) {
        w.key("evictions")
        w.beginArray()
        for e in run.truth.evictions.sorted(by: { ($0.evictedAt, $0.podUID) < ($1.evictedAt, $1.podUID) }) {
            w.beginObject()
            w.field("pod_uid", e.podUID)
            w.field("namespace", e.namespace)
            w.field("workload", e.workload)
            w.field("node", e.node)
            w.field("evicted_at", SimTime.iso(e.evictedAt))
            w.field("cause", e.cause)
            w.nullable("resource", e.resource)
            w.nullable("message", e.message)
            w.field("wording", e.wording)
            w.endObject()
        }
        w.endArray()
    }

    /// Container OOM kills: every distinct OOMKilled termination the snapshots show.
    private var oomKills: [(PodTruth, String, Int64)] {
        var kills: [(PodTruth, String, Int64)] = []
        for pod in run.truth.pods {
            for t in pod.terminations where t.reason == "OOMKilled" { kills.append((pod, t.container, t.finishedAt)) }
        }
        return kills.sorted { ($0.2, $0.0.uid, $0.1) < ($1.2, $1.0.uid, $1.1) }
    }

    private func writeOOMKills(_ w: inout JSONWriter) {
        w.key("oom_kills")
        w.beginArray()
        for (pod, container, killedAt) in oomKills {
            w.beginObject()
            w.field("pod_uid", pod.uid)
            w.field("namespace", pod.namespace)
            w.field("workload", pod.workload)
            w.nullable("node", pod.node)
            w.field("container", container)
            w.field("killed_at", SimTime.iso(killedAt))
            w.key("memory_limit")
            if let limit = pod.containerLimits[container] { w.int(limit) } else { w.null() }
            w.endObject()
        }
        w.endArray()
    }

    /// Per namespace, workload and container: OOM kills, runs (distinct startedAt) and their
    /// running seconds.
    private func writeOOMRates(_ w: inout JSONWriter) {
        struct Rate { var kills = 0, starts = 0, seconds: Int64 = 0 }
        var rates: [String: Rate] = [:]
        func key(_ pod: PodTruth, _ container: String) -> String { pod.namespace + "\u{0}" + pod.workload + "\u{0}" + container }
        for pod in run.truth.pods {
            for (container, seconds) in pod.runSeconds() {
                rates[key(pod, container), default: Rate()].starts += 1
                rates[key(pod, container), default: Rate()].seconds += seconds
            }
        }
        for (pod, container, _) in oomKills { rates[key(pod, container), default: Rate()].kills += 1 }
        w.key("oom_rates")
        w.beginArray()
        for (key, rate) in rates.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            w.beginObject()
            w.field("namespace", parts[0])
            w.field("workload", parts[1])
            w.field("container", parts[2])
            w.field("oom_kills", rate.kills)
            w.field("container_starts", rate.starts)
            w.field("running_s", Int(rate.seconds))
            w.endObject()
        }
        w.endArray()
    }

    /// Thousandths (or millionths with `digits: 6`) as a JSON number of seconds (`2345` → `2.345`).
    static func decimal(_ scaled: Int64, digits: Int = 3) -> [UInt8] {
        let unit: Int64 = digits == 6 ? 1_000_000 : 1000
        let sign = scaled < 0 ? "-" : ""
        let value = abs(scaled)
        var fraction = String(value % unit)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return Array((sign + String(value / unit) + (fraction.isEmpty ? "" : "." + fraction)).utf8)
    }
}
