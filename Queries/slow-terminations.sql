-- Pods that took longer to go away than their grace period (or :seconds).
--
-- The rows of the terminations view (its rule: terminating_s = phase_durations.terminating_s,
-- from the deletion request, deletionTimestamp minus the grace period, to the watch DELETED
-- record); pods never seen deleted are left out. over_grace_s is how far it overran the grace
-- period.
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :seconds    terminating at least this many seconds (unset: longer than the grace period)
--
-- Example:
--   podtrail query slow-terminations --param seconds=60
SELECT
    t.namespace,
    t.pod,
    t.node,
    t.deletion_requested_at,
    t.deleted_at,
    t.grace_period_s,
    t.terminating_s,
    round(t.terminating_s - ifnull(t.grace_period_s, 0), 3) AS over_grace_s,
    t.pod_uid
FROM terminations AS t
WHERE t.terminating_s IS NOT NULL
    AND t.namespace BETWEEN ifnull(:namespace, '') AND ifnull(:namespace, x'')
    AND CASE WHEN :seconds IS NULL
        THEN t.terminating_s > ifnull(t.grace_period_s, 30)
        ELSE t.terminating_s >= :seconds END
ORDER BY t.terminating_s DESC, t.namespace, t.pod;
