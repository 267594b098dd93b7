-- crash_loop_workloads: crash looping per workload, over the whole database.
--   episodes, pods (distinct pods with an episode), restarts and backoff_events (sums over
--   crash_loops), crash_looping_hours (sum of episode duration_s / 3600: container-hours, two
--   replicas looping for one hour count two), pod_hours (sum of phase_durations.lifetime_s /
--   3600 over every pod of the workload), pod_restarts (sum of pods.restarts, kubectl's
--   RESTARTS, over every pod), restarts_per_pod_hour = pod_restarts / pod_hours.
DROP VIEW IF EXISTS crash_loop_workloads;
CREATE VIEW crash_loop_workloads AS
WITH loops AS (
    SELECT cluster, namespace, workload, count(*) AS episodes, count(DISTINCT pod_uid) AS pods,
        sum(restarts) AS restarts, sum(backoff_events) AS backoff_events, sum(duration_s) AS seconds
    FROM crash_loops
    GROUP BY cluster, namespace, workload
),
lives AS (
    SELECT d.cluster, d.namespace, d.workload, sum(d.lifetime_s) AS seconds, sum(p.restarts) AS restarts
    FROM phase_durations d JOIN pods p ON p.cluster = d.cluster AND p.uid = d.pod_uid
    GROUP BY d.cluster, d.namespace, d.workload
)
SELECT
    l.cluster,
    l.namespace,
    l.workload,
    l.episodes,
    l.pods,
    l.restarts,
    l.backoff_events,
    round(l.seconds / 3600.0, 6) AS crash_looping_hours,
    round(v.seconds / 3600.0, 6) AS pod_hours,
    v.restarts AS pod_restarts,
    CASE WHEN v.seconds > 0 THEN round(v.restarts / (v.seconds / 3600.0), 6) END AS restarts_per_pod_hour
FROM loops l
LEFT JOIN lives v ON v.cluster = l.cluster AND v.namespace IS l.namespace AND v.workload IS l.workload;
