-- pod_disruptions: the DisruptionTarget condition of each pod that had one (reason, message,
-- the earliest lastTransitionTime seen with status True), from the pods table. Reasons:
-- EvictionByEvictionAPI (drain, autoscalers), PreemptionByScheduler (older
-- PreemptionByKubeScheduler), DeletionByTaintManager, DeletionByPodGC, TerminationByKubelet.
-- An empty reason is stored as '' (the condition was True without one).
DROP VIEW IF EXISTS pod_disruptions;
CREATE VIEW pod_disruptions AS
SELECT
    cluster,
    uid AS pod_uid,
    disruption_reason AS reason,
    disruption_message AS message,
    disruption_at AS at
FROM pods
WHERE disruption_reason IS NOT NULL;
