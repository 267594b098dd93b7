-- OOM kills per workload container against its memory limit and request.
--
-- Built on the oom_kills view. One row per namespace, workload, container and memory limit:
-- how many container runs ended OOMKilled (each termination once), in how many pods, first
-- and last kill. Rows for the same
-- container with different limits show whether raising the limit helped. memory_limit_mib is
-- NULL when the container had no limit.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only kills at or after this UTC time (unset: no lower bound)
--   :until      only kills before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query oom-kills-vs-limit --param namespace=shop
SELECT
    o.namespace,
    o.workload,
    o.container,
    round(o.memory_limit / 1048576.0, 1) AS memory_limit_mib,
    round(o.memory_request / 1048576.0, 1) AS memory_request_mib,
    count(*) AS oom_kills,
    count(DISTINCT o.pod_uid) AS pods,
    strftime('%Y-%m-%dT%H:%M:%SZ', min(julianday(o.killed_at))) AS first_killed_at,
    strftime('%Y-%m-%dT%H:%M:%SZ', max(julianday(o.killed_at))) AS last_killed_at
FROM oom_kills AS o
WHERE (:namespace IS NULL OR o.namespace = :namespace)
    AND (:since IS NULL OR julianday(o.killed_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(o.killed_at) < julianday(:until))
GROUP BY o.cluster, o.namespace, o.workload, o.container, o.memory_limit, o.memory_request
ORDER BY oom_kills DESC, o.namespace, o.workload, o.container, memory_limit_mib;
