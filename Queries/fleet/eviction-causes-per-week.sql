-- Evictions per cluster, ISO week (starting Monday, UTC) and cause.
--
-- One row per cluster, week and cause (evictions.cause, Docs/SCHEMA.md): evicted pods,
-- namespaces and nodes they were on, the first and last eviction.
--
-- Example:
--   psql "$FLEET_URL" -f Queries/fleet/eviction-causes-per-week.sql
SELECT
    cluster,
    date_trunc('week', day)::date AS week,
    cause,
    count(*) AS evictions,
    count(DISTINCT namespace) AS namespaces,
    count(DISTINCT node) AS nodes,
    min(evicted_at) AS first_at,
    max(evicted_at) AS last_at
FROM podtrail.evictions
GROUP BY cluster, date_trunc('week', day), cause
ORDER BY cluster, week, evictions DESC, cause;
