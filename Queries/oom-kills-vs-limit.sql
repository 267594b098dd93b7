-- OOM kills per workload container against its memory limit and request.
--
-- One row per namespace, workload, container and memory limit: how many container runs ended
-- OOMKilled (each termination once), in how many pods, first and last kill. Rows for the same
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
    p.namespace,
    p.workload,
    t.container,
    round(c.memory_limit_bytes / 1048576.0, 1) AS memory_limit_mib,
    round(c.memory_request_bytes / 1048576.0, 1) AS memory_request_mib,
    count(*) AS oom_kills,
    count(DISTINCT t.pod_uid) AS pods,
    strftime('%Y-%m-%dT%H:%M:%SZ', min(julianday(t.finished_at))) AS first_killed_at,
    strftime('%Y-%m-%dT%H:%M:%SZ', max(julianday(t.finished_at))) AS last_killed_at
FROM container_terminations AS t
JOIN pods AS p ON p.uid = t.pod_uid AND p.cluster = t.cluster
LEFT JOIN containers AS c ON c.pod_uid = t.pod_uid AND c.name = t.container AND c.cluster = t.cluster
WHERE t.reason = 'OOMKilled'
    AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(t.finished_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(t.finished_at) < julianday(:until))
GROUP BY p.cluster, p.namespace, p.workload, t.container, c.memory_limit_bytes, c.memory_request_bytes
ORDER BY oom_kills DESC, p.namespace, p.workload, t.container, memory_limit_mib;
