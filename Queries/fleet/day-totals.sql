-- What happened per cluster and UTC day: pods created, crash-loop episodes and their restarts,
-- evictions, OOM kills, container starts, running hours and OOM kills per 100 starts.
--
-- One row per cluster and day, from the per-pod rows (phase_durations, crash_loops, evictions,
-- oom_kills, container_runs; Docs/SCHEMA.md) plus the rollups of the pods `podtrail prune`
-- deleted (rollup_pods, rollup_days), each counted on the day of the same instant: a pod on the
-- day of its creation, an episode at its start, an eviction and a kill when they happened, a
-- run at its start. A pod is in the per-pod rows or in the rollups, never both, so the figures
-- over a window reaching before the cut are the cluster's as they were before the prune: the
-- counts exactly; running_hours to the last of its 6 decimals (the rollup adds each run's
-- hours in floating point). Add `WHERE day >= date '2026-11-01'` to `facts` for a window.
--
-- Example:
--   psql "$FLEET_URL" -f Queries/fleet/day-totals.sql
WITH facts AS (
    SELECT cluster, day, 'pods_created' AS figure, count(created_at)::float8 AS value FROM podtrail.phase_durations GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'pods_created', count(*) FROM podtrail.rollup_pods GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'crash_loop_episodes', count(*) FROM podtrail.crash_loops GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'crash_loop_restarts', coalesce(sum(restarts), 0) FROM podtrail.crash_loops GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'evictions', count(*) FROM podtrail.evictions GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'oom_kills', count(*) FROM podtrail.oom_kills GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'container_starts', count(*) FROM podtrail.container_runs GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, 'running_hours', coalesce(sum(running_s), 0) / 3600.0 FROM podtrail.container_runs GROUP BY 1, 2
    UNION ALL
    SELECT cluster, day, figure, sum(value) FROM podtrail.rollup_days
    WHERE figure IN ('crash_loop_episodes', 'crash_loop_restarts', 'evictions', 'oom_kills', 'container_starts', 'running_hours')
    GROUP BY 1, 2, 3
),
days AS (
    SELECT cluster, day,
        sum(value) FILTER (WHERE figure = 'pods_created') AS pods_created,
        sum(value) FILTER (WHERE figure = 'crash_loop_episodes') AS crash_loop_episodes,
        sum(value) FILTER (WHERE figure = 'crash_loop_restarts') AS crash_loop_restarts,
        sum(value) FILTER (WHERE figure = 'evictions') AS evictions,
        sum(value) FILTER (WHERE figure = 'oom_kills') AS oom_kills,
        sum(value) FILTER (WHERE figure = 'container_starts') AS container_starts,
        sum(value) FILTER (WHERE figure = 'running_hours') AS running_hours
    FROM facts
    GROUP BY cluster, day
)
SELECT
    cluster,
    day,
    coalesce(pods_created, 0)::bigint AS pods_created,
    coalesce(crash_loop_episodes, 0)::bigint AS crash_loop_episodes,
    coalesce(crash_loop_restarts, 0)::bigint AS crash_loop_restarts,
    coalesce(evictions, 0)::bigint AS evictions,
    coalesce(oom_kills, 0)::bigint AS oom_kills,
    coalesce(container_starts, 0)::bigint AS container_starts,
    round(coalesce(running_hours, 0)::numeric, 6) AS running_hours,
    CASE WHEN container_starts > 0 THEN round(100.0 * coalesce(oom_kills, 0)::numeric / container_starts::numeric, 6) END
        AS oom_per_100_starts
FROM days
ORDER BY cluster, day;
