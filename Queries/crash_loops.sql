-- crash_loops: container crash-loop episodes, one row per episode.
-- An episode of a container (pod uid + name) starts at the observed_at of the first snapshot
-- showing it waiting in CrashLoopBackOff after its previous recovery, and ends at its
-- recovery: the first run (container_runs) that lasted 600 s without terminating, the
-- episode ending at that run's startedAt + 600 s (the kubelet's back-off reset); else when
-- the pod is gone (deleted_at); else it is still open and ends at the pod's last
-- observation; ended_by says which (recovered | deleted | open). A run counts as a recovery
-- when it ends (terminates, or the pod is deleted or last seen) 600 s or more after it starts.
--   first_failure_at  the last termination at or before started_at and after the previous
--                     recovery (the crash that began it)
--   restarts          terminations with finishedAt in [first_failure_at, ended_at] (from
--                     started_at when none precedes it), except those at or after the pod's
--                     deletion request (those are the deletion's kills, not restarts)
--   backoff_events    sum(count) of the kubelet's restart back-off events ("Back-off
--                     restarting failed container", reason BackOff; never the image-pull
--                     "Back-off pulling image" events of the same reason) for this
--                     container. One Event object (one uid, one count) goes wholly to one
--                     episode: the latest episode of its container whose window
--                     [first_failure_at or started_at, ended_at] starts at or before the
--                     event's last_seen and ends at or after its first_seen. Events matching
--                     no episode are not counted.
--   last_exit_code, last_reason  of the last counted termination
--   duration_s        started_at -> ended_at; NULL when the end lies before the start (a
--                     deletion dated before the back-off: clock skew or bad input)
-- Windowing: an episode counts at its started_at.
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS crash_loops_stale;
CREATE VIEW crash_loops_stale AS
WITH restart_backoffs AS MATERIALIZED (
    SELECT
        b.cluster, b.pod_uid, b.event_id, b.count,
        coalesce(b.container, CASE WHEN instr(b.message, 'Back-off restarting failed container ') = 1
            AND instr(b.message, ' in pod ') > 0 THEN
            substr(b.message, 38, instr(b.message, ' in pod ') - 38) END) AS container,
        julianday(b.first_seen) AS first_jd,
        julianday(b.last_seen) AS last_jd,
        b.first_seen, b.last_seen
    FROM stale_pod_events b
    WHERE b.reason = 'BackOff' AND b.message LIKE 'Back-off restarting failed container%'
),
backoffs AS MATERIALIZED (
    -- Few stale pods: from each to its snapshots; many: every CrashLoopBackOff snapshot.
    SELECT s.cluster, s.pod_uid, s.container, julianday(s.observed_at) AS jd, s.observed_at
    FROM (SELECT cluster, uid FROM stale_analysis_pods) x
    CROSS JOIN container_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    WHERE (SELECT few FROM stale_analysis_size)
        AND s.state = 'waiting' AND +s.reason = 'CrashLoopBackOff' AND s.observed_at IS NOT NULL
    UNION ALL
    SELECT s.cluster, s.pod_uid, s.container, julianday(s.observed_at) AS jd, s.observed_at
    FROM container_snapshots s
    WHERE NOT (SELECT few FROM stale_analysis_size)
        AND s.state = 'waiting' AND s.reason = 'CrashLoopBackOff' AND s.observed_at IS NOT NULL
        AND (EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = s.pod_uid AND x.cluster = s.cluster)
            OR EXISTS (SELECT 1 FROM refreshing_pods x WHERE x.uid = s.pod_uid AND x.cluster = s.cluster))
    UNION ALL
    -- The kubelet's restart back-off Event proves the loop from its first to its last occurrence,
    -- whether or not a snapshot showed it: both times are marks.
    SELECT cluster, pod_uid, container, first_jd, first_seen FROM restart_backoffs
    WHERE container IS NOT NULL AND first_jd IS NOT NULL
    UNION ALL
    SELECT cluster, pod_uid, container, last_jd, last_seen FROM restart_backoffs
    WHERE container IS NOT NULL AND last_jd > first_jd
),
looping AS MATERIALIZED (
    SELECT DISTINCT cluster, pod_uid, container FROM backoffs
),
-- Recoveries: the runs (container_runs) of the containers that crash-looped that lasted 600 s.
recoveries AS MATERIALIZED (
    SELECT r.cluster, r.pod_uid, r.container, julianday(r.started_at) + 600.0 / 86400.0 AS jd
    FROM container_runs r
    WHERE r.running_s >= 600.0
        AND (r.pod_uid, r.container, r.cluster) IN (SELECT pod_uid, container, cluster FROM looping)
),
-- Backoffs and recoveries of a container on one time line: a backoff's after_recovery is the
-- latest recovery strictly before it (ties sort the backoff first), its next_recovery the
-- earliest strictly after it (ties sort the recovery first).
marks AS (
    SELECT cluster, pod_uid, container, jd, observed_at, NULL AS recovery FROM backoffs
    UNION ALL
    SELECT cluster, pod_uid, container, jd, NULL, jd FROM recoveries
),
stitched AS (
    SELECT m.*,
        max(m.recovery) OVER (PARTITION BY m.cluster, m.pod_uid, m.container
            ORDER BY m.jd, m.recovery IS NOT NULL ROWS UNBOUNDED PRECEDING) AS after_recovery,
        min(m.recovery) OVER (PARTITION BY m.cluster, m.pod_uid, m.container
            ORDER BY m.jd, m.recovery IS NULL ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_recovery
    FROM marks m
),
starts AS (
    -- The first backoff after each recovery (ties: any of them, all carry the same times), with
    -- the last one before the next recovery (an open episode lasts at least until then).
    SELECT cluster, pod_uid, container, jd AS start_jd, observed_at AS started_at, next_recovery AS recovered_jd,
        last_mark_jd, after_recovery
    FROM (
        SELECT s.*, row_number() OVER (PARTITION BY s.cluster, s.pod_uid, s.container, s.after_recovery
            ORDER BY s.jd) AS k,
            max(s.jd) OVER (PARTITION BY s.cluster, s.pod_uid, s.container, s.after_recovery) AS last_mark_jd
        FROM stitched s WHERE s.recovery IS NULL)
    WHERE k = 1
),
bounded AS MATERIALIZED (
    SELECT
        s.*,
        (SELECT max(julianday(t.finished_at)) FROM container_terminations t
            WHERE t.cluster = s.cluster AND t.pod_uid = s.pod_uid AND t.container = s.container
                AND julianday(t.finished_at) <= s.start_jd
                -- Not before the previous recovery: earlier crashes are the previous episode's.
                AND julianday(t.finished_at) > ifnull(s.after_recovery, 0)) AS failure_jd,
        p.namespace, p.workload, p.deleted_at, p.deletion_requested_at, p.last_observed_at, p.snapshots
    FROM starts s
    LEFT JOIN pods p ON p.cluster = s.cluster AND p.uid = s.pod_uid
),
episodes AS MATERIALIZED (
    SELECT
        b.*,
        CASE
            WHEN b.recovered_jd IS NOT NULL AND (b.deleted_at IS NULL OR b.recovered_jd <= julianday(b.deleted_at))
                THEN b.recovered_jd
            WHEN b.deleted_at IS NOT NULL THEN julianday(b.deleted_at)
            ELSE max(b.start_jd, b.last_mark_jd, ifnull(julianday(b.last_observed_at), b.start_jd))
        END AS end_jd,
        CASE
            WHEN b.recovered_jd IS NOT NULL AND (b.deleted_at IS NULL OR b.recovered_jd <= julianday(b.deleted_at))
                THEN 'recovered'
            WHEN b.deleted_at IS NOT NULL THEN 'deleted'
            ELSE 'open'
        END AS ended_by,
        coalesce(b.failure_jd, b.start_jd) AS from_jd
    FROM bounded b
),
-- Each episode with its counted terminations (one row with NULLs when it has none), the
-- latest first.
terminations AS (
    SELECT e.*, t.exit_code, t.reason,
        count(t.id) OVER (PARTITION BY e.cluster, e.pod_uid, e.container, e.start_jd) AS restarts,
        row_number() OVER (PARTITION BY e.cluster, e.pod_uid, e.container, e.start_jd
            ORDER BY julianday(t.finished_at) DESC, t.id DESC) AS from_last
    FROM episodes e
    LEFT JOIN container_terminations t
        ON t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
        AND julianday(t.finished_at) >= e.from_jd AND julianday(t.finished_at) <= e.end_jd
        AND (e.deletion_requested_at IS NULL OR julianday(t.finished_at) < julianday(e.deletion_requested_at))
),
-- One Event object goes wholly to the latest episode of its container that it overlaps.
attributed AS MATERIALIZED (
    SELECT
        (SELECT e.start_jd FROM episodes e
            WHERE e.cluster = b.cluster AND e.pod_uid = b.pod_uid AND e.container = b.container
                AND e.from_jd <= b.last_jd AND e.end_jd >= b.first_jd
            ORDER BY e.start_jd DESC LIMIT 1) AS start_jd,
        b.*
    FROM restart_backoffs b
),
backoff_counts AS MATERIALIZED (
    SELECT cluster, pod_uid, container, start_jd, sum(count) AS events
    FROM attributed WHERE start_jd IS NOT NULL
    GROUP BY cluster, pod_uid, container, start_jd
)
SELECT
    e.cluster,
    e.pod_uid,
    e.namespace,
    e.workload,
    e.container,
    e.started_at,
    CASE
        WHEN e.ended_by = 'deleted' THEN e.deleted_at
        WHEN e.ended_by = 'open' AND julianday(e.last_observed_at) = e.end_jd THEN e.last_observed_at
        ELSE replace(strftime('%Y-%m-%dT%H:%M:%fZ', e.end_jd), '.000Z', 'Z')
    END AS ended_at,
    CASE WHEN e.end_jd >= e.start_jd THEN round((e.end_jd - e.start_jd) * 86400.0, 3) END AS duration_s,
    -- Unknown (NULL), not 0, for a pod known only from events: no status, no terminations.
    CASE WHEN ifnull(e.snapshots, 0) = 0 THEN NULL ELSE e.restarts END AS restarts,
    ifnull((SELECT c.events FROM backoff_counts c
        WHERE c.cluster = e.cluster AND c.pod_uid = e.pod_uid AND c.container = e.container
            AND c.start_jd = e.start_jd), 0) AS backoff_events,
    e.exit_code AS last_exit_code,
    e.reason AS last_reason,
    (SELECT t.finished_at FROM container_terminations t
        WHERE t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
            AND julianday(t.finished_at) = e.failure_jd LIMIT 1) AS first_failure_at,
    e.ended_by
FROM terminations e
WHERE e.from_last = 1;
