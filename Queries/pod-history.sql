-- Every observed status of a pod, in time order: phase, kubectl STATUS, readiness, restarts.
--
-- Choose the pod by :uid, or by :pod (name, every uid that had it) and optionally :namespace.
-- One row per distinct pod snapshot (resourceVersion); deleted = 1 for the watch DELETED record.
--
-- Parameters:
--   :namespace  the pod's namespace (unset: any)
--   :pod        the pod's name (unset: any)
--   :uid        the pod's uid; when set, :namespace and :pod are ignored
--
-- Example:
--   podtrail query pod-history --param namespace=shop --param pod=cart-0
WITH chosen AS (
    SELECT p.cluster, p.uid, p.namespace, p.name FROM pods AS p WHERE p.uid = :uid
    UNION ALL
    SELECT p.cluster, p.uid, p.namespace, p.name FROM pods AS p
    WHERE :uid IS NULL
        AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
        AND p.name BETWEEN ifnull(:pod, '') AND ifnull(:pod, x'')
)
SELECT
    s.observed_at,
    c.namespace,
    c.name AS pod,
    s.phase,
    s.status,
    s.ready,
    s.restarts,
    s.node,
    s.reason,
    s.message,
    s.deleted,
    c.uid AS pod_uid
FROM chosen AS c
JOIN pod_snapshots AS s ON s.pod_uid = c.uid AND s.cluster = c.cluster
ORDER BY s.observed_key, c.uid, s.id;
