-- podtrail schema version 8: the pod-startup SLI cached per pod, like phase_durations.
--
-- The rows of startup_sli (same columns), one per pod, for every pod not in stale_pods;
-- AnalysisCache refreshes them right after phase_durations_cache, whose image_pull_s they read.
CREATE TABLE startup_sli_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    pod TEXT,
    workload_kind TEXT,
    workload TEXT,
    created_at TEXT,
    in_population INTEGER NOT NULL,
    excluded TEXT,
    watch_at TEXT,
    observed_by TEXT,
    pull_s REAL,
    init_s REAL,
    sli_s REAL,
    PRIMARY KEY (pod_uid, cluster)
) WITHOUT ROWID;
CREATE INDEX startup_sli_cache_created ON startup_sli_cache (julianday(created_at));

-- Every pod gains its row: recompute them all.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);
