import PodtrailKit
/// The parts of `truth.json` written only when an opt-in archive gap is on
/// (`SimulationOptions.hasArchiveGaps`), so that default output stays as it was.
extension TruthWriter {
    /// The opt-in options, when set.
    func writeGapOptions(_ w: inout JSONWriter) {
        let o = run.options
        if o.latePodsPercent > 0 { w.field("late_pods_percent", o.latePodsPercent) }
        if let hours = o.eventsOnlyHours {
            w.field("events_only_hours", String(hours.lowerBound) + "-" + String(hours.upperBound))
        }
        if o.sameSecondEvents { w.field("same_second_events", true) }
    }

    /// Counts of the situations the gaps produced, when any gap is on.
    func writeGapTotals(_ w: inout JSONWriter) {
        guard run.options.hasArchiveGaps else { return }
        let pods = run.truth.pods
        w.field("pods_known_from_events", pods.filter(\.knownFromEvents).count)
        w.field("pods_first_seen_after_restarts", pods.filter { ($0.readiness.first?.restarts ?? 0) > 0 }.count)
        w.field("pods_first_ready_unknown", pods.filter(\.firstReadyUnknown).count)
        w.field("pods_first_start_unknown", pods.filter { $0.startedAt == nil && $0.firstStartUnknown }.count)
        w.field("pods_same_second_events", pods.filter(\.sameSecondEvents).count)
        w.field("crash_loops_unknown_restarts", run.truth.episodes.filter { $0.restarts == nil }.count)
    }

    /// `notes`: the phrases the analysis must give the pod (`phase_durations.notes`) for the
    /// figures the archive cannot show.
    static func writeNotes(_ pod: PodTruth, _ w: inout JSONWriter) {
        w.key("notes")
        w.beginArray()
        if pod.knownFromEvents { w.string("known from events only") }
        if pod.firstReadyUnknown { w.string("first Ready unknown") }
        if pod.startedAt == nil && pod.firstStartUnknown { w.string("first start unknown") }
        w.endArray()
    }

    /// A pod with no archived snapshot, known from the events that name it by uid: no
    /// observation-based fact; only the image pulls come from events (all of them, since the
    /// first Ready is unknown). Its workload is the simulated one (the ingester can only infer
    /// it from the name).
    static func writeKnownFromEvents(_ pod: PodTruth, _ w: inout JSONWriter) {
        w.beginObject()
        writeIdentity(pod, &w)
        for name in ["node", "created_at", "scheduled_at"] { w.nullable(name, nil) }
        w.nullable("scheduled_event_at", pod.scheduledEventMicros.map(SimTime.isoMicro))
        for name in ["started_at", "ready_at", "deletion_requested_at", "grace_period_s", "deleted_at", "first_observed_at",
                     "last_observed_at", "final_phase", "final_status", "final_reason", "restarts", "qos_class"] {
            w.nullable(name, nil)
        }
        w.field("snapshots", 0)
        w.nullable("memory_limit_bytes", nil)
        w.key("image_pull_s")
        if let ms = pod.imagePullMilliseconds { w.raw(Self.decimal(ms)) } else { w.null() }
        w.key("status_seconds")
        w.beginObject()
        w.endObject()
        w.key("durations")
        w.beginObject()
        for name in ["schedule_s", "start_s", "startup_s", "startup_no_pull_s", "pending_s", "running_s", "terminating_s",
                     "lifetime_s"] {
            w.nullable(name, nil)
        }
        w.endObject()
        writeStartupSLI(pod, &w)
        writeNotes(pod, &w)
        w.endObject()
    }
}
