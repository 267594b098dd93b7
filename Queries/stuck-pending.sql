-- Pods that stayed Pending longer than :minutes, and why the scheduler said no.
--
-- A pod is pending from its creation until its first regular container started. A pod that
-- never started counts until it was deleted, else until the later of its last observation and
-- its last FailedScheduling event (an unschedulable pod is pending while the scheduler keeps
-- failing, even when no later snapshot was archived); still_pending = 1 when its last snapshot
-- was still Pending and it was not seen deleted. A pod seen running after restarts that hide
-- its first start (pods.first_start_unknown) is left out: how long it was pending is unknown.
-- A pod known only from events (no snapshot) counts from its first to its last
-- FailedScheduling event (created_at NULL, still_pending NULL: the events cannot say).
-- last_scheduling_failure is the scheduler's latest word: the message of the latest
-- FailedScheduling event (but "skip schedule deleting pod", which says nothing of why), or of
-- the pod's PodScheduled=False condition when that is later or no event was kept.
--
-- Parameters:
--   :minutes    pending at least this many minutes (unset: 5)
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only pods created at or after this UTC time (unset: no lower bound)
--   :until      only pods created before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query stuck-pending --param minutes=10 --param namespace=shop
WITH found AS (
    -- With a window, the pods created in it (by creation time) and the pods known only from
    -- events that have a FailedScheduling event after its start (by reason and time); without
    -- one, the namespace's pods (every pod's when unset). Only one branch runs.
    SELECT p.id FROM pods AS p
    WHERE (:since IS NOT NULL OR :until IS NOT NULL)
        AND p.created_at >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
        AND p.created_at <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    UNION
    SELECT p.id
    FROM (SELECT DISTINCT e.cluster, e.object_uid FROM events AS e
        WHERE (:since IS NOT NULL OR :until IS NOT NULL) AND e.reason = 'FailedScheduling'
            AND e.last_seen >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')) AS f
    CROSS JOIN pods AS p ON p.uid = f.object_uid AND p.cluster = f.cluster
    WHERE p.snapshots = 0
    UNION ALL
    SELECT p.id FROM pods AS p
    WHERE :since IS NULL AND :until IS NULL AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
),
chosen AS (
    SELECT p.*
    FROM found AS x
    CROSS JOIN pods AS p ON p.id = x.id
    WHERE p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
        AND (p.snapshots = 0 OR (
            (:since IS NULL OR julianday(p.created_at) >= julianday(:since))
            AND (:until IS NULL OR julianday(p.created_at) < julianday(:until))
            AND NOT (p.started_at IS NULL AND p.first_start_unknown = 1)))
),
candidates AS (
    SELECT
        c.*,
        CASE WHEN c.snapshots > 0 THEN c.created_at ELSE (SELECT e.first_seen FROM events AS e
            WHERE e.object_uid = c.uid AND e.cluster = c.cluster AND +e.reason = 'FailedScheduling'
            ORDER BY julianday(e.first_seen), e.id LIMIT 1) END AS pending_from,
        (SELECT e.last_seen FROM events AS e
            WHERE e.object_uid = c.uid AND e.cluster = c.cluster AND +e.reason = 'FailedScheduling'  -- + keeps SQLite on the per-pod index
            ORDER BY julianday(e.last_seen) DESC, e.id DESC LIMIT 1) AS failed_until,
        (SELECT e.message FROM events AS e
            WHERE e.object_uid = c.uid AND e.cluster = c.cluster AND +e.reason = 'FailedScheduling'
                AND e.message NOT LIKE 'skip schedule deleting pod%'
            ORDER BY julianday(e.last_seen) DESC, e.id DESC LIMIT 1) AS failure_message
    FROM chosen AS c
),
measured AS (
    SELECT
        c.*,
        coalesce(c.started_at, c.deleted_at,
            CASE WHEN c.last_observed_at IS NULL OR julianday(c.failed_until) > julianday(c.last_observed_at)
                THEN c.failed_until ELSE c.last_observed_at END) AS pending_until
    FROM candidates AS c
    WHERE c.pending_from IS NOT NULL
        AND (c.snapshots > 0 OR ((:since IS NULL OR julianday(c.pending_from) >= julianday(:since))
            AND (:until IS NULL OR julianday(c.pending_from) < julianday(:until))))
)
SELECT
    m.namespace,
    m.name AS pod,
    m.node,
    m.created_at,
    m.pending_until,
    round((julianday(m.pending_until) - julianday(m.pending_from)) * 86400, 3) AS pending_s,
    CASE WHEN m.snapshots = 0 THEN NULL
        ELSE m.started_at IS NULL AND m.deleted_at IS NULL AND m.final_phase = 'Pending' END AS still_pending,
    m.final_status,
    CASE
        WHEN m.failure_message IS NOT NULL AND (m.scheduling_failure_at IS NULL
            OR julianday(m.failed_until) >= julianday(m.scheduling_failure_at)) THEN m.failure_message
        ELSE m.scheduling_failure_message
    END AS last_scheduling_failure,
    m.uid AS pod_uid
FROM measured AS m
WHERE (julianday(m.pending_until) - julianday(m.pending_from)) * 1440 >= ifnull(:minutes, 5)
ORDER BY pending_s DESC, m.namespace, m.name;
