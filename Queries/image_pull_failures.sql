-- image_pull_failures: one row per container of a pod (and image) whose image the kubelet could
-- not pull, from its Events (pod_events):
--   Failed   "Failed to pull image "x": <error>" and "Error: ErrImagePull"        -> failed_pulls
--   BackOff  "Back-off pulling image "x"" and Failed "Error: ImagePullBackOff"    -> backoffs
--   ErrImageNeverPull "Container image "x" is not present with pull policy of Never",
--   InspectFailed "Failed to apply default image tag "x": ..." / "Failed to inspect image ..."
--                                                                                  -> other_failures
-- (pkg/kubelet/images/image_manager.go, pkg/kubelet/kuberuntime/kuberuntime_container.go). The
-- kubelet reports each failed pull twice, once naming the image with the error and once as
-- "Error: <reason>" (and each back-off as "Back-off pulling image" and "Error: ImagePullBackOff");
-- an archive may hold either (a Warning-only exporter drops the Normal back-off events), so
-- failed_pulls and backoffs are the larger of the two sums of counts, never their total.
-- image: the one the message names, else the container's image from the pod spec
-- (containers.image), else the one its other failure events name; registry: the part of the image before its first "/" when that part holds
-- "." or ":" or is "localhost" (Docker's rule for a reference), else docker.io.
-- last_error: the error of the latest "Failed to pull image" event (the text after the image).
-- started_after: 1 when the container was seen running after its first failure, 0 when not,
-- NULL for a pod known from events only. Windowing: at first_seen (the first failure).
-- Cached per pod (schema v14): a report's window reads the cache by its first_seen index, since
-- the window functions below keep SQLite from pushing a window into the rule (a month of history
-- computed every pod's failures for one day's report: 2.7 s).
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS image_pull_failures_stale;
CREATE VIEW image_pull_failures_stale AS
WITH failures AS (
    SELECT
        e.cluster,
        e.pod_uid,
        e.namespace,
        e.pod,
        e.container,
        e.message,
        e.count,
        e.first_seen,
        e.last_seen,
        CASE
            WHEN e.reason = 'Failed' AND e.message LIKE 'Failed to pull image "%' THEN 'pull'
            WHEN e.reason = 'Failed' AND e.message = 'Error: ErrImagePull' THEN 'pull-echo'
            WHEN e.reason = 'BackOff' AND e.message LIKE 'Back-off pulling image "%' THEN 'backoff'
            WHEN e.reason = 'Failed' AND e.message = 'Error: ImagePullBackOff' THEN 'backoff-echo'
            WHEN e.reason IN ('ErrImageNeverPull', 'InspectFailed') THEN 'other'
        END AS kind,
        CASE WHEN instr(e.message, 'image "') > 0 THEN
            substr(substr(e.message, instr(e.message, 'image "') + 7), 1,
                instr(substr(e.message, instr(e.message, 'image "') + 7), '"') - 1)
        END AS named_image
    FROM stale_pod_events e
    WHERE e.reason IN ('Failed', 'BackOff', 'ErrImageNeverPull', 'InspectFailed') AND e.pod_uid IS NOT NULL
),
imaged AS (
    SELECT
        f.*,
        coalesce(nullif(f.named_image, ''), c.image, (
            -- An "Error: ..." echo of a container whose spec was never archived: the image its
            -- other failure events name.
            SELECT n.named_image FROM failures n
            WHERE n.cluster = f.cluster AND n.pod_uid = f.pod_uid AND n.container IS f.container AND n.kind IS NOT NULL
                AND n.named_image <> ''
            ORDER BY julianday(n.last_seen) DESC, n.named_image LIMIT 1)) AS image,
        c.first_started_at
    FROM failures f
    LEFT JOIN containers c ON c.pod_uid = f.pod_uid AND c.cluster = f.cluster AND c.name = f.container
    WHERE f.kind IS NOT NULL
),
-- Each group's first and last time and its latest error, by window functions: one pass over the
-- failure events (a correlated lookup per group read them once per group).
ranked AS (
    SELECT
        i.*,
        first_value(i.first_seen) OVER (PARTITION BY i.cluster, i.pod_uid, i.container, i.image
            ORDER BY julianday(i.first_seen), i.first_seen) AS group_first_seen,
        first_value(i.last_seen) OVER (PARTITION BY i.cluster, i.pod_uid, i.container, i.image
            ORDER BY julianday(i.last_seen) DESC, i.last_seen DESC) AS group_last_seen,
        first_value(CASE WHEN i.kind = 'pull' THEN substr(i.message, length('Failed to pull image "') + length(i.named_image) + 4) END)
            OVER (PARTITION BY i.cluster, i.pod_uid, i.container, i.image
            ORDER BY i.kind = 'pull' DESC, julianday(i.last_seen) DESC, i.last_seen DESC, i.message) AS group_last_error
    FROM imaged i
),
grouped AS (
    SELECT
        cluster,
        pod_uid,
        max(namespace) AS namespace,
        max(pod) AS pod,
        container,
        image,
        max(ifnull(sum(CASE WHEN kind = 'pull' THEN count END), 0), ifnull(sum(CASE WHEN kind = 'pull-echo' THEN count END), 0))
            AS failed_pulls,
        max(ifnull(sum(CASE WHEN kind = 'backoff' THEN count END), 0), ifnull(sum(CASE WHEN kind = 'backoff-echo' THEN count END), 0))
            AS backoffs,
        ifnull(sum(CASE WHEN kind = 'other' THEN count END), 0) AS other_failures,
        max(group_first_seen) AS first_seen,
        max(group_last_seen) AS last_seen,
        max(group_last_error) AS last_error,
        min(julianday(first_seen)) AS first_jd,
        max(first_started_at) AS first_started_at
    FROM ranked
    GROUP BY cluster, pod_uid, container, image
)
SELECT
    g.cluster,
    g.pod_uid,
    g.namespace,
    g.pod,
    g.container,
    g.image,
    CASE
        WHEN g.image IS NULL THEN NULL
        WHEN instr(g.image, '/') > 0 AND (instr(substr(g.image, 1, instr(g.image, '/') - 1), '.') > 0
            OR instr(substr(g.image, 1, instr(g.image, '/') - 1), ':') > 0
            OR substr(g.image, 1, instr(g.image, '/') - 1) = 'localhost')
            THEN substr(g.image, 1, instr(g.image, '/') - 1)
        ELSE 'docker.io'
    END AS registry,
    g.failed_pulls,
    g.backoffs,
    g.other_failures,
    g.first_seen,
    g.last_seen,
    g.last_error,
    CASE
        WHEN p.snapshots = 0 THEN NULL
        ELSE g.first_started_at IS NOT NULL AND julianday(g.first_started_at) > g.first_jd
    END AS started_after
FROM grouped g
JOIN pods p ON p.uid = g.pod_uid AND p.cluster = g.cluster;
