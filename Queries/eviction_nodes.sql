-- eviction_nodes: evicted pods per cluster, node and cause (node = the pod's node; NULL when
-- the pod was never bound).
DROP VIEW IF EXISTS eviction_nodes;
CREATE VIEW eviction_nodes AS
SELECT cluster, node, cause, count(*) AS evictions
FROM evictions
GROUP BY cluster, node, cause;
