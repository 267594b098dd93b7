-- status_durations: how long each pod showed each kubectl STATUS, one row per pod and status.
-- seconds = sum of the pod's pod_status_segments with that status (DELETED records excluded;
-- the time before the first snapshot is counted only when that snapshot is Pending, the time
-- after the last live snapshot only up to deleted_at). segments = how many snapshots showed it;
-- first_seen_at = the start of its first segment (first_segment = that snapshot's rank).
-- Windowing: counts at the pod's created_at.
-- The rows come from status_durations_cache, except for the pods listed in stale_pods, which
-- are summed on the spot from their computed segments.
DROP VIEW IF EXISTS status_durations;
CREATE VIEW status_durations AS
SELECT c.cluster, c.pod_uid, c.namespace, c.pod, c.workload, c.created_at, c.status, c.seconds, c.segments,
    c.first_segment, c.first_seen_at
FROM status_durations_cache c
WHERE NOT EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = c.pod_uid AND x.cluster = c.cluster)
UNION ALL
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
FROM pod_status_segments_stale g
LEFT JOIN pods p ON p.cluster = g.cluster AND p.uid = g.pod_uid
WHERE g.deleted = 0 AND g.status IS NOT NULL
GROUP BY g.cluster, g.pod_uid, g.status;
