-- startup_sli: the Kubernetes pod-startup SLI (sig-scalability slos/pod_startup_latency.md),
-- computed from the archives, one row per pod.
--
-- The SLI: for stateless pods schedulable at their first attempt, the time from the pod's
-- creation until a watcher sees every container started, minus the time spent pulling images
-- and running init containers. SLO: p99 per cluster-day <= 5 s (startup_sli_days).
--
-- Population (in_population = 1), else `excluded` says why:
--   known from events only        no pod status archived
--   static pod                    creationTimestamp is its mirror object's
--   not stateless: T volume       a volume other than secret, configMap, downwardAPI, emptyDir, projected
--   not schedulable at first attempt   a FailedScheduling event or a PodScheduled=False condition
--   no observation of all containers started
--   first start unknown           first observed after restarts that hide the containers' first runs
--   image pull time unknown       no Pulled event for the pod, or one whose message has no figure
--                                 (phase_durations.image_pull_s NULL)
--   init containers' run time unknown  the pod has init containers (not sidecars) but no run of
--                                 them ended by watch_at
-- Columns:
--   watch_at     when every regular container was seen started: the first snapshot showing each
--                of them running, terminated after running, or restarted, at its exact observation
--                time when the archive has one (observed_by: `stageTimestamp`, `timestamp`,
--                `observedTimeUnixNano`) and an earlier snapshot shows the pod before; otherwise
--                the latest of the containers' first startedAt (observed_by `startedAt`: a lower
--                bound of the watch observation, to the second)
--   pull_s       phase_durations.image_pull_s: the kubelet's Pulled figures, "including waiting"
--                (image_pulls.pull_s x count), of every container, init containers included, up to
--                the pod's first Ready (all of them when that is unknown); 0 when every image was
--                already present
--   init_s       the run time (finishedAt - startedAt) of every init container run ended by watch_at
--                (sidecars, which do not finish, excluded)
--   sli_s        watch_at - created_at - pull_s - init_s, floored at 0 (whole-second inputs: +-1 s)
-- Windowing: a pod counts at its created_at.
DROP VIEW IF EXISTS startup_sli;
CREATE VIEW startup_sli AS
SELECT
    b.cluster,
    b.pod_uid,
    b.namespace,
    b.pod,
    b.workload_kind,
    b.workload,
    b.created_at,
    CASE WHEN b.excluded IS NULL THEN 1 ELSE 0 END AS in_population,
    b.excluded,
    b.watch_at,
    b.observed_by,
    b.pull_s,
    b.init_s,
    CASE WHEN b.excluded IS NULL THEN
        round(max(0.0, (julianday(b.watch_at) - julianday(b.created_at)) * 86400.0 - b.pull_s - b.init_s), 3)
    END AS sli_s
FROM (
    SELECT
        w.*,
        CASE
            WHEN w.snapshots = 0 THEN 'known from events only'
            WHEN w.workload_kind IS 'StaticPod' THEN 'static pod'
            WHEN w.non_stateless_volume IS NOT NULL THEN 'not stateless: ' || w.non_stateless_volume || ' volume'
            WHEN w.unschedulable THEN 'not schedulable at first attempt'
            WHEN w.started_snapshot IS NULL THEN 'no observation of all containers started'
            WHEN w.watch_at IS NULL THEN 'first start unknown'
            WHEN w.pull_s IS NULL THEN 'image pull time unknown'
            WHEN w.init_s IS NULL THEN 'init containers'' run time unknown'
        END AS excluded
    FROM (
        SELECT
            v.*,
            CASE WHEN v.exact THEN v.started_observed_at ELSE v.last_first_start END AS watch_at,
            CASE WHEN v.exact THEN v.started_observed_by WHEN v.last_first_start IS NOT NULL THEN 'startedAt' END AS observed_by,
            -- The pod's image pull time as phase_durations defines it (its Pulled events up to its
            -- first Ready, all of them when that is unknown): one definition, read from its cache.
            (SELECT d.image_pull_s FROM phase_durations d WHERE d.pod_uid = v.pod_uid AND d.cluster = v.cluster) AS pull_s,
            CASE
                WHEN NOT EXISTS (SELECT 1 FROM containers c
                    WHERE c.pod_uid = v.pod_uid AND c.cluster = v.cluster AND c.init = 1 AND c.sidecar = 0) THEN 0.0
                ELSE (SELECT round(sum((julianday(t.finished_at) - julianday(t.started_at)) * 86400.0), 3)
                    FROM container_terminations t
                    JOIN containers c ON c.pod_uid = t.pod_uid AND c.cluster = t.cluster AND c.name = t.container
                    WHERE t.pod_uid = v.pod_uid AND t.cluster = v.cluster AND t.init = 1 AND c.sidecar = 0
                        AND t.started_at IS NOT NULL
                        AND julianday(t.finished_at) <= julianday(CASE WHEN v.exact THEN v.started_observed_at ELSE v.last_first_start END))
            END AS init_s
        FROM (
            SELECT
                u.*,
                s.observed_at AS started_observed_at,
                s.observed_by AS started_observed_by,
                -- An exact observation counts when an earlier snapshot saw the pod before every
                -- container had started: else the first sight is not when they started.
                s.observed_by <> 'latest time inside' AND EXISTS (SELECT 1 FROM pod_snapshots e
                    WHERE e.pod_uid = u.pod_uid AND e.cluster = u.cluster
                        AND julianday(e.observed_at) < julianday(s.observed_at)) AS exact,
                CASE WHEN NOT EXISTS (SELECT 1 FROM containers c
                    WHERE c.pod_uid = u.pod_uid AND c.cluster = u.cluster AND c.init = 0 AND c.first_started_at IS NULL)
                THEN (SELECT c.first_started_at FROM containers c
                    WHERE c.pod_uid = u.pod_uid AND c.cluster = u.cluster AND c.init = 0
                    ORDER BY julianday(c.first_started_at) DESC LIMIT 1)
                END AS last_first_start
            FROM (
                SELECT
                    p.cluster, p.uid AS pod_uid, p.namespace, p.name AS pod, p.workload_kind, p.workload, p.created_at,
                    p.snapshots, p.non_stateless_volume,
                    p.scheduling_failure_at IS NOT NULL OR EXISTS (SELECT 1 FROM events f
                        WHERE f.object_uid = p.uid AND f.cluster = p.cluster AND +f.reason = 'FailedScheduling') AS unschedulable,
                    -- The first snapshot in which every regular container has started.
                    (SELECT s.id FROM pod_snapshots s
                        WHERE s.pod_uid = p.uid AND s.cluster = p.cluster AND s.deleted = 0
                            AND EXISTS (SELECT 1 FROM container_snapshots c
                                WHERE c.pod_uid = s.pod_uid AND c.resource_version = s.resource_version
                                    AND c.cluster = s.cluster AND c.init = 0)
                            AND NOT EXISTS (SELECT 1 FROM container_snapshots c
                                WHERE c.pod_uid = s.pod_uid AND c.resource_version = s.resource_version
                                    AND c.cluster = s.cluster AND c.init = 0
                                    AND NOT (c.state = 'running' OR c.restarts > 0
                                        OR (c.state = 'terminated' AND c.started_at IS NOT NULL)))
                        ORDER BY julianday(s.observed_at), s.id LIMIT 1) AS started_snapshot
                FROM pods p
            ) u
            LEFT JOIN pod_snapshots s ON s.id = u.started_snapshot
        ) v
    ) w
) b;

-- startup_sli_days: the SLI per cluster and UTC day of creation, and per namespace and
-- workload within it (`scope`: 'cluster', 'namespace', 'workload'): pods in the population
-- with a figure, p50/p90/p99/max of sli_s (nearest rank: the value at rank ceil(P*n/100) of
-- the sorted figures), slo_met = 1 when p99 <= 5 s, and how many pods the day left out.
DROP VIEW IF EXISTS startup_sli_days;
CREATE VIEW startup_sli_days AS
WITH scoped AS MATERIALIZED (
    SELECT cluster, substr(created_at, 1, 10) AS day, 'cluster' AS scope, '' AS namespace, '' AS workload, sli_s, in_population
    FROM startup_sli WHERE created_at IS NOT NULL
    UNION ALL
    SELECT cluster, substr(created_at, 1, 10), 'namespace', namespace, '', sli_s, in_population
    FROM startup_sli WHERE created_at IS NOT NULL
    UNION ALL
    SELECT cluster, substr(created_at, 1, 10), 'workload', namespace, ifnull(workload, ''), sli_s, in_population
    FROM startup_sli WHERE created_at IS NOT NULL
),
ranked AS MATERIALIZED (
    SELECT s.*,
        row_number() OVER (PARTITION BY cluster, day, scope, namespace, workload ORDER BY sli_s) AS k,
        count(*) OVER (PARTITION BY cluster, day, scope, namespace, workload) AS n
    FROM scoped s WHERE in_population = 1
)
SELECT
    g.cluster, g.day, g.scope, g.namespace, g.workload,
    g.pods,
    (SELECT r.sli_s FROM ranked r WHERE r.cluster = g.cluster AND r.day = g.day AND r.scope = g.scope
        AND r.namespace = g.namespace AND r.workload = g.workload AND r.k = (g.pods * 50 + 99) / 100) AS p50_s,
    (SELECT r.sli_s FROM ranked r WHERE r.cluster = g.cluster AND r.day = g.day AND r.scope = g.scope
        AND r.namespace = g.namespace AND r.workload = g.workload AND r.k = (g.pods * 90 + 99) / 100) AS p90_s,
    (SELECT r.sli_s FROM ranked r WHERE r.cluster = g.cluster AND r.day = g.day AND r.scope = g.scope
        AND r.namespace = g.namespace AND r.workload = g.workload AND r.k = (g.pods * 99 + 99) / 100) AS p99_s,
    g.max_s,
    CASE WHEN g.pods = 0 THEN NULL
        WHEN (SELECT r.sli_s FROM ranked r WHERE r.cluster = g.cluster AND r.day = g.day AND r.scope = g.scope
            AND r.namespace = g.namespace AND r.workload = g.workload AND r.k = (g.pods * 99 + 99) / 100) <= 5.0 THEN 1
        ELSE 0
    END AS slo_met,
    g.excluded
FROM (
    SELECT cluster, day, scope, namespace, workload, sum(in_population) AS pods,
        max(CASE WHEN in_population = 1 THEN sli_s END) AS max_s, sum(1 - in_population) AS excluded
    FROM scoped GROUP BY cluster, day, scope, namespace, workload
) g;
