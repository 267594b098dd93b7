-- Pods that took longer to go away than their grace period (or :seconds).
--
-- terminating_s runs from the deletion request (deletionTimestamp minus the grace period) to
-- the watch DELETED record; pods never seen deleted are left out. over_grace_s is how far it
-- overran the grace period.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :seconds    terminating at least this many seconds (unset: longer than the grace period)
--
-- Example:
--   podtrail query slow-terminations --param seconds=60
SELECT
    p.namespace,
    p.name AS pod,
    p.node,
    p.deletion_requested_at,
    p.deleted_at,
    p.grace_period_s,
    round((julianday(p.deleted_at) - julianday(p.deletion_requested_at)) * 86400, 3) AS terminating_s,
    round((julianday(p.deleted_at) - julianday(p.deletion_requested_at)) * 86400 - ifnull(p.grace_period_s, 0), 3)
        AS over_grace_s,
    p.uid AS pod_uid
FROM pods AS p
WHERE p.deleted_at IS NOT NULL AND p.deletion_requested_at IS NOT NULL
    AND p.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND CASE WHEN :seconds IS NULL
        THEN (julianday(p.deleted_at) - julianday(p.deletion_requested_at)) * 86400 > ifnull(p.grace_period_s, 30)
        ELSE (julianday(p.deleted_at) - julianday(p.deletion_requested_at)) * 86400 >= :seconds END
ORDER BY terminating_s DESC, p.namespace, p.name;
