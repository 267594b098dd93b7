/// The count, p50, p90, p99 and maximum of one duration for one namespace and workload.
public struct PhaseStatistic: Sendable, Equatable {
    public var cluster: String
    public var namespace: String
    public var workload: String
    /// The duration column, e.g. `startup_s`.
    public var duration: String
    /// Pods with a value for this duration.
    public var pods: Int
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double

    /// Aggregates `phase_durations` rows per cluster, namespace and workload, ordered by
    /// those, then by duration in `ReportColumns.phases` order.
    static func aggregate(_ rows: [ReportRow]) -> [PhaseStatistic] {
        // Per group, one list of values per duration, in `ReportColumns.phases` order: one
        // dictionary access per row (a week has 420,000).
        let phases = ReportColumns.phases
        let empty = Array(repeating: [Double](), count: phases.count)
        var groups: [[String]: [[Double]]] = [:]
        for row in rows {
            let key = [row.text("cluster"), row.text("namespace"), row.text("workload")]
            add(phases.map { row[$0].double }, to: &groups[key, default: empty])
        }
        var result: [PhaseStatistic] = []
        for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (cluster, namespace, workload) = (key[0], key[1], key[2])
            for (index, phase) in phases.enumerated() {
                guard let values = groups[key]?[index].sorted(), !values.isEmpty else { continue }
                result.append(
                    PhaseStatistic(
                        cluster: cluster, namespace: namespace, workload: workload, duration: phase, pods: values.count,
                        p50: Percentile.nearestRank(50, of: values)!, p90: Percentile.nearestRank(90, of: values)!,
                        p99: Percentile.nearestRank(99, of: values)!, max: values.last!))
            }
        }
        return result
    }

    private static func add(_ values: [Double?], to lists: inout [[Double]]) {
        for (index, value) in values.enumerated() {
            if let value { lists[index].append(value) }
        }
    }

    /// The CSV row, in `ReportColumns.phaseDurations` order.
    var csvRow: [SQLValue] {
        [.text(cluster), .text(namespace), .text(workload), .text(duration), .integer(Int64(pods)), .real(p50), .real(p90), .real(p99), .real(max)]
    }
}
