-- eviction_days: evicted pods per cluster, UTC day of evicted_at and cause.
DROP VIEW IF EXISTS eviction_days;
CREATE VIEW eviction_days AS
SELECT cluster, date(evicted_at) AS day, cause, count(*) AS evictions
FROM evictions
GROUP BY cluster, date(evicted_at), cause;
