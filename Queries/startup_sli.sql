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
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
-- (startup_sli_stale reads phase_durations_cache, so it is refreshed after it; set-based: a
-- busy day's pods in seconds.)
DROP VIEW IF EXISTS startup_sli_stale;
CREATE VIEW startup_sli_stale AS
WITH stale AS MATERIALIZED (
    SELECT cluster, uid FROM stale_analysis_pods
),
-- The snapshots in which every regular container has started (running, terminated after
-- running, or restarted).
all_started AS MATERIALIZED (
    SELECT c.cluster, c.pod_uid, c.resource_version
    FROM stale x
    CROSS JOIN container_snapshots c ON c.pod_uid = x.uid AND c.cluster = x.cluster
    WHERE c.init = 0
    GROUP BY c.cluster, c.pod_uid, c.resource_version
    HAVING min(c.state = 'running' OR c.restarts > 0 OR (c.state = 'terminated' AND c.started_at IS NOT NULL)) = 1
),
-- The first of them in the snapshots' order (observed_key, then id), and the pod's first observation.
first_all_started AS MATERIALIZED (
    -- SQLite takes observed_at and observed_by from the row holding min(key) (bare columns of
    -- min()); observed_key has a fixed width, so the keys sort as text in the snapshots' order.
    SELECT s.cluster, s.pod_uid, min(s.observed_key || printf(' %020d', s.id)) AS key,
        s.observed_at, s.observed_by
    FROM all_started a
    CROSS JOIN pod_snapshots s ON s.pod_uid = a.pod_uid AND s.resource_version = a.resource_version
        AND s.cluster = a.cluster
    WHERE s.deleted = 0
    GROUP BY s.cluster, s.pod_uid
),
first_seen AS MATERIALIZED (
    -- Only where it can matter: for pods whose first sight of every container started has an
    -- exact observation time.
    SELECT s.cluster, s.pod_uid, min(julianday(s.observed_at)) AS jd
    FROM first_all_started a
    CROSS JOIN pod_snapshots s ON s.pod_uid = a.pod_uid AND s.cluster = a.cluster
    WHERE a.observed_by <> 'latest time inside'
    GROUP BY s.cluster, s.pod_uid
),
-- The latest of the regular containers' first starts, when every one of them has one.
first_starts AS MATERIALIZED (
    -- SQLite takes first_started_at from the row holding max(jd) (a bare column of max()).
    SELECT c.cluster, c.pod_uid, count(*) = count(c.first_started_at) AS all_known,
        max(julianday(c.first_started_at)) AS jd, c.first_started_at AS at
    FROM stale x
    CROSS JOIN containers c ON c.pod_uid = x.uid AND c.cluster = x.cluster
    WHERE c.init = 0
    GROUP BY c.cluster, c.pod_uid
),
init_pods AS MATERIALIZED (
    SELECT DISTINCT c.cluster, c.pod_uid
    FROM stale x
    CROSS JOIN containers c ON c.pod_uid = x.uid AND c.cluster = x.cluster
    WHERE c.init = 1 AND c.sidecar = 0
),
scheduling_failures AS MATERIALIZED (
    SELECT DISTINCT cluster, pod_uid FROM stale_pod_events WHERE reason = 'FailedScheduling' AND pod_uid IS NOT NULL
),
-- The pod's image pull time as phase_durations defines it (its Pulled events up to its first
-- Ready, all of them when that is unknown): one definition, read from phase_durations. Inside a
-- cache refresh (refreshing_pods) AnalysisCache has already cached those pods' phase_durations
-- rows; outside one, refreshing_pods is empty and the stale pods' rows are computed.
pulls AS MATERIALIZED (
    SELECT d.cluster, d.pod_uid, d.image_pull_s
    FROM refreshing_pods r
    CROSS JOIN phase_durations_cache d ON d.pod_uid = r.uid AND d.cluster = r.cluster
    UNION ALL
    SELECT cluster, pod_uid, image_pull_s FROM phase_durations_stale
    WHERE NOT EXISTS (SELECT 1 FROM refreshing_pods)
),
watched AS MATERIALIZED (
    SELECT
        p.cluster, p.uid AS pod_uid, p.namespace, p.name AS pod, p.workload_kind, p.workload, p.created_at,
        p.snapshots, p.non_stateless_volume,
        p.scheduling_failure_at IS NOT NULL OR f.pod_uid IS NOT NULL AS unschedulable,
        a.pod_uid IS NOT NULL AS all_started,
        i.pod_uid IS NOT NULL AS has_init,
        u.image_pull_s AS pull_s,
        -- An exact observation counts when an earlier snapshot saw the pod before every
        -- container had started: else the first sight is not when they started.
        CASE
            WHEN a.observed_by <> 'latest time inside' AND e.jd < julianday(a.observed_at) THEN a.observed_at
            WHEN t.all_known THEN t.at
        END AS watch_at,
        CASE
            WHEN a.observed_by <> 'latest time inside' AND e.jd < julianday(a.observed_at) THEN a.observed_by
            WHEN t.all_known AND t.at IS NOT NULL THEN 'startedAt'
        END AS observed_by
    FROM stale x
    CROSS JOIN pods p ON p.uid = x.uid AND p.cluster = x.cluster
    LEFT JOIN first_all_started a ON a.pod_uid = p.uid AND a.cluster = p.cluster
    LEFT JOIN first_seen e ON e.pod_uid = p.uid AND e.cluster = p.cluster
    LEFT JOIN first_starts t ON t.pod_uid = p.uid AND t.cluster = p.cluster
    LEFT JOIN init_pods i ON i.pod_uid = p.uid AND i.cluster = p.cluster
    LEFT JOIN scheduling_failures f ON f.pod_uid = p.uid AND f.cluster = p.cluster
    LEFT JOIN pulls u ON u.pod_uid = p.uid AND u.cluster = p.cluster
),
-- The run time of the init containers (sidecars, which do not finish, aside) ended by watch_at.
init_runs AS MATERIALIZED (
    SELECT w.cluster, w.pod_uid, round(sum((julianday(t.finished_at) - julianday(t.started_at)) * 86400.0), 3) AS init_s
    FROM watched w
    CROSS JOIN container_terminations t ON t.pod_uid = w.pod_uid AND t.cluster = w.cluster
    JOIN containers c ON c.pod_uid = t.pod_uid AND c.cluster = t.cluster AND c.name = t.container
    WHERE w.has_init AND t.init = 1 AND c.sidecar = 0 AND t.started_at IS NOT NULL
        AND julianday(t.finished_at) <= julianday(w.watch_at)
    GROUP BY w.cluster, w.pod_uid
),
judged AS (
    SELECT
        w.*,
        CASE WHEN w.has_init THEN r.init_s ELSE 0.0 END AS init_s,
        CASE
            WHEN w.snapshots = 0 THEN 'known from events only'
            WHEN w.workload_kind IS 'StaticPod' THEN 'static pod'
            WHEN w.non_stateless_volume IS NOT NULL THEN 'not stateless: ' || w.non_stateless_volume || ' volume'
            WHEN w.unschedulable THEN 'not schedulable at first attempt'
            WHEN NOT w.all_started THEN 'no observation of all containers started'
            WHEN w.watch_at IS NULL THEN 'first start unknown'
            WHEN w.pull_s IS NULL THEN 'image pull time unknown'
            WHEN w.has_init AND r.init_s IS NULL THEN 'init containers'' run time unknown'
        END AS excluded
    FROM watched w
    LEFT JOIN init_runs r ON r.pod_uid = w.pod_uid AND r.cluster = w.cluster
)
SELECT
    j.cluster, j.pod_uid, j.namespace, j.pod, j.workload_kind, j.workload, j.created_at,
    CASE WHEN j.excluded IS NULL THEN 1 ELSE 0 END AS in_population,
    j.excluded, j.watch_at, j.observed_by, j.pull_s, j.init_s,
    CASE WHEN j.excluded IS NULL THEN
        round(max(0.0, (julianday(j.watch_at) - julianday(j.created_at)) * 86400.0 - j.pull_s - j.init_s), 3)
    END AS sli_s
FROM judged j;

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
