-- podtrail schema version 7: what a pod's observations cannot prove, and pods known from events.
--
-- A condition's lastTransitionTime is its latest flip and a container's startedAt its current
-- run's: a pod first observed after a container restart does not show when it first ran or
-- first became Ready. pods.ready_at is now the first Ready only when provably so (see
-- StoreSQL.upsertPod), from the earliest Ready transition seen and the restarts of the
-- observation that showed it; first_start_unknown says a container was seen started after
-- restarts that hide its first run (phase_durations.notes says so per pod).
ALTER TABLE pods ADD COLUMN ready_transition_at TEXT;
ALTER TABLE pods ADD COLUMN ready_transition_restarts INTEGER;
ALTER TABLE pods ADD COLUMN first_start_unknown INTEGER NOT NULL DEFAULT 0;
UPDATE pods SET ready_transition_at = ready_at WHERE ready_at IS NOT NULL;

-- The latest PodScheduled=False condition (Unschedulable, SchedulingGated): when and why the
-- scheduler last refused the pod, for archives that kept no FailedScheduling event.
ALTER TABLE pods ADD COLUMN scheduling_failure_at TEXT;
ALTER TABLE pods ADD COLUMN scheduling_failure_message TEXT;

-- Why a pod's figures are NULL, in words (see Queries/phase_durations.sql).
ALTER TABLE phase_durations_cache ADD COLUMN notes TEXT;

-- Every pod's cached phase_durations rows gain their notes: recompute them all.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);

-- What the archives hold, per cluster and UTC hour: the pod snapshots (by observed_at) and the
-- Event objects (by their first occurrence) stored, kept by the writer as it inserts them. The
-- `coverage` view lays these out hour by hour and names the gaps; reports say from it which
-- figures the data cannot answer.
CREATE TABLE coverage_hours (
    cluster TEXT NOT NULL,
    hour TEXT NOT NULL,
    pod_snapshots INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster, hour)
) WITHOUT ROWID;
INSERT INTO coverage_hours (cluster, hour, pod_snapshots, events)
SELECT cluster, hour, sum(snapshots), sum(events)
FROM (
    SELECT cluster, substr(observed_at, 1, 13) || ':00:00Z' AS hour, 1 AS snapshots, 0 AS events
    FROM pod_snapshots WHERE observed_at IS NOT NULL
    UNION ALL
    SELECT cluster, substr(coalesce(first_seen, last_seen), 1, 13) || ':00:00Z', 0, 1
    FROM events WHERE coalesce(first_seen, last_seen) IS NOT NULL)
GROUP BY cluster, hour;

-- For the pod-startup SLI (Queries/startup_sli.sql): the first volume of a type the SLI does not
-- count as stateless (NULL: every volume is secret, configMap, downwardAPI, emptyDir or
-- projected), and where each snapshot's observation time comes from: an exact observation
-- (`stageTimestamp` of audit logs, Cloud Logging's `timestamp`, OTLP's `observedTimeUnixNano`)
-- or, for every other format, 'latest time inside' the object.
ALTER TABLE pods ADD COLUMN non_stateless_volume TEXT;
ALTER TABLE pod_snapshots ADD COLUMN observed_by TEXT NOT NULL DEFAULT 'latest time inside';
