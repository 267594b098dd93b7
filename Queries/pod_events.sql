-- pod_events: every Event about a pod, with the pod uid it belongs to.
-- An event names its pod by involvedObject.uid; when the exporter dropped that uid, the event
-- belongs to the newest pod of that namespace and name created at or before the event's
-- first_seen (so a StatefulSet name reused by a new uid never collects the old pod's events).
-- `message` has a leading "(combined from similar events): " removed.
DROP VIEW IF EXISTS pod_events;
CREATE VIEW pod_events AS
SELECT
    e.cluster,
    -- CAST gives the column TEXT affinity, so joins on it can use an index.
    CAST(CASE
        WHEN e.object_uid IS NOT NULL AND e.object_uid <> '' THEN e.object_uid
        ELSE (
            -- podtrail: the pod of an event without a uid (also marks pods stale, see Queries/README.md)
            SELECT p.uid FROM pods p
            WHERE p.cluster = e.cluster AND p.namespace = e.namespace AND p.name = e.object_name
                AND julianday(p.created_at) <= julianday(e.first_seen)
            ORDER BY julianday(p.created_at) DESC LIMIT 1)
    END AS TEXT) AS pod_uid,
    e.id AS event_id,
    e.uid AS event_uid,
    e.namespace,
    e.object_name AS pod,
    e.container,
    e.reason,
    CASE
        WHEN e.message LIKE '(combined from similar events): %' THEN substr(e.message, 33)
        ELSE e.message
    END AS message,
    e.type,
    e.count,
    e.first_seen,
    e.last_seen,
    e.source_component,
    e.source_host
FROM events e
-- + keeps SQLite off the object index, which holds every pod event: callers filter by reason
-- (events_reason) or read them all (a table scan is faster than the index's lookups).
WHERE +e.object_kind = 'Pod';

-- stale_analysis_pods: the pods whose cached rows of phase_durations, crash_loops and evictions
-- are not current (stale_pods, and inside a cache refresh refreshing_pods), computed on the spot.
-- few is 1 when they are fewer than one pod in ten (a nightly run into a long history): the
-- *_stale views then go from each stale pod to its rows by index; otherwise (a backfill, a
-- migration) they read the rows of the reasons they need and keep the stale pods' (reading a
-- pod's every row by its index costs about ten times more per pod than a scan by reason).
DROP VIEW IF EXISTS stale_analysis_pods;
CREATE VIEW stale_analysis_pods AS
SELECT cluster, uid FROM stale_pods
UNION
SELECT cluster, uid FROM refreshing_pods;

DROP VIEW IF EXISTS stale_analysis_size;
CREATE VIEW stale_analysis_size AS
SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM stale_pods) AND NOT EXISTS (SELECT 1 FROM refreshing_pods) THEN 1
    ELSE ((SELECT count(*) FROM stale_pods) + (SELECT count(*) FROM refreshing_pods)) * 10 < (SELECT count(*) FROM pods)
END AS few;

-- stale_pod_events: the rows of pod_events that belong to the pods of stale_analysis_pods. For
-- few pods, found from those pods (by uid, and by namespace and name for events without one);
-- for many, every pod event kept when its pod is stale (callers filter by reason, which
-- SQLite pushes into both parts: the second reads the events_reason index). `few` is tested
-- inside each part of the first, so that for many pods none of it runs, and the second starts
-- from a row that exists only for many pods, so that for few none of it runs (a `NOT few`
-- beside its other terms was tested per event: every event of the reason in the history, on
-- each refresh, 0.1-0.5 s per reference on a month).
DROP VIEW IF EXISTS stale_pod_events;
CREATE VIEW stale_pod_events AS
SELECT e.*
FROM (
    SELECT v.id FROM stale_analysis_pods x CROSS JOIN events v ON v.object_uid = x.uid
    WHERE (SELECT few FROM stale_analysis_size) AND v.cluster = x.cluster AND v.object_kind = 'Pod'
    UNION
    SELECT v.id
    FROM (SELECT DISTINCT p.cluster, p.namespace, p.name
        FROM stale_analysis_pods x CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
        WHERE (SELECT few FROM stale_analysis_size)) n
    CROSS JOIN events v ON v.object_kind = 'Pod' AND v.namespace = n.namespace AND v.object_name = n.name
    WHERE (SELECT few FROM stale_analysis_size) AND v.cluster = n.cluster AND ifnull(v.object_uid, '') = '') c
CROSS JOIN pod_events e ON e.event_id = c.id
WHERE (SELECT few FROM stale_analysis_size)
    AND (EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = e.pod_uid AND x.cluster = e.cluster)
        OR EXISTS (SELECT 1 FROM refreshing_pods x WHERE x.uid = e.pod_uid AND x.cluster = e.cluster))
UNION ALL
SELECT e.*
FROM (SELECT 1 WHERE NOT (SELECT few FROM stale_analysis_size)) many
CROSS JOIN pod_events e
WHERE (EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = e.pod_uid AND x.cluster = e.cluster)
        OR EXISTS (SELECT 1 FROM refreshing_pods x WHERE x.uid = e.pod_uid AND x.cluster = e.cluster));
