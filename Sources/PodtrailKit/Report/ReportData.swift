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
    /// Only for the report's own window, when CSV is kept: `pod_phase_durations.csv`, a row per
    /// pod created in the window (nil without the view).
    var podPhaseDurations: String?
    /// Only for the report's own window: the pods slowest to start (`phase_durations` rows,
    /// the `podPhaseDurations` columns), worst first, at most `worstPods`.
    var slowestStarts: [ReportRow]?
    /// Pods named in each section's "worst pods" table.
    static let worstPods = 5

    /// The `worstPods` rows with the highest `column`, ties by namespace, pod and uid.
    static func worst(_ rows: [ReportRow], by column: String) -> [ReportRow] {
        Array(rows.sorted {
            ($0[column].double ?? 0, $1.text("namespace"), $1.text("pod"), $1.text("pod_uid"))
                > ($1[column].double ?? 0, $0.text("namespace"), $0.text("pod"), $0.text("pod_uid"))
        }.prefix(worstPods))
    }

    /// Only for the report's own window: the `eviction_causes` rows (cluster, namespace, cause,
    /// evictions) of its evictions (nil without the view).
    var evictionCauses: [ReportRow]?
    /// Only for the report's own window: the `eviction_nodes` rows (cluster, node, cause,
    /// evictions) of its evictions (nil without the view).
    var evictionNodes: [ReportRow]?
    var oomKills: [ReportRow]?
    /// Only for the report's own window (the comparison window shows neither).
    var oomRates: [ReportRow]?
    /// Only for the report's own window.
    var statusDurations: StatusTotals?
    /// The `startup_sli` rows of the pods created in the report's own window (nil without the view).
    var startupSLI: [ReportRow]?
    /// The `startup_sli_days` rows (scope `cluster`) of the UTC days the report's window touches.
    var startupSLIDays: [ReportRow]?
    /// The `warning_reasons` rows of the window's Warning events, for the report's own window
    /// and the previous one (nil without the views).
    var warningReasons: [ReportRow]?
    /// Only for the report's own window: the sections over events and pods that
    /// `readEventSections` fills (each nil without its view).
    var imagePullFailures: [ReportRow]?
    var imagePullTimes: [ImagePullTime]?
    var schedulingFailures: [ReportRow]?
    var neverReady: [ReportRow]?
    var terminations: [ReportRow]?
    /// Pods created in the window.
    var podsCreated: Int
    /// Node-level OOM occurrences in the window: `node_oom_events.occurrences` (or, without that
    /// view, the `count` of `SystemOOM`/`OOMKilling` events on Node objects) at `first_seen`,
    /// for the whole cluster whatever the namespace filter (nodes belong to no namespace).
    var nodeOOMEvents: Int
    /// What the window's archives hold, hour by hour (nil: the database has no `coverage` view).
    var coverage: ReportCoverage?

    /// Reads the window of `scope` and, when given, the `previous` window, reading each view
    /// once over both and splitting its rows by time (a view computed twice would double the
    /// cost of a report with a comparison). `keepingCSV`: also write status_durations.csv, held
    /// in `statusDurations` or, with `statusCSV`, handed to it piece by piece as the rows are
    /// read (a week's file is 174 MB) in pieces of about `chunk` bytes, and not held.
    static func read(
        connection: Connection, scope: ReportScope, previous: TimeWindow?, keepingCSV: Bool = true,
        statusCSV: ((String) throws -> Void)? = nil, chunk: Int = 1 << 20
    ) throws -> (current: ReportData, previous: ReportData?) {
        let windows = [scope.window] + (previous.map { [$0] } ?? [])
        var both = scope
        if let previous {
            both = scope.with(window: TimeWindow(since: previous.since, until: scope.window.until))
        }
        let reader = ViewReader(connection: connection, scope: both)
        func read(_ view: String, _ columns: [String], _ time: String, ordered: Bool = true) throws -> [[ReportRow]?] {
            let split = try reader.rows(of: view, columns: columns, timeColumn: time, splitting: windows, ordered: ordered)
            return windows.indices.map { split?[$0] }
        }
        // A row per pod, folded as read into each window's values per workload and duration;
        // unsorted, as the report shows only their percentiles.
        var phases = windows.map { _ in PhaseStatistic.Accumulator() }
        let hasPhases = try reader.forEachRow(
            of: "phase_durations", columns: PhaseStatistic.Accumulator.columns, timeColumn: "created_at", splitting: windows, ordered: false
        ) { values, inWindow in
            for w in windows.indices where inWindow[w] { phases[w].add(values) }
        }
        // The pods `podtrail prune` left as rollups: each one's durations at its creation.
        let cut = try ReportRollups.cut(connection)
        if let cut, both.window.since.map({ $0.micros < cut.micros }) ?? true {
            _ = try reader.forEachRow(
                of: "rollup_pods", columns: PhaseStatistic.Accumulator.columns, timeColumn: "created_at", splitting: windows, ordered: false
            ) { values, inWindow in
                for w in windows.indices where inWindow[w] { phases[w].add(values) }
            }
        }
        let crashLoops = try read("crash_loops", ReportColumns.crashLoops, "started_at")
        let evictions = try read("evictions", ReportColumns.evictions, "evicted_at")
        let oomKills = try read("oom_kills", ReportColumns.oomKills, "killed_at")
        // A row per container run and per pod status (millions in a week): folded as they are
        // read, for the report's own window only.
        let own = ViewReader(connection: connection, scope: scope)
        var oomRates: [ReportRow]?
        if try !reader.columns(of: "oom_rates").isEmpty, let kills = oomKills[0] {
            // The rule of the oom_rates view over the runs started and the kills inside the window.
            var rates = OOMRate.Accumulator()
            // In no particular order: the totals do not depend on it, and a week's million
            // runs took 2 s to sort.
            if try own.forEachRow(of: "container_runs", columns: OOMRate.runColumns, timeColumn: "started_at", ordered: false, { rates.addRun($0) }) {
                for kill in kills { rates.addKill(kill) }
                oomRates = rates.rows
            }
        }
        var status = StatusTotals(keepingCSV: keepingCSV)
        let hasStatus = try own.forEachRow(of: "status_durations", columns: ReportColumns.statusDurations, timeColumn: "created_at") {
            status.add($0)
            if let statusCSV, status.heldCSVBytes >= chunk { try statusCSV(status.takeCSVText()) }
        }
        if let statusCSV, hasStatus { try statusCSV(status.takeCSVText()) }
        let startupSLI = try own.rows(of: "startup_sli", columns: ReportColumns.startupSLI, timeColumn: "created_at")
        // Each pod's durations, written as read (a row per pod: a busy day holds 60,000), and
        // the pods slowest to start.
        var podPhases = CSVWriter(header: ReportColumns.podPhaseDurations)
        var slowest: [ReportRow] = []
        let index = Dictionary(uniqueKeysWithValues: ReportColumns.podPhaseDurations.enumerated().map { ($1, $0) })
        let hasPodPhases = try own.forEachRow(of: "phase_durations", columns: ReportColumns.podPhaseDurations, timeColumn: "created_at") {
            if keepingCSV { podPhases.append($0) }
            let row = ReportRow(values: $0, index: index)
            guard row["startup_s"].double != nil else { return }
            slowest.append(row)
            if slowest.count > 2 * Self.worstPods { slowest = Self.worst(slowest, by: "startup_s") }
        }
        let startupSLIDays = try Self.startupSLIDays(connection, scope: scope)
        var data = try windows.indices.map { w in
            try ReportData(
                connection: connection, scope: scope.with(window: windows[w]), phases: hasPhases ? phases[w] : nil, crashLoops: crashLoops[w],
                evictions: evictions[w], oomKills: oomKills[w], oomRates: w == 0 ? oomRates : nil,
                statusDurations: w == 0 && hasStatus ? status : nil)
        }
        for w in windows.indices where cut != nil {
            data[w].rollups = try ReportRollups.read(connection, scope: scope.with(window: windows[w]))
        }
        data[0].startupSLI = startupSLI
        data[0].podPhaseDurations = hasPodPhases && keepingCSV ? podPhases.text : nil
        data[0].slowestStarts = hasPodPhases ? Self.worst(slowest, by: "startup_s") : nil
        data[0].evictionCauses = try own.aggregateRows(
            of: "eviction_causes", over: "evictions", columns: ["cluster", "namespace", "cause", "evictions"], timeColumn: "evicted_at")
        data[0].evictionNodes = try own.aggregateRows(
            of: "eviction_nodes", over: "evictions", columns: ["cluster", "node", "cause", "evictions"], timeColumn: "evicted_at")
        data[0].startupSLIDays = startupSLIDays
        try data[0].readEventSections(connection: connection, scope: scope)
        for w in windows.indices {
            data[w].warningReasons = try Self.warningReasons(connection: connection, scope: scope.with(window: windows[w]))
        }
        return (data[0], data.count > 1 ? data[1] : nil)
    }

    /// The SLI of each cluster-day the window touches: the `startup_sli` rows of those whole UTC
    /// days of creation (within the scope's cluster and namespaces), summed as `startup_sli_days`
    /// sums a cluster-day (pods in the population, nearest-rank p50/p90/p99, max, SLO p99 <= 5 s,
    /// pods left out). The view itself is not read: SQLite cannot push a day into its window
    /// functions, so it would rank every day of the history; `ReportTests` checks both agree.
    static func startupSLIDays(_ connection: Connection, scope: ReportScope) throws -> [ReportRow]? {
        let day: Int64 = 86_400_000_000
        func floorDay(_ t: Timestamp) -> Timestamp { Timestamp(micros: t.micros - ((t.micros % day) + day) % day) }
        let days = TimeWindow(
            since: scope.window.since.map(floorDay),
            until: scope.window.until.map { t in floorDay(t).micros == t.micros ? t : Timestamp(micros: floorDay(t).micros + day) })
        guard let pods = try ViewReader(connection: connection, scope: scope.with(window: days))
            .rows(of: "startup_sli", columns: ["cluster", "created_at", "in_population", "sli_s"], timeColumn: "created_at")
        else { return nil }
        var groups: [[String]: (figures: [Double], excluded: Int64)] = [:]
        var all = pods
        // The pods `podtrail prune` left as rollups, with their startup_sli figures.
        if try ReportRollups.cut(connection) != nil,
            let pruned = try ViewReader(connection: connection, scope: scope.with(window: days)).rows(
                of: "rollup_pods", columns: ["cluster", "created_at", "sli_in_population", "sli_s"], timeColumn: "created_at")
        {
            let index = ["cluster": 0, "created_at": 1, "in_population": 2, "sli_s": 3]
            all += pruned.filter { $0["sli_in_population"].int != nil }.map { ReportRow(values: $0.values, index: index) }
        }
        for pod in all {
            let key = [pod.text("cluster"), String(pod.text("created_at").prefix(10))]
            if pod["in_population"].int == 1, let figure = pod["sli_s"].double {
                groups[key, default: ([], 0)].figures.append(figure)
            } else {
                groups[key, default: ([], 0)].excluded += 1
            }
        }
        let columns = ["cluster", "day", "pods", "p50_s", "p90_s", "p99_s", "max_s", "slo_met", "excluded"]
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        return groups.sorted { ($0.key[1], $0.key[0]) < ($1.key[1], $1.key[0]) }.map { key, group in
            let sorted = group.figures.sorted()
            func rank(_ p: Double) -> SQLValue { Percentile.nearestRank(p, of: sorted).map(SQLValue.real) ?? .null }
            let p99 = Percentile.nearestRank(99, of: sorted)
            let met: SQLValue = p99.map { .integer($0 <= 5 ? 1 : 0) } ?? .null
            return ReportRow(
                values: [.text(key[0]), .text(key[1]), .integer(Int64(sorted.count)), rank(50), rank(90), rank(99),
                         sorted.last.map(SQLValue.real) ?? .null, met, .integer(group.excluded)],
                index: index)
        }
    }

    /// One window's data from its view rows (nil: the database lacks the view).
    private init(
        connection: Connection, scope: ReportScope, phases: PhaseStatistic.Accumulator?, crashLoops: [ReportRow]?, evictions: [ReportRow]?,
        oomKills: [ReportRow]?, oomRates: [ReportRow]?, statusDurations: StatusTotals?
    ) throws {
        self.phases = phases?.statistics
        phaseStartups = phases?.startups
        self.crashLoops = crashLoops
        self.evictions = evictions
        self.oomKills = oomKills
        self.oomRates = oomRates
        self.statusDurations = statusDurations
        let reader = ViewReader(connection: connection, scope: scope)
        coverage = try ReportCoverage.read(connection: connection, scope: scope)
        // Pods with a creation time: a pod known only from events has none, and was not seen created.
        podsCreated = try Self.count(
            connection, scope: scope, table: "pods", time: "created_at", value: "count(*)", namespace: "namespace",
            extra: "created_at IS NOT NULL")
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
        let inScope = scope.conditions(cluster: "cluster", namespace: namespace)
        conditions += inScope.conditions
        bindings += inScope.bindings
        let sql = "SELECT ifnull(\(value), 0) FROM \(table) WHERE " + conditions.joined(separator: " AND ")
        return Int(try connection.scalar(sql, bindings).int ?? 0)
    }

    /// What `podtrail prune` left as rollups of this window (nil: nothing of it was pruned).
    var rollups: ReportRollups?

    /// Pods created in the window, the pruned ones included.
    var allPodsCreated: Int { podsCreated + (rollups?.podsCreated ?? 0) }
    /// Crash-loop episodes, the pruned pods' included (nil without the view).
    var allCrashLoops: Int? { crashLoops.map { $0.count + (rollups?.count("crash_loop_episodes") ?? 0) } }
    /// Restarts in crash loops, the pruned pods' included.
    var allCrashLoopRestarts: Int { crashLoopRestarts + (rollups?.count("crash_loop_restarts") ?? 0) }
    /// Episodes whose restarts are unknown, the pruned pods' included.
    var allCrashLoopsWithoutRestarts: Int {
        crashLoopsWithoutRestarts + (rollups?.count("crash_loop_episodes_without_restarts") ?? 0)
    }
    /// Back-off events counted in the episodes, the pruned pods' included.
    var allCrashLoopBackOffs: Int { crashLoopBackOffs + (rollups?.count("crash_loop_backoff_events") ?? 0) }
    /// Pods evicted, the pruned pods' included (nil without the view).
    var allEvictions: Int? { evictions.map { $0.count + (rollups?.count("evictions") ?? 0) } }
    /// Container OOM kills, the pruned pods' included (nil without the view).
    var allOOMKills: Int? { oomKills.map { $0.count + (rollups?.count("oom_kills") ?? 0) } }
    /// Node OOM events, the pruned events' included.
    var allNodeOOMEvents: Int { nodeOOMEvents + (rollups?.count("node_oom_events") ?? 0) }

    /// The p90 pod startup over every pod created in the window (`startup_s`), nil when none.
    var startupP90: Double? {
        guard let rows = phaseStartups, !rows.isEmpty else { return nil }
        return Percentile.nearestRank(90, of: rows.sorted())
    }

    /// Every pod's `startup_s` in the window.
    var phaseStartups: [Double]?

    /// Restarts inside crash-loop episodes (column `restarts`), over the episodes that know them.
    var crashLoopRestarts: Int {
        (crashLoops ?? []).reduce(0) { $0 + Int($1["restarts"].int ?? 0) }
    }

    /// Episodes whose restarts are unknown (pods known only from events: `restarts` NULL).
    var crashLoopsWithoutRestarts: Int {
        (crashLoops ?? []).filter { $0["restarts"].int == nil }.count
    }

    /// Occurrences of the kubelet's restart back-off events counted in the episodes.
    var crashLoopBackOffs: Int {
        (crashLoops ?? []).reduce(0) { $0 + Int($1["backoff_events"].int ?? 0) }
    }

    /// Why the data cannot answer a figure that needs pod status (nil: it can).
    var withoutStatus: String? {
        coverage.map { $0.hasStatus ? nil : "no pod status data" } ?? nil
    }

    /// Why the data cannot answer a figure that needs events (nil: it can).
    var withoutEvents: String? {
        coverage.map { $0.hasEvents ? nil : "no events" } ?? nil
    }
}
