-- status_durations: how long each pod showed each kubectl STATUS, one row per pod and status.
-- seconds = sum of the pod's pod_status_segments with that status (DELETED records excluded;
-- the time before the first snapshot is counted only when that snapshot is Pending, the time
-- after the last live snapshot only up to deleted_at). segments = how many snapshots showed it.
-- Windowing: counts at the pod's created_at.
DROP VIEW IF EXISTS status_durations;
CREATE VIEW status_durations AS
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
    min(g.started_at) AS first_seen_at
FROM pod_status_segments g
LEFT JOIN pods p ON p.cluster = g.cluster AND p.uid = g.pod_uid
WHERE g.deleted = 0 AND g.status IS NOT NULL
GROUP BY g.cluster, g.pod_uid, g.status;
