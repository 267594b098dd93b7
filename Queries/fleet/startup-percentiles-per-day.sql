-- Pod startup (creation to first Ready) per cluster and UTC day: p50, p90, p99 and max.
--
-- One row per cluster and day of creation with pods whose startup_s is known
-- (phase_durations.startup_s, Docs/SCHEMA.md), the pods `podtrail prune` rolled up included
-- (rollup_pods keeps each pruned pod's startup_s on the day of its creation, and a pod is in one
-- table or the other): exact across the cut. Percentiles are nearest-rank, as the SQLite view
-- phase_duration_percentiles computes them: with the n values sorted ascending, pP is the value
-- at rank ceil(P * n / 100); exact, never interpolated.
--
-- Example:
--   psql "$FLEET_URL" -f Queries/fleet/startup-percentiles-per-day.sql
WITH startups AS (
    SELECT cluster, day, startup_s FROM podtrail.phase_durations WHERE startup_s IS NOT NULL
    UNION ALL
    SELECT cluster, day, startup_s FROM podtrail.rollup_pods WHERE startup_s IS NOT NULL
),
ranked AS (
    SELECT cluster, day, startup_s,
        row_number() OVER (PARTITION BY cluster, day ORDER BY startup_s) AS rank,
        count(*) OVER (PARTITION BY cluster, day) AS n
    FROM startups
)
SELECT
    cluster,
    day,
    max(n) AS pods,
    max(CASE WHEN rank = (50 * n + 99) / 100 THEN startup_s END) AS p50_s,
    max(CASE WHEN rank = (90 * n + 99) / 100 THEN startup_s END) AS p90_s,
    max(CASE WHEN rank = (99 * n + 99) / 100 THEN startup_s END) AS p99_s,
    max(startup_s) AS max_s
FROM ranked
GROUP BY cluster, day
ORDER BY cluster, day;
