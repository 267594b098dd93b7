/// Everything one report window holds, read from the analysis views and the base tables.
///
/// Each analysis counts what happened inside the window: a pod's durations at its creation
/// (`phase_durations.created_at`), a crash-loop episode at its start, an eviction at
/// `evicted_at`, an OOM kill at `killed_at`, a pod's status durations at the pod's creation,
/// OOM rates over the container runs started (`container_runs.started_at`) and the kills in
/// the window. A view the database lacks leaves its rows nil.
struct ReportData {
    var phases: [PhaseStatistic]?
    var crashLoops: [ReportRow]?
    var evictions: [ReportRow]?
    var oomKills: [ReportRow]?
    var oomRates: [ReportRow]?
    var statusDurations: [ReportRow]?
    /// Pods created in the window.
    var podsCreated: Int
    /// Node-level OOM occurrences in the window: `node_oom_events.occurrences` (or, without that
    /// view, the `count` of `SystemOOM`/`OOMKilling` events on Node objects) at `first_seen`,
    /// for the whole cluster whatever the namespace filter (nodes belong to no namespace).
    var nodeOOMEvents: Int

    /// Reads the window of `scope`.
    init(connection: Connection, scope: ReportScope) throws {
        let reader = ViewReader(connection: connection, scope: scope)
        let phaseRows = try reader.rows(
            of: "phase_durations", columns: ["cluster", "namespace", "workload"] + ReportColumns.phases, timeColumn: "created_at")
        phases = phaseRows.map(PhaseStatistic.aggregate)
        phaseStartups = phaseRows.map { $0.compactMap { $0["startup_s"].double } }
        crashLoops = try reader.rows(of: "crash_loops", columns: ReportColumns.crashLoops, timeColumn: "started_at")
        evictions = try reader.rows(of: "evictions", columns: ReportColumns.evictions, timeColumn: "evicted_at")
        oomKills = try reader.rows(of: "oom_kills", columns: ReportColumns.oomKills, timeColumn: "killed_at")
        // The rule of the oom_rates view over the runs started and the kills inside the window.
        let runs = try reader.rows(
            of: "container_runs", columns: ["cluster", "namespace", "workload", "container", "running_s"], timeColumn: "started_at")
        oomRates = try reader.columns(of: "oom_rates").isEmpty || runs == nil || oomKills == nil
            ? nil : OOMRate.aggregate(runs: runs!, kills: oomKills!)
        statusDurations = try reader.rows(of: "status_durations", columns: ReportColumns.statusDurations, timeColumn: "created_at")
        podsCreated = try Self.count(
            connection, scope: scope, table: "pods", time: "created_at", value: "count(*)", namespace: "namespace")
        if try reader.columns(of: "node_oom_events").contains("occurrences") {
            nodeOOMEvents = try Self.count(
                connection, scope: scope, table: "node_oom_events", time: "first_seen", value: "sum(occurrences)", namespace: nil)
        } else {
            nodeOOMEvents = try Self.count(
                connection, scope: scope, table: "events", time: "first_seen", value: "sum(count)", namespace: nil,
                extra: "object_kind = 'Node' AND reason IN ('SystemOOM', 'OOMKilling')")
        }
    }

    /// A count over a base table inside the scope.
    private static func count(
        _ connection: Connection, scope: ReportScope, table: String, time: String, value: String, namespace: String?,
        extra: String? = nil
    ) throws -> Int {
        let (window, windowBindings) = scope.window.condition(on: time)
        var conditions = [window]
        var bindings = windowBindings
        if let extra { conditions.append(extra) }
        if let cluster = scope.cluster {
            conditions.append("cluster = ?")
            bindings.append(.text(cluster))
        }
        if let namespace, !scope.namespaces.isEmpty {
            conditions.append("\(namespace) IN (" + scope.namespaces.map { _ in "?" }.joined(separator: ", ") + ")")
            bindings += scope.namespaces.map { .text($0) }
        }
        let sql = "SELECT ifnull(\(value), 0) FROM \(table) WHERE " + conditions.joined(separator: " AND ")
        return Int(try connection.scalar(sql, bindings).int ?? 0)
    }

    /// The p90 pod startup over every pod created in the window (`startup_s`), nil when none.
    var startupP90: Double? {
        guard let rows = phaseStartups, !rows.isEmpty else { return nil }
        return Percentile.nearestRank(90, of: rows.sorted())
    }

    /// Every pod's `startup_s` in the window.
    var phaseStartups: [Double]?

    /// Restarts inside crash-loop episodes (column `restarts`).
    var crashLoopRestarts: Int {
        (crashLoops ?? []).reduce(0) { $0 + Int($1["restarts"].int ?? 0) }
    }
}
