import PodtrailKit
/// The `startup_sli` object of each pod in `truth.json` (`PodTruth.startupSLI()`).
extension TruthWriter {
    /// Writes `startup_sli`: `in_population`, `excluded`, `watch_at`, `observed_by`, `pull_s`,
    /// `init_s` and `sli_s` (null outside the population). A pod known only from events has
    /// no figure: every field but the first two is null.
    static func writeStartupSLI(_ pod: PodTruth, _ w: inout JSONWriter) {
        let sli = pod.startupSLI()
        w.key("startup_sli")
        w.beginObject()
        w.field("in_population", sli.excluded == nil)
        w.nullable("excluded", sli.excluded)
        w.nullable("watch_at", sli.watchAt.map(SimTime.iso))
        w.nullable("observed_by", sli.observedBy)
        w.key("pull_s")
        if let pulls = sli.pullMilliseconds { w.raw(decimal(pulls)) } else { w.null() }
        w.key("init_s")
        if let seconds = sli.initSeconds, !pod.knownFromEvents { w.int(seconds) } else { w.null() }
        w.key("sli_s")
        if let ms = sli.sliMilliseconds { w.raw(decimal(ms)) } else { w.null() }
        w.endObject()
    }
}
