-- pod_spans: one row per pod: the first and the last instant the database knows of it, over
-- every row a timeline shows of it: its lifecycle times (pods.created_at, scheduled_at,
-- started_at, ready_at, deletion_requested_at, deleted_at), its snapshots (observed_at), the
-- events about it (pod_events, the events without a uid included: first_seen to last_seen)
-- and its container terminations (finished_at, else first_observed_at).
--   known_from, known_until  the earliest and latest of those instants, to the millisecond
--                            (julianday()); NULL when the pod has no time at all
--   namespace, node, workload  the pod's (pods), so that a node's, namespace's or workload's
--                            timeline over a window reads, by index, only the pods whose span
--                            can touch it, not every pod the node or namespace ever had
-- A timeline widens the window by a second when it compares (the millisecond rounding).
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS pod_spans_stale;
CREATE VIEW pod_spans_stale AS
WITH stale AS MATERIALIZED (
    SELECT cluster, uid FROM stale_analysis_pods
),
instants AS (
    -- The lifecycle times: min() and max() of several arguments are NULL when one is, hence
    -- the stand-ins for a missing time.
    SELECT p.cluster, p.uid AS pod_uid,
        nullif(min(coalesce(julianday(p.created_at), 1e9), coalesce(julianday(p.scheduled_at), 1e9),
            coalesce(julianday(p.started_at), 1e9), coalesce(julianday(p.ready_at), 1e9),
            coalesce(julianday(p.deletion_requested_at), 1e9), coalesce(julianday(p.deleted_at), 1e9)), 1e9) AS first_jd,
        nullif(max(coalesce(julianday(p.created_at), -1), coalesce(julianday(p.scheduled_at), -1),
            coalesce(julianday(p.started_at), -1), coalesce(julianday(p.ready_at), -1),
            coalesce(julianday(p.deletion_requested_at), -1), coalesce(julianday(p.deleted_at), -1)), -1) AS last_jd
    FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    UNION ALL
    -- The events about the pod: by its uid, and those without a uid that pod_events places on
    -- it (found by name), each read by index from the listed pods, also when every pod is listed.
    SELECT v.cluster, v.object_uid, julianday(coalesce(v.first_seen, v.last_seen)), julianday(coalesce(v.last_seen, v.first_seen))
    FROM stale x CROSS JOIN events v ON v.object_uid = x.uid
    WHERE v.cluster = x.cluster AND v.object_kind = 'Pod'
    UNION ALL
    SELECT e.cluster, e.pod_uid, julianday(coalesce(e.first_seen, e.last_seen)), julianday(coalesce(e.last_seen, e.first_seen))
    FROM (SELECT DISTINCT p.cluster, p.namespace, p.name FROM stale x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster) n
    CROSS JOIN events v ON v.object_kind = 'Pod' AND v.namespace = n.namespace AND v.object_name = n.name
    CROSS JOIN pod_events e ON e.event_id = v.id
    WHERE v.cluster = n.cluster AND ifnull(v.object_uid, '') = ''
        AND (EXISTS (SELECT 1 FROM stale_pods y WHERE y.uid = e.pod_uid AND y.cluster = e.cluster)
            OR EXISTS (SELECT 1 FROM refreshing_pods y WHERE y.uid = e.pod_uid AND y.cluster = e.cluster))
    UNION ALL
    SELECT s.cluster, s.pod_uid, min(julianday(s.observed_at)), max(julianday(s.observed_at))
    FROM stale x CROSS JOIN pod_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    GROUP BY s.cluster, s.pod_uid
    UNION ALL
    SELECT t.cluster, t.pod_uid, julianday(coalesce(t.finished_at, t.first_observed_at)),
        julianday(coalesce(t.finished_at, t.first_observed_at))
    FROM stale x CROSS JOIN container_terminations t ON t.pod_uid = x.uid AND t.cluster = x.cluster
),
spans AS (
    SELECT cluster, pod_uid, min(first_jd) AS first_jd, max(last_jd) AS last_jd
    FROM instants GROUP BY cluster, pod_uid
)
SELECT
    p.cluster,
    p.uid AS pod_uid,
    p.namespace,
    p.node,
    p.workload,
    strftime('%Y-%m-%dT%H:%M:%fZ', s.first_jd) AS known_from,
    strftime('%Y-%m-%dT%H:%M:%fZ', s.last_jd) AS known_until
FROM spans s
-- Every listed pod has a row in spans (its lifecycle row, NULL times included).
CROSS JOIN pods p ON p.uid = s.pod_uid AND p.cluster = s.cluster;
