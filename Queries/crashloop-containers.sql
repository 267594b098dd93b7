-- Containers seen waiting in CrashLoopBackOff, with their restarts and last exit.
--
-- One row per container of one pod: the first and last snapshot that showed it in
-- CrashLoopBackOff, how many snapshots did, its highest restartCount, and its latest recorded
-- termination (reason and exit code).
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only back-off snapshots at or after this UTC time (unset: no lower bound)
--   :until      only back-off snapshots before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query crashloop-containers --param namespace=shop
SELECT
    p.namespace,
    p.name AS pod,
    cs.container,
    strftime('%Y-%m-%dT%H:%M:%SZ', min(julianday(cs.observed_at))) AS first_seen,
    strftime('%Y-%m-%dT%H:%M:%SZ', max(julianday(cs.observed_at))) AS last_seen,
    count(*) AS backoff_snapshots,
    (SELECT max(x.restarts) FROM container_snapshots AS x
        WHERE x.pod_uid = cs.pod_uid AND x.container = cs.container AND x.cluster = cs.cluster) AS restarts,
    (SELECT t.reason FROM container_terminations AS t
        WHERE t.pod_uid = cs.pod_uid AND t.container = cs.container AND t.cluster = cs.cluster
        ORDER BY julianday(t.finished_at) DESC LIMIT 1) AS last_reason,
    (SELECT t.exit_code FROM container_terminations AS t
        WHERE t.pod_uid = cs.pod_uid AND t.container = cs.container AND t.cluster = cs.cluster
        ORDER BY julianday(t.finished_at) DESC LIMIT 1) AS last_exit_code,
    p.uid AS pod_uid
FROM container_snapshots AS cs
JOIN pods AS p ON p.uid = cs.pod_uid AND p.cluster = cs.cluster
WHERE cs.reason = 'CrashLoopBackOff'
    AND (:namespace IS NULL OR p.namespace = :namespace)
    AND cs.observed_at >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
    AND cs.observed_at <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    AND (:since IS NULL OR julianday(cs.observed_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(cs.observed_at) < julianday(:until))
GROUP BY cs.cluster, cs.pod_uid, cs.container
ORDER BY restarts DESC, p.namespace, p.name, cs.container;
