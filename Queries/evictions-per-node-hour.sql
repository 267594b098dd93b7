-- Evictions per node per hour.
--
-- Built on the evictions view: a pod counts once, at its earliest evidence (evicted_at), on its
-- node (the Evicted event's kubelet for a pod known only from events). hour is the UTC hour of
-- evicted_at; causes lists the distinct causes (memory-pressure, preemption, ...) alphabetically.
--
-- Parameters:
--   :node       only this node (unset: every node)
--   :cause      only this cause, e.g. memory-pressure (unset: every cause)
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only evictions at or after this UTC time (unset: no lower bound)
--   :until      only evictions before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query evictions-per-node-hour --param since=2026-11-27 --param until=2026-11-28
WITH evicted AS (
    -- With a window, the evictions in it (by the cache's evicted_at index: the range term is
    -- what SQLite pushes into the view); without one, every eviction. Only one branch runs.
    SELECT v.* FROM evictions AS v
    WHERE (:since IS NOT NULL OR :until IS NOT NULL)
        AND julianday(v.evicted_at) >= coalesce(julianday(:since), 0)
        AND julianday(v.evicted_at) < coalesce(julianday(:until), 1e9)
    UNION ALL
    SELECT v.* FROM evictions AS v
    WHERE :since IS NULL AND :until IS NULL
),
chosen AS (
    SELECT v.node, strftime('%Y-%m-%dT%H:00:00Z', v.evicted_at) AS hour, v.namespace, v.cause
    FROM evicted AS v
    WHERE (:node IS NULL OR v.node = :node)
        AND (:cause IS NULL OR v.cause = :cause)
        AND (:namespace IS NULL OR v.namespace = :namespace)
        AND (:since IS NULL OR julianday(v.evicted_at) >= julianday(:since))
        AND (:until IS NULL OR julianday(v.evicted_at) < julianday(:until))
),
causes AS (
    SELECT node, hour, group_concat(cause, ',') AS causes
    FROM (SELECT DISTINCT node, hour, cause FROM chosen ORDER BY node, hour, cause)
    GROUP BY node, hour
)
SELECT
    c.node,
    c.hour,
    count(*) AS evictions,
    count(DISTINCT c.namespace) AS namespaces,
    k.causes
FROM chosen AS c
JOIN causes AS k ON k.node IS c.node AND k.hour = c.hour
GROUP BY c.node, c.hour
ORDER BY c.node, c.hour;
