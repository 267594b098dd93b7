-- status_durations: how long each pod showed each kubectl STATUS, one row per pod and status.
-- seconds = sum of the pod's pod_status_segments with that status (DELETED records excluded;
-- the time before the first snapshot is counted only when that snapshot is Pending, the time
-- after the last live snapshot only up to deleted_at). segments = how many snapshots showed it;
-- first_seen_at = the start of its first segment (first_segment = that snapshot's rank).
-- Windowing: counts at the pod's created_at.
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
-- (the segments of the pods in refreshing_pods are current: read from pod_status_segments_cache
-- instead of computed a second time.)
DROP VIEW IF EXISTS status_durations_stale;
CREATE VIEW status_durations_stale AS
WITH segments AS (
    SELECT c.cluster, c.pod_uid, c.n, c.status, c.deleted, c.started_at, c.seconds
    FROM refreshing_pods x
    CROSS JOIN pod_status_segments_cache c ON c.pod_uid = x.uid AND c.cluster = x.cluster
    WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = c.pod_uid AND s.cluster = c.cluster)
    UNION ALL
    SELECT cluster, pod_uid, n, status, deleted, started_at, seconds FROM pod_status_segments_stale
)
SELECT
    g.cluster,
    g.pod_uid,
    p.namespace,
    p.name AS pod,
    p.workload,
    p.created_at,
    g.status,
    round(sum(g.seconds), 3) AS seconds,
    count(*) AS segments,
    -- SQLite takes started_at from the row holding min(n) (a bare column of min()).
    min(g.n) AS first_segment,
    g.started_at AS first_seen_at
FROM segments g
LEFT JOIN pods p ON p.cluster = g.cluster AND p.uid = g.pod_uid
WHERE g.deleted = 0 AND g.status IS NOT NULL
GROUP BY g.cluster, g.pod_uid, g.status;
