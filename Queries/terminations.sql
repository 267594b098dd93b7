-- terminations: one row per pod whose deletion was requested, with how long it took to go.
-- terminating_s is phase_durations.terminating_s: from the deletion request
-- (deletionTimestamp - deletionGracePeriodSeconds, pods.deletion_requested_at) to the DELETED
-- record (pods.deleted_at); NULL when the pod was never seen deleted (the archives end first or
-- lack the DELETED record) or the times are out of order (phase_durations.notes says which):
-- unknown, never 0. grace_period_s: the pod's deletionGracePeriodSeconds; over_grace_s =
-- terminating_s - grace_period_s (NULL when either is unknown). A pod deleted without its
-- deletion request ever being observed is not here. Windowing: at deletion_requested_at.
DROP VIEW IF EXISTS terminations;
CREATE VIEW terminations AS
SELECT
    d.cluster,
    d.pod_uid,
    d.namespace,
    d.pod,
    d.workload,
    d.node,
    d.deletion_requested_at,
    d.deleted_at,
    p.grace_period_s,
    d.terminating_s,
    round(d.terminating_s - p.grace_period_s, 3) AS over_grace_s,
    p.final_status,
    d.notes
FROM phase_durations d
JOIN pods p ON p.uid = d.pod_uid AND p.cluster = d.cluster
WHERE d.deletion_requested_at IS NOT NULL;
