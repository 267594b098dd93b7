-- pod_spans: one row per pod: the first and the last instant the database knows of it, over
-- every row a timeline shows of it: its lifecycle times (pods.created_at, scheduled_at,
-- started_at, ready_at, deletion_requested_at, deleted_at), its snapshots (observed_at), the
-- events about it (pod_events, the events without a uid included: first_seen to last_seen)
-- and its container terminations (finished_at, else first_observed_at).
--   known_from, known_until  the earliest and latest of those instants, as written (ordered
--                            to the microsecond); NULL when the pod has no time at all
--   namespace, node, workload  the pod's (pods), so that a node's, namespace's or workload's
--                            timeline over a window reads, by index, only the pods whose span
--                            can touch it, not every pod the node or namespace ever had
-- A timeline's first and last instants of a pod (elapsed times count from the first) are
-- these. It compares them with a window through julianday(), widened by a second.
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS pod_spans_stale;
CREATE VIEW pod_spans_stale AS
WITH stale AS MATERIALIZED (
    SELECT cluster, uid FROM stale_analysis_pods
),
instants AS (
    -- Each instant as written (first and last: an event's span), one row per lifecycle time.
    SELECT p.cluster, p.uid AS pod_uid, p.created_at AS first_at, p.created_at AS last_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    SELECT p.cluster, p.uid, p.scheduled_at, p.scheduled_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    SELECT p.cluster, p.uid, p.started_at, p.started_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    SELECT p.cluster, p.uid, p.ready_at, p.ready_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    SELECT p.cluster, p.uid, p.deletion_requested_at, p.deletion_requested_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    SELECT p.cluster, p.uid, p.deleted_at, p.deleted_at FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    -- The events about the pod: by its uid, and those without a uid that pod_events places on
    -- it (found by name), each read by index from the listed pods, also when every pod is listed.
    SELECT v.cluster, v.object_uid, coalesce(v.first_seen, v.last_seen), coalesce(v.last_seen, v.first_seen)
    FROM stale x CROSS JOIN events v ON v.object_uid = x.uid
    WHERE v.cluster = x.cluster AND v.object_kind = 'Pod'
    UNION ALL
    SELECT e.cluster, e.pod_uid, coalesce(e.first_seen, e.last_seen), coalesce(e.last_seen, e.first_seen)
    FROM (SELECT DISTINCT p.cluster, p.namespace, p.name FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster) n
    CROSS JOIN events v ON v.object_kind = 'Pod' AND v.namespace = n.namespace AND v.object_name = n.name
    CROSS JOIN pod_events e ON e.event_id = v.id
    WHERE v.cluster = n.cluster AND ifnull(v.object_uid, '') = ''
        AND (EXISTS (SELECT 1 FROM stale_pods y WHERE y.uid = e.pod_uid AND y.cluster = e.cluster)
            OR EXISTS (SELECT 1 FROM refreshing_pods y WHERE y.uid = e.pod_uid AND y.cluster = e.cluster))
    UNION ALL
    SELECT s.cluster, s.pod_uid, s.observed_at, s.observed_at
    FROM stale x CROSS JOIN pod_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    UNION ALL
    SELECT t.cluster, t.pod_uid, coalesce(t.finished_at, t.first_observed_at), coalesce(t.finished_at, t.first_observed_at)
    FROM stale x CROSS JOIN container_terminations t ON t.pod_uid = x.uid AND t.cluster = x.cluster
),
-- Exact order (julianday() keeps milliseconds): microseconds since the epoch, from the whole
-- seconds (unixepoch) and the fraction's first six digits (times are UTC 'Z' text).
keyed AS MATERIALIZED (
    SELECT cluster, pod_uid, first_at, last_at,
        unixepoch(substr(first_at, 1, 19)) * 1000000 + CASE WHEN substr(first_at, 20, 1) = '.'
            THEN CAST(substr(substr(first_at, 21, length(first_at) - 21) || '000000', 1, 6) AS INTEGER) ELSE 0 END AS first_key,
        unixepoch(substr(last_at, 1, 19)) * 1000000 + CASE WHEN substr(last_at, 20, 1) = '.'
            THEN CAST(substr(substr(last_at, 21, length(last_at) - 21) || '000000', 1, 6) AS INTEGER) ELSE 0 END AS last_key
    FROM instants
),
-- SQLite takes the bare column from the row holding min() or max(); every listed pod has rows
-- (its lifecycle's, NULL times included: min() and max() skip them).
firsts AS (SELECT cluster, pod_uid, min(first_key) AS k, first_at FROM keyed GROUP BY cluster, pod_uid),
lasts AS (SELECT cluster, pod_uid, max(last_key) AS k, last_at FROM keyed GROUP BY cluster, pod_uid)
SELECT
    p.cluster,
    p.uid AS pod_uid,
    p.namespace,
    p.node,
    p.workload,
    CASE WHEN f.k IS NOT NULL THEN f.first_at END AS known_from,
    CASE WHEN l.k IS NOT NULL THEN l.last_at END AS known_until
FROM firsts f
CROSS JOIN lasts l ON l.pod_uid = f.pod_uid AND l.cluster = f.cluster
CROSS JOIN pods p ON p.uid = f.pod_uid AND p.cluster = f.cluster;
