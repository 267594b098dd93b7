-- crash_loops: container crash-loop episodes, one row per episode.
-- An episode of a container (pod uid + name) starts at the observed_at of the first snapshot
-- showing it waiting in CrashLoopBackOff after its previous recovery, and ends at its
-- recovery: the first run (container_runs) that lasted 600 s without terminating, the
-- episode ending at that run's startedAt + 600 s (the kubelet's back-off reset); else when
-- the pod is gone (deleted_at); else it is still open and ends at the pod's last
-- observation; ended_by says which (recovered | deleted | open). A run counts as a recovery
-- when it ends (terminates, or the pod is deleted or last seen) 600 s or more after it starts.
--   first_failure_at  the last termination at or before started_at (the crash that began it)
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
-- Windowing: an episode counts at its started_at.
DROP VIEW IF EXISTS crash_loops;
CREATE VIEW crash_loops AS
WITH recoveries AS (
    SELECT cluster, pod_uid, container, julianday(started_at) + 600.0 / 86400.0 AS jd
    FROM container_runs WHERE running_s >= 600.0
),
backoffs AS (
    SELECT cluster, pod_uid, container, julianday(observed_at) AS jd, observed_at,
        (SELECT max(r.jd) FROM recoveries r
            WHERE r.cluster = s.cluster AND r.pod_uid = s.pod_uid AND r.container = s.container
                AND r.jd < julianday(s.observed_at)) AS after_recovery
    FROM container_snapshots s
    WHERE s.state = 'waiting' AND s.reason = 'CrashLoopBackOff' AND s.observed_at IS NOT NULL
),
starts AS (
    -- SQLite takes observed_at from the row holding min(jd) (a bare column of min()).
    SELECT cluster, pod_uid, container, min(jd) AS start_jd, observed_at AS started_at
    FROM backoffs GROUP BY cluster, pod_uid, container, after_recovery
),
bounded AS (
    SELECT
        s.*,
        (SELECT min(r.jd) FROM recoveries r
            WHERE r.cluster = s.cluster AND r.pod_uid = s.pod_uid AND r.container = s.container
                AND r.jd > s.start_jd) AS recovered_jd,
        (SELECT max(julianday(t.finished_at)) FROM container_terminations t
            WHERE t.cluster = s.cluster AND t.pod_uid = s.pod_uid AND t.container = s.container
                AND julianday(t.finished_at) <= s.start_jd) AS failure_jd,
        p.namespace, p.workload, p.deleted_at, p.deletion_requested_at, p.last_observed_at
    FROM starts s
    LEFT JOIN pods p ON p.cluster = s.cluster AND p.uid = s.pod_uid
),
episodes AS (
    SELECT
        b.*,
        CASE
            WHEN b.recovered_jd IS NOT NULL AND (b.deleted_at IS NULL OR b.recovered_jd <= julianday(b.deleted_at))
                THEN b.recovered_jd
            WHEN b.deleted_at IS NOT NULL THEN julianday(b.deleted_at)
            ELSE max(b.start_jd, julianday(b.last_observed_at))
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
terminations AS (
    SELECT e.cluster, e.pod_uid, e.container, e.start_jd, t.finished_at, t.exit_code, t.reason,
        row_number() OVER (PARTITION BY e.cluster, e.pod_uid, e.container, e.start_jd
            ORDER BY julianday(t.finished_at) DESC, t.id DESC) AS from_last
    FROM episodes e
    JOIN container_terminations t
        ON t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
        AND julianday(t.finished_at) >= e.from_jd AND julianday(t.finished_at) <= e.end_jd
        AND (e.deletion_requested_at IS NULL OR julianday(t.finished_at) < julianday(e.deletion_requested_at))
),
restart_backoffs AS (
    SELECT
        b.cluster, b.pod_uid, b.count,
        coalesce(b.container, CASE WHEN instr(b.message, 'Back-off restarting failed container ') = 1
            AND instr(b.message, ' in pod ') > 0 THEN
            substr(b.message, 38, instr(b.message, ' in pod ') - 38) END) AS container,
        julianday(b.first_seen) AS first_jd,
        julianday(b.last_seen) AS last_jd
    FROM pod_events b
    WHERE b.reason = 'BackOff' AND b.message LIKE 'Back-off restarting failed container%'
),
attributed AS (
    SELECT
        (SELECT e.start_jd FROM episodes e
            WHERE e.cluster = b.cluster AND e.pod_uid = b.pod_uid AND e.container = b.container
                AND e.from_jd <= b.last_jd AND e.end_jd >= b.first_jd
            ORDER BY e.start_jd DESC LIMIT 1) AS start_jd,
        b.*
    FROM restart_backoffs b
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
        WHEN e.ended_by = 'open' AND julianday(e.last_observed_at) >= e.start_jd THEN e.last_observed_at
        ELSE replace(strftime('%Y-%m-%dT%H:%M:%fZ', e.end_jd), '.000Z', 'Z')
    END AS ended_at,
    round((e.end_jd - e.start_jd) * 86400.0, 3) AS duration_s,
    (SELECT count(*) FROM terminations t
        WHERE t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
            AND t.start_jd = e.start_jd) AS restarts,
    (SELECT ifnull(sum(a.count), 0) FROM attributed a
        WHERE a.cluster = e.cluster AND a.pod_uid = e.pod_uid AND a.container = e.container
            AND a.start_jd = e.start_jd) AS backoff_events,
    (SELECT t.exit_code FROM terminations t
        WHERE t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
            AND t.start_jd = e.start_jd AND t.from_last = 1) AS last_exit_code,
    (SELECT t.reason FROM terminations t
        WHERE t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
            AND t.start_jd = e.start_jd AND t.from_last = 1) AS last_reason,
    (SELECT t.finished_at FROM container_terminations t
        WHERE t.cluster = e.cluster AND t.pod_uid = e.pod_uid AND t.container = e.container
            AND julianday(t.finished_at) = e.failure_jd LIMIT 1) AS first_failure_at,
    e.ended_by
FROM episodes e;
