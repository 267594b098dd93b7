-- Pods that never became Ready (Succeeded pods excluded), with their last warning.
--
-- The rows of the never_ready view (its rule: no observation showed Ready=True; pods known from
-- events only, whose readiness is unknown, are left out). observed_s is how long podtrail saw it
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
        AND p.created_at >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
        AND p.created_at <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    UNION ALL
    SELECT p.id FROM pods AS p
    WHERE :since IS NULL AND :until IS NULL AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
)
SELECT
    n.namespace,
    n.pod,
    n.node,
    n.created_at,
    n.last_observed_at,
    n.observed_s,
    n.final_phase,
    n.final_status,
    n.restarts,
    n.last_warning,
    n.pod_uid
FROM chosen AS c
CROSS JOIN pods AS p ON p.id = c.id
CROSS JOIN never_ready AS n ON n.pod_uid = p.uid AND n.cluster = p.cluster
WHERE n.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(n.created_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(n.created_at) < julianday(:until))
ORDER BY julianday(n.created_at), n.namespace, n.pod;
