-- phase_durations: how long each pod took to get through each stage of its life, one row per pod.
-- Durations are seconds (REAL, to the microsecond; pending_s/running_s to the millisecond), NULL when the pod never reached (or was never seen reaching)
-- the points they span. Windowing: a pod's durations count at its created_at.
--   scheduled_at      PodScheduled=True (pods.scheduled_at); the pod's Scheduled event time
--                     replaces it when that event lies in the same second or the condition is
--                     missing (the event has microseconds, the condition whole seconds).
--   schedule_s        created_at -> scheduled_at
--   image_pull_s      sum of pull_s * count over the pod's Pulled events (image_pulls) up to
--                     its first Ready (all of them when never Ready); 0 when every image was
--                     already present; NULL when no Pulled event was seen or one has no figure.
--   start_s           scheduled_at -> first regular container running (pods.started_at); 0
--                     when the start's whole second (startedAt is truncated) holds a
--                     microsecond scheduled_at after it
--   startup_s         created_at -> first Ready=True (pods.ready_at)
--   startup_no_pull_s startup_s - image_pull_s, floored at 0
--   pending_s         total time in phase Pending, running_s in phase Running
--                     (pod_status_segments); NULL when never seen in that phase. A pod never
--                     scheduled is pending at least until its last FailedScheduling event.
--   terminating_s     deletion requested (deletionTimestamp - grace) -> deleted_at
--   lifetime_s        created_at -> deleted_at, else -> last observation
--                     A static pod's figures from created_at are NULL: its creationTimestamp is
--                     its mirror object's, made after the kubelet started it (real mirror pods
--                     show containers started seconds before "creation").
--   notes             why figures are NULL or bounded, in words: "known from events only",
--                     "first Ready unknown" / "first start unknown" (first observed after a
--                     container restart: the transition shown may not be the first),
--                     "unschedulable until T" (never scheduled; T = last FailedScheduling),
--                     and for times out of order (clock skew between apiserver, kubelet and
--                     exporter, or bad input) "scheduled before creation", "started before
--                     scheduling", "Ready before creation", "deleted before its deletion was
--                     requested", "deleted or last seen before creation", each with
--                     "(clock skew?)": that duration is NULL, never negative, so percentiles
--                     never see a negative figure.
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS phase_durations_stale;
CREATE VIEW phase_durations_stale AS
WITH stale AS MATERIALIZED (
    SELECT cluster, uid FROM stale_analysis_pods
),
scheduled_events AS (
    -- SQLite takes first_seen from the row holding min(jd) (a bare column of min()).
    SELECT cluster, pod_uid, min(julianday(first_seen)) AS jd, first_seen AS at
    FROM stale_pod_events WHERE reason = 'Scheduled' AND pod_uid IS NOT NULL
    GROUP BY cluster, pod_uid
),
scheduling_failures AS (
    SELECT cluster, pod_uid, max(julianday(last_seen)) AS jd, last_seen AS at
    FROM stale_pod_events WHERE reason = 'FailedScheduling' AND pod_uid IS NOT NULL
    GROUP BY cluster, pod_uid
),
pulls AS (
    SELECT i.cluster, i.pod_uid,
        CASE WHEN count(*) > count(i.pull_s) THEN NULL ELSE sum(i.pull_s * i.count) END AS pull_s
    FROM (SELECT event_id FROM stale_pod_events WHERE reason = 'Pulled') s
    CROSS JOIN image_pulls i ON i.event_id = s.event_id
    JOIN pods p ON p.cluster = i.cluster AND p.uid = i.pod_uid
    WHERE p.ready_at IS NULL OR julianday(i.first_seen) <= julianday(p.ready_at)
    GROUP BY i.cluster, i.pod_uid
),
-- pod_status_segments summed per pod: from its cache for the pods whose segments are current,
-- and on the spot for those in stale_pods (the two parts of the view, summed apart).
phases AS (
    SELECT c.cluster, c.pod_uid,
        sum(CASE WHEN c.phase = 'Pending' THEN c.seconds END) AS pending,
        sum(CASE WHEN c.phase = 'Running' THEN c.seconds END) AS running
    FROM stale x
    CROSS JOIN pod_status_segments_cache c ON c.pod_uid = x.uid AND c.cluster = x.cluster
    WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = c.pod_uid AND s.cluster = c.cluster)
    GROUP BY c.pod_uid, c.cluster
    UNION ALL
    SELECT cluster, pod_uid,
        sum(CASE WHEN phase = 'Pending' THEN seconds END) AS pending,
        sum(CASE WHEN phase = 'Running' THEN seconds END) AS running
    FROM pod_status_segments_stale
    GROUP BY cluster, pod_uid
),
chosen AS (
    SELECT
        p.*,
        CASE
            WHEN e.at IS NOT NULL AND (p.scheduled_at IS NULL OR (
                (unixepoch(substr(e.at, 1, 19)) + CASE WHEN substr(e.at, 20, 1) = '.' THEN CAST('0' || substr(e.at, 20, length(e.at) - 20) AS REAL) ELSE 0.0 END) >= unixepoch(p.scheduled_at)
                AND (unixepoch(substr(e.at, 1, 19)) + CASE WHEN substr(e.at, 20, 1) = '.' THEN CAST('0' || substr(e.at, 20, length(e.at) - 20) AS REAL) ELSE 0.0 END) < unixepoch(p.scheduled_at) + 1))
                THEN e.at
            ELSE p.scheduled_at
        END AS scheduled_time,
        u.pull_s,
        g.pending,
        g.running,
        f.at AS unschedulable_until
    FROM stale x
    CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    LEFT JOIN scheduled_events e ON e.cluster = p.cluster AND e.pod_uid = p.uid
    LEFT JOIN pulls u ON u.cluster = p.cluster AND u.pod_uid = p.uid
    LEFT JOIN phases g ON g.cluster = p.cluster AND g.pod_uid = p.uid
    LEFT JOIN scheduling_failures f ON f.cluster = p.cluster AND f.pod_uid = p.uid
),
-- Epoch seconds with every fraction digit: julianday() keeps only milliseconds, so whole
-- seconds come from unixepoch() and the fraction from the text (timestamps are UTC 'Z' text).
exact AS (
    SELECT
        c.*,
        c.workload_kind IS 'StaticPod' AS static,
        (unixepoch(substr(c.created_at, 1, 19)) + CASE WHEN substr(c.created_at, 20, 1) = '.' THEN CAST('0' || substr(c.created_at, 20, length(c.created_at) - 20) AS REAL) ELSE 0.0 END) AS created_s,
        (unixepoch(substr(c.scheduled_time, 1, 19)) + CASE WHEN substr(c.scheduled_time, 20, 1) = '.' THEN CAST('0' || substr(c.scheduled_time, 20, length(c.scheduled_time) - 20) AS REAL) ELSE 0.0 END) AS scheduled_s,
        (unixepoch(substr(c.started_at, 1, 19)) + CASE WHEN substr(c.started_at, 20, 1) = '.' THEN CAST('0' || substr(c.started_at, 20, length(c.started_at) - 20) AS REAL) ELSE 0.0 END) AS started_s,
        (unixepoch(substr(c.ready_at, 1, 19)) + CASE WHEN substr(c.ready_at, 20, 1) = '.' THEN CAST('0' || substr(c.ready_at, 20, length(c.ready_at) - 20) AS REAL) ELSE 0.0 END) AS ready_s,
        (unixepoch(substr(c.deletion_requested_at, 1, 19)) + CASE WHEN substr(c.deletion_requested_at, 20, 1) = '.' THEN CAST('0' || substr(c.deletion_requested_at, 20, length(c.deletion_requested_at) - 20) AS REAL) ELSE 0.0 END) AS deletion_s,
        (unixepoch(substr(coalesce(c.deleted_at, c.last_observed_at), 1, 19)) + CASE WHEN substr(coalesce(c.deleted_at, c.last_observed_at), 20, 1) = '.' THEN CAST('0' || substr(coalesce(c.deleted_at, c.last_observed_at), 20, length(coalesce(c.deleted_at, c.last_observed_at)) - 20) AS REAL) ELSE 0.0 END) AS gone_s,
        (unixepoch(substr(c.deleted_at, 1, 19)) + CASE WHEN substr(c.deleted_at, 20, 1) = '.' THEN CAST('0' || substr(c.deleted_at, 20, length(c.deleted_at) - 20) AS REAL) ELSE 0.0 END) AS deleted_s,
        (unixepoch(substr(c.unschedulable_until, 1, 19)) + CASE WHEN substr(c.unschedulable_until, 20, 1) = '.' THEN CAST('0' || substr(c.unschedulable_until, 20, length(c.unschedulable_until) - 20) AS REAL) ELSE 0.0 END) AS unschedulable_s
    FROM chosen c
)
SELECT
    c.cluster,
    c.uid AS pod_uid,
    c.namespace,
    c.name AS pod,
    c.workload_kind,
    c.workload,
    c.node,
    c.created_at,
    c.scheduled_time AS scheduled_at,
    c.started_at,
    c.ready_at,
    c.deletion_requested_at,
    c.deleted_at,
    CASE WHEN NOT c.static AND c.scheduled_s >= c.created_s THEN round(c.scheduled_s - c.created_s, 6) END AS schedule_s,
    round(c.pull_s, 6) AS image_pull_s,
    CASE
        WHEN c.static THEN NULL
        WHEN c.started_s >= c.scheduled_s THEN round(c.started_s - c.scheduled_s, 6)
        -- startedAt has whole seconds (truncated), the Scheduled event microseconds: a start in
        -- the second before that is the truncation, not skew; the true figure is at least 0.
        WHEN c.started_s > c.scheduled_s - 1 AND substr(c.started_at, 20, 1) <> '.' THEN 0.0
    END AS start_s,
    CASE WHEN NOT c.static AND c.ready_s >= c.created_s THEN round(c.ready_s - c.created_s, 6) END AS startup_s,
    CASE WHEN NOT c.static AND c.ready_s >= c.created_s THEN round(max(0.0, c.ready_s - c.created_s - c.pull_s), 6) END
        AS startup_no_pull_s,
    round(CASE
        WHEN c.scheduled_time IS NULL AND c.unschedulable_s - c.created_s > ifnull(c.pending, 0.0)
            THEN c.unschedulable_s - c.created_s
        ELSE c.pending
    END, 3) AS pending_s,
    round(c.running, 3) AS running_s,
    CASE WHEN c.deleted_s >= c.deletion_s THEN round(c.deleted_s - c.deletion_s, 6) END AS terminating_s,
    CASE WHEN NOT c.static AND c.gone_s >= c.created_s THEN round(c.gone_s - c.created_s, 6) END AS lifetime_s,
    nullif(rtrim(
        CASE WHEN c.snapshots = 0 THEN 'known from events only; ' ELSE '' END
        || CASE WHEN c.static THEN 'static pod: created_at is its mirror object''s, made after the kubelet started it; ' ELSE '' END
        || CASE WHEN c.ready_at IS NULL AND c.ready_transition_at IS NOT NULL
            THEN 'first Ready unknown (first seen Ready after restarts); ' ELSE '' END
        || CASE WHEN c.started_at IS NULL AND c.first_start_unknown = 1
            THEN 'first start unknown (first seen after a container restart); ' ELSE '' END
        || CASE WHEN c.scheduled_time IS NULL AND c.unschedulable_until IS NOT NULL
            THEN 'unschedulable until ' || c.unschedulable_until || '; ' ELSE '' END
        || CASE WHEN NOT c.static AND c.scheduled_s < c.created_s THEN 'scheduled before creation (clock skew?); ' ELSE '' END
        || CASE WHEN NOT c.static AND c.started_s < c.scheduled_s
            AND NOT (c.started_s > c.scheduled_s - 1 AND substr(c.started_at, 20, 1) <> '.')
            THEN 'started before scheduling (clock skew?); ' ELSE '' END
        || CASE WHEN NOT c.static AND c.ready_s < c.created_s THEN 'Ready before creation (clock skew?); ' ELSE '' END
        || CASE WHEN c.deleted_s < c.deletion_s THEN 'deleted before its deletion was requested (clock skew?); ' ELSE '' END
        || CASE WHEN NOT c.static AND c.gone_s < c.created_s THEN 'deleted or last seen before creation (clock skew?); ' ELSE '' END,
        '; '), '') AS notes
FROM exact c;
