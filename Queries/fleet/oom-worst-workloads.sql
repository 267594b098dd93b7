-- Workloads' containers that are OOM-killed the most, across every cluster.
--
-- One row per cluster, namespace, workload and container with at least one OOM kill, worst
-- first: the columns of the SQLite view oom_rates (Docs/SCHEMA.md), from the published runs
-- (container_runs: starts and running time) and kills (oom_kills), with the same rounding
-- (6 decimals). Add `WHERE day >= date '2026-11-01'` to both inner selects for a window
-- (a run counts on the day it started, a kill on the day it happened).
--
-- Example:
--   psql "$FLEET_URL" -f Queries/fleet/oom-worst-workloads.sql
WITH runs AS (
    SELECT cluster, namespace, workload, container, count(*) AS starts, sum(running_s::numeric) AS running_s
    FROM podtrail.container_runs
    GROUP BY cluster, namespace, workload, container
),
kills AS (
    SELECT cluster, namespace, workload, container, count(*) AS kills
    FROM podtrail.oom_kills WHERE namespace IS NOT NULL
    GROUP BY cluster, namespace, workload, container
),
totals AS (
    SELECT cluster, namespace, workload, container,
        sum(starts) AS starts, sum(running_s) AS running_s, sum(kills) AS kills
    FROM (
        SELECT cluster, namespace, workload, container, starts, running_s, NULL::bigint AS kills FROM runs
        UNION ALL
        SELECT cluster, namespace, workload, container, NULL, NULL, kills FROM kills) AS both_sides
    GROUP BY cluster, namespace, workload, container
)
SELECT
    cluster,
    namespace,
    workload,
    container,
    coalesce(kills, 0) AS oom_kills,
    coalesce(starts, 0) AS container_starts,
    round(coalesce(running_s, 0) / 3600.0, 6) AS running_hours,
    CASE WHEN starts > 0 THEN round(100.0 * coalesce(kills, 0) / starts, 6) END AS oom_per_100_starts,
    CASE WHEN running_s > 0 THEN round(coalesce(kills, 0) / (running_s / 3600.0), 6) END AS oom_per_container_hour
FROM totals
WHERE kills > 0
ORDER BY oom_per_100_starts DESC NULLS LAST, oom_kills DESC, cluster, namespace, workload, container;
