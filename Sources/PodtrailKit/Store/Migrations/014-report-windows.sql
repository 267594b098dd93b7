-- podtrail schema version 14: a report's sections read their window by index, whatever the
-- history holds.
--
-- image_pull_failures cached per pod (Queries/image_pull_failures.sql), so that a report's
-- window reads the failures first seen in it by index, not every pod's failures of the history
-- (its window functions keep SQLite from pushing a window into the rule). The cache's columns
-- are the view's; AnalysisCache fills it.
CREATE TABLE IF NOT EXISTS image_pull_failures_cache (
    cluster TEXT,
    pod_uid TEXT,
    namespace TEXT,
    pod TEXT,
    container TEXT,
    image TEXT,
    registry TEXT,
    failed_pulls INTEGER,
    backoffs INTEGER,
    other_failures INTEGER,
    first_seen TEXT,
    last_seen TEXT,
    last_error TEXT,
    started_after INTEGER
);
CREATE INDEX IF NOT EXISTS image_pull_failures_cache_pod ON image_pull_failures_cache (pod_uid, cluster);
CREATE INDEX IF NOT EXISTS image_pull_failures_cache_first ON image_pull_failures_cache (julianday(first_seen));

-- Slow terminations (the terminations view over phase_durations) by deletion request time.
CREATE INDEX IF NOT EXISTS phase_durations_cache_deletion ON phase_durations_cache (julianday(deletion_requested_at));

-- Every pod's failures are computed once.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);
