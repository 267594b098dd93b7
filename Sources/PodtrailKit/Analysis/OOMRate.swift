/// OOM rates of one report window, by the rule of the `oom_rates` view (Queries/oom_rates.sql)
/// applied to the runs that started in the window and the kills that happened in it.
///
/// Per cluster, namespace, workload and container: `oom_kills` (rows of `oom_kills`),
/// `container_starts` (rows of `container_runs`), `running_hours` (their `running_s` / 3600),
/// `oom_per_100_starts` = 100 × kills / starts (NULL without starts) and
/// `oom_per_container_hour` = kills / running hours (NULL without running time), rounded to
/// 6 decimals like the view. Over an unbounded window the rows equal the view's (a test checks).
enum OOMRate {
    /// The rows of `aggregate` built up run by run and kill by kill, so that a week's million
    /// container runs are folded as they are read rather than kept, in any order (the running
    /// time is summed in whole milliseconds, exactly).
    struct Accumulator {
        private struct Totals {
            var kills = 0
            var starts = 0
            /// Whole milliseconds, the precision of `container_runs.running_s`: an exact sum,
            /// whatever order the runs come in.
            var runningMilliseconds: Int64 = 0
            var runningSeconds: Double { Double(runningMilliseconds) / 1000 }

            /// Counts one run of `milliseconds`; beyond Int64 (292 million years) the total stays
            /// at the limit.
            mutating func addRun(milliseconds: Int64) {
                starts += 1
                let (sum, overflow) = runningMilliseconds.addingReportingOverflow(milliseconds)
                runningMilliseconds = overflow ? (milliseconds > 0 ? .max : .min) : sum
            }
        }
        private var totals: [[SQLValue]: Totals] = [:]

        /// Counts a container run: `cluster, namespace, workload, container, running_s`.
        mutating func addRun(_ values: [SQLValue]) {
            let seconds = values[4].double ?? 0
            let milliseconds = seconds.isFinite && abs(seconds) < 9e15 ? Int64((seconds * 1000).rounded()) : 0
            totals[Array(values.prefix(4)), default: Totals()].addRun(milliseconds: milliseconds)
        }

        /// Counts an `oom_kills` row (one without a namespace, a pod never seen, is left out).
        mutating func addKill(_ kill: ReportRow) {
            guard kill["namespace"] != .null else { return }
            totals[OOMRate.keyColumns.map { kill[$0] }, default: Totals()].kills += 1
        }

        /// Rows in `ReportColumns.oomRates` order, sorted by cluster, namespace, workload,
        /// container (NULL first, as SQLite sorts).
        var rows: [ReportRow] {
            let index = Dictionary(uniqueKeysWithValues: ReportColumns.oomRates.enumerated().map { ($1, $0) })
            return totals.keys.sorted { $0.lexicographicallyPrecedes($1, by: SQLValue.sortsBefore) }.map { key in
                let t = totals[key]!
                let hours = t.runningSeconds / 3600
                let values: [SQLValue] = key + [
                    .integer(Int64(t.kills)),
                    .integer(Int64(t.starts)),
                    .real(rounded(hours)),
                    t.starts > 0 ? .real(rounded(100.0 * Double(t.kills) / Double(t.starts))) : .null,
                    t.runningSeconds > 0 ? .real(rounded(Double(t.kills) / hours)) : .null,
                ]
                return ReportRow(values: values, index: index)
            }
        }
    }

    /// The columns that name a container, in key order.
    static let keyColumns = ["cluster", "namespace", "workload", "container"]

    /// The columns of `container_runs` an `Accumulator` takes, in order.
    static let runColumns = keyColumns + ["running_s"]

    /// Rows in `ReportColumns.oomRates` order, sorted by cluster, namespace, workload, container
    /// (NULL first, as SQLite sorts).
    ///
    /// - Parameters:
    ///   - runs: `container_runs` rows with `cluster, namespace, workload, container, running_s`.
    ///   - kills: `oom_kills` rows with `cluster, namespace, workload, container`.
    static func aggregate(runs: [ReportRow], kills: [ReportRow]) -> [ReportRow] {
        var accumulator = Accumulator()
        for run in runs { accumulator.addRun(runColumns.map { run[$0] }) }
        for kill in kills { accumulator.addKill(kill) }
        return accumulator.rows
    }

    /// SQLite's round(x, 6).
    private static func rounded(_ value: Double) -> Double {
        (value * 1_000_000).rounded() / 1_000_000
    }
}
