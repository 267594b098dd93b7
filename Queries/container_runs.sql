-- container_runs: one row per observed run of a container (pod uid + container + startedAt).
-- A run is every distinct startedAt seen in a running state or in a termination. It ends at
-- its termination's finishedAt (terminated = 1) or, when no termination was seen, at the
-- pod's deleted_at, else at the pod's last observation (terminated = 0). running_s is
-- end - start in seconds. Terminations without a startedAt (ContainerStatusUnknown) are not
-- runs. Used by crash_loops (10-minute recovery) and oom_rates (starts, running hours).
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods
-- (container_runs_stale: CROSS JOIN from the few stale pods to their rows, never a scan of
-- every snapshot.)
DROP VIEW IF EXISTS container_runs_stale;
CREATE VIEW container_runs_stale AS
WITH starts AS (
    SELECT t.cluster, t.pod_uid, t.container, t.init, t.started_at
    FROM stale_pods x CROSS JOIN container_terminations t ON t.pod_uid = x.uid AND t.cluster = x.cluster
    WHERE t.started_at IS NOT NULL
    UNION
    SELECT s.cluster, s.pod_uid, s.container, s.init, s.started_at
    FROM stale_pods x CROSS JOIN container_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    WHERE s.started_at IS NOT NULL
),
-- Materialized so the join below finds a start's terminations by an automatic index on
-- (cluster, pod_uid, container, started_at) instead of scanning the container's terminations.
ends AS MATERIALIZED (
    SELECT t.cluster, t.pod_uid, t.container, t.started_at, t.finished_at, t.exit_code, t.reason
    FROM stale_pods x CROSS JOIN container_terminations t ON t.pod_uid = x.uid AND t.cluster = x.cluster
    WHERE t.started_at IS NOT NULL
)
SELECT
    s.cluster,
    s.pod_uid,
    s.container,
    s.init,
    s.started_at,
    coalesce(t.finished_at, p.deleted_at, p.last_observed_at) AS ended_at,
    t.finished_at IS NOT NULL AS terminated,
    t.exit_code,
    t.reason,
    round(max(0.0,
        (julianday(coalesce(t.finished_at, p.deleted_at, p.last_observed_at)) - julianday(s.started_at)) * 86400.0), 3)
        AS running_s
FROM starts s
LEFT JOIN ends t
    ON t.cluster = s.cluster AND t.pod_uid = s.pod_uid AND t.container = s.container AND t.started_at = s.started_at
LEFT JOIN pods p ON p.cluster = s.cluster AND p.uid = s.pod_uid;
