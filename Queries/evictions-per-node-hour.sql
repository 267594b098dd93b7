-- Evictions per node per hour.
--
-- A pod counts once, at its earliest eviction evidence: an Evicted event on the pod (its
-- first_seen) or a pod status with reason Evicted (the snapshot's observed_at). node is the
-- pod's node, else the reporting kubelet's. hour is the UTC hour the eviction started in.
--
-- Parameters:
--   :node       only this node (unset: every node)
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only evictions at or after this UTC time (unset: no lower bound)
--   :until      only evictions before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query evictions-per-node-hour --param since=2026-11-27 --param until=2026-11-28
WITH evidence AS (
    SELECT e.cluster, e.object_uid AS pod_uid, e.namespace, julianday(e.first_seen) AS at, e.source_host AS node
    FROM events AS e
    WHERE e.reason = 'Evicted' AND e.object_kind = 'Pod' AND e.object_uid IS NOT NULL
    UNION ALL
    SELECT s.cluster, s.pod_uid, NULL, julianday(s.observed_at), s.node
    FROM pod_snapshots AS s
    WHERE s.reason = 'Evicted'
),
evicted AS (
    SELECT v.cluster, v.pod_uid, min(v.at) AS at,
        coalesce(p.node, max(v.node)) AS node,
        coalesce(p.namespace, max(v.namespace)) AS namespace
    FROM evidence AS v
    LEFT JOIN pods AS p ON p.uid = v.pod_uid AND p.cluster = v.cluster
    GROUP BY v.cluster, v.pod_uid
)
SELECT
    node,
    strftime('%Y-%m-%dT%H:00:00Z', at) AS hour,
    count(*) AS evictions,
    count(DISTINCT namespace) AS namespaces
FROM evicted
WHERE (:node IS NULL OR node = :node)
    AND (:namespace IS NULL OR namespace = :namespace)
    AND (:since IS NULL OR at >= julianday(:since))
    AND (:until IS NULL OR at < julianday(:until))
GROUP BY node, hour
ORDER BY node, hour;
