-- Containers that crash-loop, fleet-wide: one row per namespace, workload and container.
--
-- Summed over every cluster (crash_loops, Docs/SCHEMA.md): the clusters where it loops,
-- episodes, pods, restarts, back-off events, container-hours spent looping, and episodes
-- still open at the end of the data. Most episodes first.
--
-- Example:
--   psql "$FLEET_URL" -f Queries/fleet/crash-looping-containers.sql
SELECT
    namespace,
    workload,
    container,
    count(DISTINCT cluster) AS clusters,
    string_agg(DISTINCT cluster, ', ' ORDER BY cluster) AS cluster_names,
    count(*) AS episodes,
    count(DISTINCT (cluster, pod_uid)) AS pods,
    sum(restarts) AS restarts,
    sum(backoff_events) AS backoff_events,
    round(sum(duration_s::numeric) / 3600.0, 6) AS crash_looping_hours,
    count(*) FILTER (WHERE ended_by = 'open') AS open_episodes
FROM podtrail.crash_loops
GROUP BY namespace, workload, container
ORDER BY episodes DESC, restarts DESC NULLS LAST, namespace, workload, container;
