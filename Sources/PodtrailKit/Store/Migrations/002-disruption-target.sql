-- podtrail schema version 2: the pod's DisruptionTarget condition (who is about to take the pod
-- down and why: EvictionByEvictionAPI for drains, PreemptionByScheduler, DeletionByTaintManager,
-- DeletionByPodGC, TerminationByKubelet), the first time it was seen True. Read by the
-- analysis view pod_disruptions (and so evictions).
ALTER TABLE pods ADD COLUMN disruption_reason TEXT;
ALTER TABLE pods ADD COLUMN disruption_message TEXT;
ALTER TABLE pods ADD COLUMN disruption_at TEXT;
-- The resourceVersion (as an integer; NULL when not numeric) of the snapshot the final_* columns
-- come from: two snapshots with the same observed_at (a container's termination and the
-- back-off that follows within one second) are ordered by it, whatever order the files are read.
ALTER TABLE pods ADD COLUMN final_resource_version INTEGER;
