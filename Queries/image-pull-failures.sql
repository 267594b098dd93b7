-- Containers that could not get their image: ErrImagePull, ImagePullBackOff, InvalidImageName.
--
-- One row per container of one pod that was seen waiting with an image reason: which reasons
-- (comma-separated, alphabetical), the image from the pod spec, the first and last snapshot
-- showing it, and whether the container ever started afterwards (recovered = 1).
--
-- Parameters:
--   :namespace  only pods in this namespace (unset: every namespace)
--   :image      only this image (unset: every image)
--
-- Example:
--   podtrail query image-pull-failures --param namespace=shop
WITH waits AS (
    SELECT cs.cluster, cs.pod_uid, cs.container, cs.reason, julianday(cs.observed_at) AS at
    FROM container_snapshots AS cs
    WHERE cs.reason IN ('ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull')
),
reasons AS (
    SELECT cluster, pod_uid, container, group_concat(reason, ',') AS reasons
    FROM (SELECT DISTINCT cluster, pod_uid, container, reason FROM waits ORDER BY cluster, pod_uid, container, reason)
    GROUP BY cluster, pod_uid, container
)
SELECT
    p.namespace,
    p.name AS pod,
    w.container,
    c.image,
    r.reasons,
    strftime('%Y-%m-%dT%H:%M:%SZ', min(w.at)) AS first_seen,
    strftime('%Y-%m-%dT%H:%M:%SZ', max(w.at)) AS last_seen,
    count(*) AS snapshots,
    c.first_started_at IS NOT NULL AND julianday(c.first_started_at) > min(w.at) AS recovered,
    p.uid AS pod_uid
FROM waits AS w
JOIN pods AS p ON p.uid = w.pod_uid AND p.cluster = w.cluster
JOIN reasons AS r ON r.pod_uid = w.pod_uid AND r.container = w.container AND r.cluster = w.cluster
LEFT JOIN containers AS c ON c.pod_uid = w.pod_uid AND c.name = w.container AND c.cluster = w.cluster
WHERE (:namespace IS NULL OR p.namespace = :namespace)
    AND (:image IS NULL OR c.image = :image)
GROUP BY w.cluster, w.pod_uid, w.container
ORDER BY min(w.at), p.namespace, p.name, w.container;
