-- podtrail schema version 13: retention (#29).
--
-- `podtrail prune` deletes the rows of the pods whose every instant lies before a cut (and the
-- other Events and the rejects older than it), a batch of pods per transaction. In the same
-- transaction as each batch's rows go, what the reports need for the long view is kept here:
-- each pod's figures at its creation (rollup_pods: the phase durations and the startup SLI,
-- so that percentiles stay exact) and, per cluster, UTC day, namespace and workload, the counts
-- of what happened that day (rollup_days). A pod is either whole in the tables or rolled up,
-- never both and never half, so a report reads rollups ∪ live rows without counting anything twice.

-- pruned_sources: the files of the ledger whose rows and rejects prune deleted (every record of
-- them was older than the cut), and when. Their sources rows stay: the fingerprint keeps each
-- file from being read again. (A table, not a column of sources: every statement here can run
-- again on a database that has it.)
CREATE TABLE IF NOT EXISTS pruned_sources (
    source_id INTEGER PRIMARY KEY REFERENCES sources (id),
    pruned_at TEXT NOT NULL
);

-- One row per pruned pod: its phase_durations and startup_sli figures, counted at created_at.
CREATE TABLE IF NOT EXISTS rollup_pods (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    workload TEXT,
    created_at TEXT,
    schedule_s REAL,
    image_pull_s REAL,
    start_s REAL,
    startup_s REAL,
    startup_no_pull_s REAL,
    pending_s REAL,
    running_s REAL,
    terminating_s REAL,
    lifetime_s REAL,
    sli_in_population INTEGER,
    sli_s REAL,
    PRIMARY KEY (pod_uid, cluster)
) WITHOUT ROWID;
-- No index on created_at: a report compares julianday(created_at), which no index on the text
-- serves, and one would cost 79 bytes a pod against the row's 136 (a month of history).

-- Per cluster, UTC day, namespace and workload: one figure's total over the pruned pods
-- (and, for node_oom_events, the pruned Node events: namespace and workload '').
CREATE TABLE IF NOT EXISTS rollup_days (
    cluster TEXT NOT NULL,
    day TEXT NOT NULL,
    namespace TEXT NOT NULL,
    workload TEXT NOT NULL,
    figure TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (cluster, day, namespace, workload, figure)
) WITHOUT ROWID;
