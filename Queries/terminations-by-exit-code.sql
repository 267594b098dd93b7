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
WITH chosen AS (
    -- With a window, the terminations finished in it (by finish time); without one, those of
    -- the namespace's pods (every pod's when unset). Only one branch runs.
    SELECT t.id FROM container_terminations AS t
    WHERE (:since IS NOT NULL OR :until IS NOT NULL)
        AND t.finished_at >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
        AND t.finished_at <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    UNION ALL
    SELECT t.id FROM pods AS p CROSS JOIN container_terminations AS t ON t.pod_uid = p.uid
    WHERE :since IS NULL AND :until IS NULL AND t.cluster = p.cluster
        AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
)
SELECT
    t.reason,
    t.exit_code,
    count(*) AS terminations,
    count(DISTINCT t.cluster || '/' || t.pod_uid || '/' || t.container) AS containers,
    count(DISTINCT t.cluster || '/' || t.pod_uid) AS pods
FROM chosen AS c
CROSS JOIN container_terminations AS t ON t.id = c.id
JOIN pods AS p ON p.uid = t.pod_uid AND p.cluster = t.cluster
WHERE p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND (:since IS NULL OR julianday(t.finished_at) >= julianday(:since))
    AND (:until IS NULL OR julianday(t.finished_at) < julianday(:until))
GROUP BY t.reason, t.exit_code
ORDER BY terminations DESC, t.reason, t.exit_code;
