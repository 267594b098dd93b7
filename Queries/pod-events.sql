-- Every event about a pod, in time order.
--
-- Choose the pod by :uid, or by :pod (name, every uid that had it) and optionally :namespace.
-- Events are matched by the involved object's uid; count is how often the Event repeated.
--
-- Parameters:
--   :namespace  the pod's namespace (unset: any)
--   :pod        the pod's name (unset: any)
--   :uid        the pod's uid; when set, :namespace and :pod are ignored
--
-- Example:
--   podtrail query pod-events --param namespace=shop --param pod=cart-0
WITH chosen AS (
    SELECT p.cluster, p.uid, p.namespace, p.name FROM pods AS p WHERE p.uid = :uid
    UNION ALL
    SELECT p.cluster, p.uid, p.namespace, p.name FROM pods AS p
    WHERE :uid IS NULL
        AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
        AND p.name BETWEEN ifnull(:pod, '') AND ifnull(:pod, x'')
)
SELECT
    e.first_seen,
    e.last_seen,
    c.namespace,
    c.name AS pod,
    e.type,
    e.reason,
    e.count,
    e.container,
    e.source_component,
    e.message,
    c.uid AS pod_uid
FROM chosen AS c
JOIN events AS e ON e.object_uid = c.uid AND e.cluster = c.cluster
ORDER BY julianday(e.first_seen), julianday(e.last_seen), e.id;
