-- Containers with the most restarts, with their workload, image and last termination.
--
-- One row per container of one pod (uid) that restarted at least :min_restarts times, most
-- restarts first. restarts is the highest restartCount seen; last_reason and last_exit_code
-- come from the container's latest recorded termination (empty when none was recorded).
--
-- Parameters:
--   :namespace     only pods in this namespace (unset: every namespace)
--   :min_restarts  at least this many restarts (unset: 1)
--   :limit         at most this many rows (unset: 20)
--
-- Example:
--   podtrail query top-restarting-containers --param namespace=shop --param limit=5
SELECT
    p.namespace,
    p.name AS pod,
    c.name AS container,
    p.workload,
    c.image,
    c.restarts,
    (SELECT t.reason FROM container_terminations AS t
        WHERE t.pod_uid = c.pod_uid AND t.container = c.name AND t.cluster = c.cluster
        ORDER BY julianday(t.finished_at) DESC LIMIT 1) AS last_reason,
    (SELECT t.exit_code FROM container_terminations AS t
        WHERE t.pod_uid = c.pod_uid AND t.container = c.name AND t.cluster = c.cluster
        ORDER BY julianday(t.finished_at) DESC LIMIT 1) AS last_exit_code,
    p.uid AS pod_uid
FROM containers AS c
JOIN pods AS p ON p.uid = c.pod_uid AND p.cluster = c.cluster
WHERE c.restarts >= ifnull(:min_restarts, 1)
    AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
ORDER BY c.restarts DESC, p.namespace, p.name, c.name
LIMIT ifnull(:limit, 20);
