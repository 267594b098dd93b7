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
        var accumulator = Accumulator()
        for row in rows { accumulator.add(Accumulator.columns.map { row[$0] }) }
        return accumulator.statistics
    }

    /// The rows of `aggregate` built up row by row, so that a week's 420,000 pods are folded as
    /// they are read (a list of values per group and duration) rather than kept as rows; in any
    /// order, as the values are sorted before the percentiles are taken.
    struct Accumulator {
        /// The columns `add` takes, in order.
        static let columns = ["cluster", "namespace", "workload"] + ReportColumns.phases

        /// Per group, one list of values per duration, in `ReportColumns.phases` order.
        private var groups: [[String]: [[Double]]] = [:]
        /// Every row's `startup_s`.
        private(set) var startups: [Double] = []

        private static let startup = ReportColumns.phases.firstIndex(of: "startup_s")!
        private static let empty = Array(repeating: [Double](), count: ReportColumns.phases.count)

        /// Counts one row, its values in `columns` order (NULL names count as "").
        mutating func add(_ values: [SQLValue]) {
            let key = [values[0].string ?? "", values[1].string ?? "", values[2].string ?? ""]
            Self.add(values.dropFirst(3), to: &groups[key, default: Self.empty])
            if let startup = values[3 + Self.startup].double { startups.append(startup) }
        }

        private static func add(_ values: ArraySlice<SQLValue>, to lists: inout [[Double]]) {
            for (index, value) in values.enumerated() {
                if let number = value.double { lists[index].append(number) }
            }
        }

        /// The statistics, by cluster, namespace and workload, then duration.
        var statistics: [PhaseStatistic] {
            var result: [PhaseStatistic] = []
            for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let (cluster, namespace, workload) = (key[0], key[1], key[2])
                for (index, phase) in ReportColumns.phases.enumerated() {
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
    }

    /// The CSV row, in `ReportColumns.phaseDurations` order.
    var csvRow: [SQLValue] {
        [.text(cluster), .text(namespace), .text(workload), .text(duration), .integer(Int64(pods)), .real(p50), .real(p90), .real(p99), .real(max)]
    }
}
