/// The stable column set of each CSV file a report writes (documented in Docs/REPORTS.md).
///
/// Every name is a column of the analysis view the file comes from; `pod` and `cluster` are
/// looked up in `pods` by `pod_uid` when a view lacks them; `phase_duration_percentiles.csv`
/// holds aggregates of the `phase_durations` view, `pod_phase_durations.csv` its rows.
public enum ReportColumns {
    /// `pod_phase_durations.csv`: one row per pod created in the window (the `phase_durations` view).
    public static let podPhaseDurations = [
        "cluster", "pod_uid", "pod", "namespace", "workload", "node", "created_at", "scheduled_at", "started_at", "ready_at",
        "deletion_requested_at", "deleted_at",
    ] + phases + ["notes"]
    /// `phase_duration_percentiles.csv`: one row per namespace, workload and duration.
    public static let phaseDurations = ["cluster", "namespace", "workload", "duration", "pods", "p50_s", "p90_s", "p99_s", "max_s"]
    /// `crash_loops.csv`: one row per crash-loop episode.
    public static let crashLoops = [
        "cluster", "pod_uid", "pod", "namespace", "workload", "container", "started_at", "ended_at", "duration_s", "restarts",
        "backoff_events", "last_exit_code", "last_reason",
    ]
    /// `evictions.csv`: one row per evicted pod.
    public static let evictions = ["cluster", "pod_uid", "pod", "namespace", "workload", "node", "evicted_at", "cause", "resource", "message"]
    /// `oom_kills.csv`: one row per container OOM kill.
    public static let oomKills = ["cluster", "pod_uid", "pod", "namespace", "workload", "node", "container", "killed_at", "memory_limit"]
    /// `oom_rates.csv`: one row per namespace, workload and container.
    public static let oomRates = [
        "cluster", "namespace", "workload", "container", "oom_kills", "container_starts", "running_hours", "oom_per_100_starts",
        "oom_per_container_hour",
    ]
    /// `startup_sli.csv`: one row per pod created in the window (the `startup_sli` view).
    public static let startupSLI = [
        "cluster", "pod_uid", "pod", "namespace", "workload", "created_at", "in_population", "excluded", "watch_at", "observed_by",
        "pull_s", "init_s", "sli_s",
    ]
    /// `status_durations.csv`: one row per pod and displayed status.
    public static let statusDurations = ["cluster", "pod_uid", "pod", "namespace", "workload", "status", "seconds"]

    /// `warning_reasons.csv`: one row per cluster, namespace and Warning reason (the
    /// `warning_reasons` view over the window's `warning_events`).
    public static let warningReasons = ["cluster", "namespace", "reason", "occurrences", "events", "objects"]
    /// `image_pull_failures.csv`: one row per container and image that failed to pull (the
    /// `image_pull_failures` view).
    public static let imagePullFailures = [
        "cluster", "pod_uid", "pod", "namespace", "container", "image", "registry", "failed_pulls", "backoffs", "other_failures",
        "first_seen", "last_seen", "last_error", "started_after",
    ]
    /// `image_pull_times.csv`: one row per image pulled in the window (from the `image_pulls` view).
    public static let imagePullTimes = ["image", "pulls", "already_present", "timed", "p50_s", "p90_s", "p99_s", "max_s"]
    /// `scheduling_failures.csv`: one row per scheduler message and cause (the `scheduling_failures` view).
    public static let schedulingFailures = [
        "cluster", "pod_uid", "pod", "namespace", "cause", "nodes", "total_nodes", "occurrences", "first_seen", "last_seen",
        "source", "message",
    ]
    /// `never_ready.csv`: one row per pod created in the window never seen Ready (the `never_ready` view).
    public static let neverReady = [
        "cluster", "pod_uid", "pod", "namespace", "workload", "node", "created_at", "last_observed_at", "observed_s", "final_phase",
        "final_status", "restarts", "last_warning",
    ]
    /// `terminations.csv`: one row per pod whose deletion was requested in the window (the
    /// `terminations` view).
    public static let terminations = [
        "cluster", "pod_uid", "pod", "namespace", "workload", "node", "deletion_requested_at", "deleted_at", "grace_period_s",
        "terminating_s", "over_grace_s", "final_status", "notes",
    ]

    /// The duration columns of the `phase_durations` view, in report order.
    public static let phases = [
        "schedule_s", "image_pull_s", "start_s", "startup_s", "startup_no_pull_s", "pending_s", "running_s",
        "terminating_s", "lifetime_s",
    ]
}
