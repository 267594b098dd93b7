-- eviction_causes: evicted pods per cluster, namespace and cause (from evictions).
DROP VIEW IF EXISTS eviction_causes;
CREATE VIEW eviction_causes AS
SELECT cluster, namespace, cause, count(*) AS evictions, min(evicted_at) AS first_at, max(evicted_at) AS last_at
FROM evictions
GROUP BY cluster, namespace, cause;
