-- podtrail schema version 2: the pod's DisruptionTarget condition (who is about to take the pod
-- down and why: EvictionByEvictionAPI for drains, PreemptionByScheduler, DeletionByTaintManager,
-- DeletionByPodGC, TerminationByKubelet), the first time it was seen True. Read by the
-- analysis view pod_disruptions (and so evictions).
ALTER TABLE pods ADD COLUMN disruption_reason TEXT;
ALTER TABLE pods ADD COLUMN disruption_message TEXT;
ALTER TABLE pods ADD COLUMN disruption_at TEXT;
