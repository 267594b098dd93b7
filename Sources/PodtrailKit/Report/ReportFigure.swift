/// A headline figure of the report's summary: its name in report.md, its key for
/// `nightly --fail-on`, its value over a window's data, and why the data cannot answer it.
/// The summary table and the thresholds both read this one list.
struct ReportFigure: Sendable {
    /// The `--fail-on` key (`oom_kills`, `startup_p90`, …).
    let key: String
    /// The name in report.md's summary.
    let name: String
    let isDuration: Bool
    /// The value; nil when the database lacks the analysis.
    let value: @Sendable (ReportData) -> Double?
    /// Why the window's data cannot answer it (nil: it can); then the value is unknown, never 0.
    let unknown: @Sendable (ReportData) -> String?

    /// The value when the data can answer it.
    func known(_ data: ReportData) -> Double? { unknown(data) == nil ? value(data) : nil }

    static let all: [ReportFigure] = [
        ReportFigure(key: "pods_created", name: "Pods created", isDuration: false, value: { Double($0.allPodsCreated) }, unknown: { $0.withoutStatus }),
        ReportFigure(key: "startup_p90", name: "p90 pod startup", isDuration: true, value: { $0.startupP90 }, unknown: { $0.withoutStatus }),
        ReportFigure(
            key: "crash_loops", name: "Crash-loop episodes", isDuration: false, value: { $0.allCrashLoops.map(Double.init) },
            unknown: { $0.withoutStatus != nil && $0.withoutEvents != nil ? "no data" : nil }),
        ReportFigure(
            key: "crash_loop_restarts", name: "Restarts in crash loops", isDuration: false,
            value: { $0.crashLoops == nil ? nil : Double($0.allCrashLoopRestarts) },
            unknown: { data in
                if data.allCrashLoopsWithoutRestarts > 0, data.allCrashLoopsWithoutRestarts == data.allCrashLoops {
                    return "no pod status data; \(ReportNumber.plain(Double(data.allCrashLoopBackOffs))) back-offs from events"
                }
                return data.allCrashLoops ?? 0 == 0 ? data.withoutStatus : nil
            }),
        ReportFigure(
            key: "evictions", name: "Pods evicted", isDuration: false, value: { $0.allEvictions.map(Double.init) },
            unknown: { $0.withoutStatus != nil && $0.withoutEvents != nil ? "no data" : nil }),
        ReportFigure(key: "oom_kills", name: "Container OOM kills", isDuration: false, value: { $0.allOOMKills.map(Double.init) }, unknown: { $0.withoutStatus }),
        ReportFigure(key: "node_oom_events", name: "Node OOM events", isDuration: false, value: { Double($0.allNodeOOMEvents) }, unknown: { $0.withoutEvents }),
    ]
}
