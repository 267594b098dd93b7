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
        ReportFigure(key: "pods_created", name: "Pods created", isDuration: false, value: { Double($0.podsCreated) }, unknown: { $0.withoutStatus }),
        ReportFigure(key: "startup_p90", name: "p90 pod startup", isDuration: true, value: { $0.startupP90 }, unknown: { $0.withoutStatus }),
        ReportFigure(
            key: "crash_loops", name: "Crash-loop episodes", isDuration: false, value: { $0.crashLoops.map { Double($0.count) } },
            unknown: { $0.withoutStatus != nil && $0.withoutEvents != nil ? "no data" : nil }),
        ReportFigure(
            key: "crash_loop_restarts", name: "Restarts in crash loops", isDuration: false,
            value: { $0.crashLoops == nil ? nil : Double($0.crashLoopRestarts) },
            unknown: { data in
                if data.crashLoopsWithoutRestarts > 0, data.crashLoopsWithoutRestarts == data.crashLoops?.count {
                    return "no pod status data; \(ReportNumber.plain(Double(data.crashLoopBackOffs))) back-offs from events"
                }
                return data.crashLoops?.isEmpty ?? true ? data.withoutStatus : nil
            }),
        ReportFigure(
            key: "evictions", name: "Pods evicted", isDuration: false, value: { $0.evictions.map { Double($0.count) } },
            unknown: { $0.withoutStatus != nil && $0.withoutEvents != nil ? "no data" : nil }),
        ReportFigure(key: "oom_kills", name: "Container OOM kills", isDuration: false, value: { $0.oomKills.map { Double($0.count) } }, unknown: { $0.withoutStatus }),
        ReportFigure(key: "node_oom_events", name: "Node OOM events", isDuration: false, value: { Double($0.nodeOOMEvents) }, unknown: { $0.withoutEvents }),
    ]
}
