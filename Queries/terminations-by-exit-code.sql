-- Container terminations by reason and exit code.
--
-- Each distinct container run that ended counts once (Completed, Error, OOMKilled,
-- ContainerStatusUnknown ...); containers and pods count distinct ones. Exit code 137 is
-- SIGKILL (OOM or kill after the grace period), 143 SIGTERM.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :since      only terminations finished at or after this UTC time (unset: no lower bound)
--   :until      only terminations finished before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query terminations-by-exit-code --param namespace=shop
SELECT
    t.reason,
    t.exit_code,
    count(*) AS terminations,
    count(DISTINCT t.cluster || '/' || t.pod_uid || '/' || t.container) AS containers,
    count(DISTINCT t.cluster || '/' || t.pod_uid) AS pods
FROM container_terminations AS t
JOIN pods AS p ON p.uid = t.pod_uid AND p.cluster = t.cluster
WHERE p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(t.finished_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(t.finished_at) < julianday(:until))
GROUP BY t.reason, t.exit_code
ORDER BY terminations DESC, t.reason, t.exit_code;
