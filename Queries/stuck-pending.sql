-- Pods that stayed Pending longer than :minutes, and why the scheduler said no.
--
-- A pod is pending from its creation until its first regular container started; a pod that
-- never started counts until it was deleted, else until it was last observed (still_pending
-- = 1). last_scheduling_failure is the message of its latest FailedScheduling event.
--
-- Parameters:
--   :minutes    pending at least this many minutes (unset: 5)
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only pods created at or after this UTC time (unset: no lower bound)
--   :until      only pods created before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query stuck-pending --param minutes=10 --param namespace=shop
SELECT
    p.namespace,
    p.name AS pod,
    p.node,
    p.created_at,
    coalesce(p.started_at, p.deleted_at, p.last_observed_at) AS pending_until,
    round((julianday(coalesce(p.started_at, p.deleted_at, p.last_observed_at)) - julianday(p.created_at)) * 86400, 3)
        AS pending_s,
    p.started_at IS NULL AS still_pending,
    p.final_status,
    (SELECT e.message FROM events AS e
        WHERE e.object_uid = p.uid AND e.cluster = p.cluster AND +e.reason = 'FailedScheduling'  -- + keeps SQLite on the per-pod index
        ORDER BY julianday(e.last_seen) DESC, e.id DESC LIMIT 1) AS last_scheduling_failure,
    p.uid AS pod_uid
FROM pods AS p
WHERE p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND p.created_at >= ifnull(substr(:since, 1, 19), '')
    AND p.created_at <= ifnull(substr(:until, 1, 19) || 'Z', x'')
    AND (:since IS NULL OR julianday(p.created_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(p.created_at) < julianday(:until))
    AND (julianday(coalesce(p.started_at, p.deleted_at, p.last_observed_at)) - julianday(p.created_at)) * 1440
        >= ifnull(:minutes, 5)
ORDER BY pending_s DESC, p.namespace, p.name;
