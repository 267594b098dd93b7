-- Image pull time by image and node, from the kubelet's Pulled events.
--
-- Built on the image_pulls view (one row per Pulled event, pull_s parsed from its message):
-- pulls counts "Successfully pulled image X ..." occurrences (an Event's count included),
-- total_s/avg_s/max_s sum pull_s over those with a figure, cached counts "Container image X
-- already present on machine". node is the kubelet that reported the event, else the pod's node.
--
-- Parameters:
--   :namespace  only events in this namespace (unset: every namespace)
--   :node       only this node (unset: every node)
--   :image      only this image, as written in the pod spec (unset: every image)
--   :since      only events last seen at or after this UTC time (unset: no lower bound)
--   :until      only events last seen before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query image-pull-times --param since=2026-11-27T00:00:00Z
WITH pulled AS (
    -- With a window, the Pulled events last seen in it (by events_reason); without one, every
    -- Pulled event. Only one branch runs; image_pulls is then read by event id.
    SELECT e.id FROM events AS e
    WHERE (:since IS NOT NULL OR :until IS NOT NULL) AND e.reason = 'Pulled'
        AND e.last_seen >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
        AND e.last_seen <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    UNION ALL
    SELECT e.id FROM events AS e
    WHERE :since IS NULL AND :until IS NULL AND e.reason = 'Pulled'
),
pulls AS (
    SELECT
        i.count,
        i.already_present,
        i.pull_s,
        ifnull(ev.source_host, pod.node) AS node,
        substr(i.message, instr(i.message, '"') + 1) AS after_quote
    FROM pulled AS w
    CROSS JOIN image_pulls AS i ON i.event_id = w.id
    JOIN events AS ev ON ev.id = i.event_id
    LEFT JOIN pods AS pod ON pod.uid = i.pod_uid AND pod.cluster = i.cluster
    WHERE (:namespace IS NULL OR ev.namespace = :namespace)
        AND (:since IS NULL OR julianday(i.last_seen) >= julianday(:since))
        AND (:until IS NULL OR julianday(i.last_seen) < julianday(:until))
),
images AS (
    SELECT count, already_present, pull_s, node, substr(after_quote, 1, instr(after_quote, '"') - 1) AS image
    FROM pulls
)
SELECT
    image,
    node,
    sum(CASE WHEN already_present THEN 0 ELSE count END) AS pulls,
    sum(CASE WHEN already_present THEN count ELSE 0 END) AS cached,
    round(sum(CASE WHEN already_present THEN NULL ELSE pull_s * count END), 3) AS total_s,
    round(sum(CASE WHEN already_present THEN NULL ELSE pull_s * count END)
        / sum(CASE WHEN already_present OR pull_s IS NULL THEN NULL ELSE count END), 3) AS avg_s,
    round(max(CASE WHEN already_present THEN NULL ELSE pull_s END), 3) AS max_s
FROM images
WHERE (:node IS NULL OR node = :node)
    AND (:image IS NULL OR image = :image)
GROUP BY image, node
ORDER BY total_s DESC, image, node;
