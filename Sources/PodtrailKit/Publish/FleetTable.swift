/// One table of the fleet database: which SQLite view its rows come from, which day each row
/// belongs to, and its columns.
///
/// Each table is partitioned by day (`day`, a UTC date) and keyed by `cluster`; its other
/// columns are the view's, with the meanings Docs/SCHEMA.md gives them (Docs/FLEET.md).
public struct FleetTable: Sendable {
    /// A column's type in PostgreSQL.
    public enum ColumnType: String, Sendable {
        /// SQLite TEXT.
        case text = "text"
        /// SQLite INTEGER.
        case integer = "bigint"
        /// SQLite REAL.
        case real = "double precision"
        /// SQLite TEXT holding an ISO-8601 UTC time (the `*_at` columns).
        case time = "timestamptz"
    }

    /// The table's name, in schema `podtrail`; also the SQLite view it copies.
    public let name: String
    /// The SQLite rows: a view, or a subquery over one.
    let source: String
    /// The SQLite expression of a row's day (`YYYY-MM-DD`): the UTC date of its first time.
    let day: String
    /// The columns after `cluster` and `day`, in order.
    public let columns: [(name: String, type: ColumnType)]
    /// The fleet schema version that added the table (`FleetSchema.migrations`).
    let since: Int

    init(name: String, source: String, day: String, columns: [(name: String, type: ColumnType)], since: Int = 1) {
        self.name = name
        self.source = source
        self.day = day
        self.columns = columns
        self.since = since
    }

    /// The fleet's tables, in the order a day is published.
    public static let all: [FleetTable] = [
        FleetTable(
            name: "phase_durations", source: "phase_durations",
            day: "coalesce(created_at, scheduled_at, started_at, ready_at, deletion_requested_at, deleted_at)",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("pod", .text), ("workload_kind", .text), ("workload", .text),
                ("node", .text), ("created_at", .time), ("scheduled_at", .time), ("started_at", .time), ("ready_at", .time),
                ("deletion_requested_at", .time), ("deleted_at", .time), ("schedule_s", .real), ("image_pull_s", .real),
                ("start_s", .real), ("startup_s", .real), ("startup_no_pull_s", .real), ("pending_s", .real),
                ("running_s", .real), ("terminating_s", .real), ("lifetime_s", .real), ("notes", .text),
            ]),
        FleetTable(
            name: "status_durations", source: "status_durations", day: "coalesce(created_at, first_seen_at)",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("pod", .text), ("workload", .text), ("created_at", .time),
                ("status", .text), ("seconds", .real), ("segments", .integer), ("first_segment", .integer),
                ("first_seen_at", .time),
            ]),
        FleetTable(
            name: "crash_loops", source: "crash_loops", day: "coalesce(started_at, first_failure_at, ended_at)",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("workload", .text), ("container", .text), ("started_at", .time),
                ("ended_at", .time), ("duration_s", .real), ("restarts", .integer), ("backoff_events", .integer),
                ("last_exit_code", .integer), ("last_reason", .text), ("first_failure_at", .time), ("ended_by", .text),
            ]),
        FleetTable(
            name: "evictions", source: "evictions", day: "evicted_at",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("pod", .text), ("workload", .text), ("node", .text),
                ("evicted_at", .time), ("cause", .text), ("resource", .text), ("container", .text), ("usage", .text),
                ("request", .text), ("threshold", .text), ("available", .text), ("message", .text), ("sources", .text),
            ]),
        FleetTable(
            name: "oom_kills", source: "oom_kills", day: "coalesce(killed_at, started_at)",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("pod", .text), ("workload", .text), ("node", .text),
                ("container", .text), ("init", .integer), ("killed_at", .time), ("started_at", .time), ("exit_code", .integer),
                ("memory_request", .integer), ("memory_limit", .integer),
            ]),
        // oom_rates' inputs: every run with its pod's namespace and workload, as oom_rates
        // joins them (an inner join on pods), so that starts and running hours add up per day.
        FleetTable(
            name: "container_runs",
            source: """
                (SELECT r.*, p.namespace, p.workload FROM container_runs AS r \
                JOIN pods AS p ON p.cluster = r.cluster AND p.uid = r.pod_uid)
                """,
            day: "started_at",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("workload", .text), ("container", .text), ("init", .integer),
                ("started_at", .time), ("ended_at", .time), ("terminated", .integer), ("exit_code", .integer),
                ("reason", .text), ("running_s", .real),
            ]),
        // What `podtrail prune` keeps of the pods it deletes (schema v13): each pod's figures at
        // its creation, and per UTC day, namespace and workload the counts of what happened.
        // A pod is in the tables above or here, never both, and in the same day either way.
        FleetTable(
            name: "rollup_pods", source: "rollup_pods", day: "created_at",
            columns: [
                ("pod_uid", .text), ("namespace", .text), ("workload", .text), ("created_at", .time), ("schedule_s", .real),
                ("image_pull_s", .real), ("start_s", .real), ("startup_s", .real), ("startup_no_pull_s", .real),
                ("pending_s", .real), ("running_s", .real), ("terminating_s", .real), ("lifetime_s", .real),
                ("sli_in_population", .integer), ("sli_s", .real),
            ], since: 2),
        FleetTable(
            name: "rollup_days", source: "rollup_days", day: "day",
            columns: [("namespace", .text), ("workload", .text), ("figure", .text), ("value", .real)], since: 2),
    ]

    /// The SQLite query of one cluster's rows from a day on (`?1` cluster, `?2` first day or
    /// NULL for all): the day first, then the columns; ordered by day, or as SQLite finds them
    /// (no sort: for a table that holds a single day).
    func selectSQL(ordered: Bool = true) -> String {
        let names = columns.map(\.name).joined(separator: ", ")
        return """
            SELECT day, \(names) FROM (
                SELECT substr(\(day), 1, 10) AS day, \(names) FROM \(source) WHERE cluster = ?1)
            WHERE ?2 IS NULL OR day >= ?2\(ordered ? " ORDER BY day" : "")
            """
    }

    /// The name of this table's partition for `day` (`YYYY-MM-DD`): `name_YYYYMMDD`.
    func partition(_ day: String) -> String {
        "\(name)_\(day.replacingOccurrences(of: "-", with: ""))"
    }

    /// `CREATE TABLE` of the partitioned parent.
    var createSQL: String {
        let definitions = ["cluster text NOT NULL", "day date NOT NULL"] + columns.map { "\($0.name) \($0.type.rawValue)" }
        return """
            CREATE TABLE podtrail.\(name) (
                \(definitions.joined(separator: ",\n    "))
            ) PARTITION BY RANGE (day);
            CREATE INDEX \(name)_cluster ON podtrail.\(name) (cluster, day);
            """
    }

    /// `COPY` into one day's partition.
    func copySQL(day: String) -> String {
        "COPY podtrail.\(partition(day)) (cluster, day, \(columns.map(\.name).joined(separator: ", "))) FROM STDIN (FORMAT binary)"
    }
}
