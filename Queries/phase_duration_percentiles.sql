-- phase_duration_percentiles: per cluster, namespace, workload and duration (the columns of
-- phase_durations): pods (how many have the duration), p50, p90, p99 and max, over the whole
-- database. Percentiles are nearest-rank: with the n values sorted ascending, pP is the value
-- at rank ceil(P * n / 100) (1-based; (P * n + 99) / 100 in integers); so p50 of 1,2,3,4 is 2 and p99 of fewer than 100 values
-- is the maximum. Exact, never interpolated. For a time window, filter phase_durations on
-- created_at and apply the same rule (the report does this in Swift: PhaseStatistic, Sources/PodtrailKit/Analysis, checked against this view by a test).
DROP VIEW IF EXISTS phase_duration_percentiles;
CREATE VIEW phase_duration_percentiles AS
WITH durations AS MATERIALIZED (
    SELECT * FROM phase_durations
),
long AS (
    SELECT cluster, namespace, workload, 'schedule_s' AS duration, schedule_s AS value FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'image_pull_s', image_pull_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'start_s', start_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'startup_s', startup_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'startup_no_pull_s', startup_no_pull_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'pending_s', pending_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'running_s', running_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'terminating_s', terminating_s FROM durations
    UNION ALL SELECT cluster, namespace, workload, 'lifetime_s', lifetime_s FROM durations
),
ranked AS (
    SELECT *,
        row_number() OVER (PARTITION BY cluster, namespace, workload, duration ORDER BY value) AS rank,
        count(*) OVER (PARTITION BY cluster, namespace, workload, duration) AS n
    FROM long WHERE value IS NOT NULL
)
SELECT
    cluster, namespace, workload, duration,
    max(n) AS pods,
    max(CASE WHEN rank = (50 * n + 99) / 100 THEN value END) AS p50_s,
    max(CASE WHEN rank = (90 * n + 99) / 100 THEN value END) AS p90_s,
    max(CASE WHEN rank = (99 * n + 99) / 100 THEN value END) AS p99_s,
    max(value) AS max_s
FROM ranked
GROUP BY cluster, namespace, workload, duration;
