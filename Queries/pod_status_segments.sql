-- pod_status_segments: the pod's observed states as back-to-back intervals, one per snapshot.
-- Snapshots of a pod are ordered by observed_key (exact time, live before DELETED, then
-- resourceVersion, phase, restarts: ObservationOrder in the writer), then by ingest order. A snapshot's segment runs from its observed_at to the next snapshot's
-- observed_at; the last live snapshot's segment ends at the pod's deleted_at when the pod was
-- seen deleted, else it has length 0 (nothing is assumed after the last observation). The
-- pod's first segment starts at created_at instead when that snapshot's phase is Pending
-- (every pod starts Pending, so the time before the first observation was Pending too).
-- A DELETED record's own segment has length 0.
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods
-- (pod_status_segments_stale: CROSS JOIN from the few stale pods to their snapshots, never a
-- scan of every snapshot.)
DROP VIEW IF EXISTS pod_status_segments_stale;
CREATE VIEW pod_status_segments_stale AS
WITH ordered AS (
    SELECT
        s.cluster, s.pod_uid, s.id AS snapshot_id, s.observed_at, s.phase, s.status, s.deleted,
        row_number() OVER w AS n,
        lead(s.observed_at) OVER w AS next_at
    FROM stale_pods x
    CROSS JOIN pod_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    WHERE s.observed_at IS NOT NULL
    WINDOW w AS (PARTITION BY s.cluster, s.pod_uid ORDER BY s.observed_key, s.id)
),
bounded AS (
    SELECT
        o.cluster, o.pod_uid, o.snapshot_id, o.n, o.phase, o.status, o.deleted,
        CASE
            WHEN o.n = 1 AND o.phase = 'Pending' AND julianday(p.created_at) < julianday(o.observed_at)
                THEN p.created_at
            ELSE o.observed_at
        END AS started_at,
        CASE
            WHEN o.deleted = 1 THEN o.observed_at
            WHEN o.next_at IS NOT NULL THEN o.next_at
            WHEN p.deleted_at IS NOT NULL AND julianday(p.deleted_at) > julianday(o.observed_at) THEN p.deleted_at
            ELSE o.observed_at
        END AS ended_at
    FROM ordered o
    LEFT JOIN pods p ON p.cluster = o.cluster AND p.uid = o.pod_uid
)
SELECT
    cluster, pod_uid, snapshot_id, n, phase, status, deleted, started_at, ended_at,
    round((julianday(ended_at) - julianday(started_at)) * 86400.0, 3) AS seconds
FROM bounded;
