-- oom_rates: how often each container of each workload is OOM-killed, one row per cluster,
-- namespace, workload and container name (summed over every pod of the workload).
--   oom_kills          rows of oom_kills
--   container_starts   runs of the container (container_runs: distinct startedAt values)
--   running_hours      sum of the runs' running_s / 3600 (each run from its startedAt to its
--                      finishedAt, else to the pod's deletion, else to its last observation)
--   oom_per_100_starts 100 * oom_kills / container_starts (NULL when no start was seen)
--   oom_per_container_hour  oom_kills / running_hours (NULL when no running time)
-- Covers the whole database; `podtrail report` applies the same rule to the runs started and
-- the kills inside its window (Sources/PodtrailKit/Analysis/OOMRate.swift).
DROP VIEW IF EXISTS oom_rates;
CREATE VIEW oom_rates AS
WITH runs AS (
    SELECT r.cluster, p.namespace, p.workload, r.container, count(*) AS starts, sum(r.running_s) AS running_s
    FROM container_runs r JOIN pods p ON p.cluster = r.cluster AND p.uid = r.pod_uid
    GROUP BY r.cluster, p.namespace, p.workload, r.container
),
kills AS (
    SELECT cluster, namespace, workload, container, count(*) AS kills
    FROM oom_kills WHERE namespace IS NOT NULL
    GROUP BY cluster, namespace, workload, container
),
-- One row per key from either side, added up (a join of the two would scan one per row of
-- the other).
totals AS (
    SELECT cluster, namespace, workload, container,
        sum(starts) AS starts, sum(running_s) AS running_s, sum(kills) AS kills
    FROM (
        SELECT cluster, namespace, workload, container, starts, running_s, NULL AS kills FROM runs
        UNION ALL
        SELECT cluster, namespace, workload, container, NULL, NULL, kills FROM kills)
    GROUP BY cluster, namespace, workload, container
)
SELECT
    cluster,
    namespace,
    workload,
    container,
    ifnull(kills, 0) AS oom_kills,
    ifnull(starts, 0) AS container_starts,
    round(ifnull(running_s, 0) / 3600.0, 6) AS running_hours,
    CASE WHEN starts > 0 THEN round(100.0 * ifnull(kills, 0) / starts, 6) END AS oom_per_100_starts,
    CASE WHEN running_s > 0 THEN round(ifnull(kills, 0) / (running_s / 3600.0), 6) END AS oom_per_container_hour
FROM totals;
