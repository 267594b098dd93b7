-- Pods that never became Ready (Succeeded pods excluded), with their last warning.
--
-- A pod whose Ready condition was never seen True. observed_s is how long podtrail saw it
-- (creation to last observation); last_warning is the reason of its latest Warning event.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only pods created at or after this UTC time (unset: no lower bound)
--   :until      only pods created before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query never-ready --param namespace=shop
WITH chosen AS (
    -- With a window, the pods created in it (by creation time); without one, the namespace's
    -- (every pod's when unset). Only one branch runs: its cost follows the parameters.
    SELECT p.id FROM pods AS p
    WHERE (:since IS NOT NULL OR :until IS NOT NULL)
        AND p.created_at >= ifnull(substr(:since, 1, 19), '')
        AND p.created_at <= ifnull(substr(:until, 1, 19) || 'Z', x'')
    UNION ALL
    SELECT p.id FROM pods AS p
    WHERE :since IS NULL AND :until IS NULL AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
)
SELECT
    p.namespace,
    p.name AS pod,
    p.node,
    p.created_at,
    p.last_observed_at,
    round((julianday(p.last_observed_at) - julianday(p.created_at)) * 86400, 3) AS observed_s,
    p.final_phase,
    p.final_status,
    p.restarts,
    (SELECT e.reason FROM events AS e
        WHERE e.object_uid = p.uid AND e.cluster = p.cluster AND +e.type = 'Warning'  -- + keeps SQLite on the per-pod index
        ORDER BY julianday(e.last_seen) DESC, e.id DESC LIMIT 1) AS last_warning,
    p.uid AS pod_uid
FROM chosen AS c
CROSS JOIN pods AS p ON p.id = c.id
WHERE p.ready_at IS NULL
    AND ifnull(p.final_phase, '') <> 'Succeeded'
    AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(p.created_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(p.created_at) < julianday(:until))
ORDER BY julianday(p.created_at), p.namespace, p.name;
