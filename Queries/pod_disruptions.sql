-- pod_disruptions: the DisruptionTarget condition of each pod (reason, message, first time True).
-- Schema v1 does not store pod conditions, so this view is empty until the ingester keeps
-- the condition; evictions reads it so that drains (EvictionByEvictionAPI), scheduler
-- preemption, taint deletions and PodGC are classified from it once it is filled.
DROP VIEW IF EXISTS pod_disruptions;
CREATE VIEW pod_disruptions AS
SELECT
    CAST(NULL AS TEXT) AS cluster,
    CAST(NULL AS TEXT) AS pod_uid,
    CAST(NULL AS TEXT) AS reason,
    CAST(NULL AS TEXT) AS message,
    CAST(NULL AS TEXT) AS at
WHERE 0;
