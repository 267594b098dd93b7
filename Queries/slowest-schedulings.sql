-- The slowest schedulings: pods by time from creation to PodScheduled.
--
-- schedule_s is scheduled_at - created_at in seconds (object timestamps have 1 s resolution);
-- failed_scheduling counts FailedScheduling occurrences on the pod.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only pods created at or after this UTC time (unset: no lower bound)
--   :until      only pods created before this UTC time (unset: no upper bound)
--   :limit      at most this many rows (unset: 20)
--
-- Example:
--   podtrail query slowest-schedulings --param limit=10
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
    p.namespace,
    p.name AS pod,
    p.node,
    p.created_at,
    p.scheduled_at,
    round((julianday(p.scheduled_at) - julianday(p.created_at)) * 86400, 3) AS schedule_s,
    (SELECT ifnull(sum(e.count), 0) FROM events AS e
        WHERE e.object_uid = p.uid AND e.cluster = p.cluster
            AND +e.reason = 'FailedScheduling'  -- + keeps SQLite on the per-pod index
    ) AS failed_scheduling,
    p.uid AS pod_uid
FROM chosen AS c
CROSS JOIN pods AS p ON p.id = c.id
WHERE p.scheduled_at IS NOT NULL
    AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(p.created_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(p.created_at) < julianday(:until))
ORDER BY schedule_s DESC, p.namespace, p.name
LIMIT ifnull(:limit, 20);
