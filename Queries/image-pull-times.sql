-- Image pull time by image and node, from the kubelet's Pulled events.
--
-- pulls counts "Successfully pulled image X in D" occurrences (an Event's count included) and
-- total_s/avg_s/max_s sum the Go durations D in their messages ("2.345s", "1m3.2s", "850ms");
-- cached counts "Container image X already present on machine" (no pull). node is the kubelet
-- that reported the event, else the pod's node.
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
    SELECT
        e.count,
        ifnull(e.source_host, p.node) AS node,
        substr(e.message, instr(e.message, '"') + 1) AS after_quote,
        CASE WHEN e.message LIKE 'Successfully pulled image %'
            THEN rtrim(substr(e.message, instr(e.message, '" in ') + 5), '.') END AS from_duration
    FROM events AS e
    LEFT JOIN pods AS p ON p.uid = e.object_uid AND p.cluster = e.cluster
    WHERE e.reason = 'Pulled'
        AND (e.message LIKE 'Successfully pulled image %' OR e.message LIKE 'Container image % already present%')
        AND (:namespace IS NULL OR e.namespace = :namespace)
        AND e.last_seen >= ifnull(substr(:since, 1, 19), '')
        AND e.last_seen <= ifnull(substr(:until, 1, 19) || 'Z', x'')
        AND (:since IS NULL OR julianday(e.last_seen) >= julianday(:since))
        AND (:until IS NULL OR julianday(e.last_seen) < julianday(:until))
),
tokens AS (
    SELECT
        count,
        node,
        substr(after_quote, 1, instr(after_quote, '"') - 1) AS image,
        CASE WHEN instr(from_duration, ' ') > 0
            THEN substr(from_duration, 1, instr(from_duration, ' ') - 1) ELSE from_duration END AS token
    FROM pulled
),
-- A Go duration is "850ms", "1.5µs", "12ns", or [Nh][Nm]N.Ns: split at h and m, then seconds.
parts AS (
    SELECT count, node, image, token,
        CASE WHEN instr(token, 'h') > 0 THEN substr(token, 1, instr(token, 'h') - 1) ELSE '0' END AS hours,
        substr(token, instr(token, 'h') + 1) AS after_hours
    FROM tokens
),
durations AS (
    SELECT count, node, image,
        CASE
            WHEN token IS NULL THEN NULL
            WHEN token LIKE '%ms' THEN CAST(substr(token, 1, length(token) - 2) AS REAL) / 1e3
            WHEN token LIKE '%µs' OR token LIKE '%us' THEN CAST(substr(token, 1, length(token) - 2) AS REAL) / 1e6
            WHEN token LIKE '%ns' THEN CAST(substr(token, 1, length(token) - 2) AS REAL) / 1e9
            ELSE CAST(hours AS REAL) * 3600
                + CASE WHEN instr(after_hours, 'm') > 0
                    THEN CAST(substr(after_hours, 1, instr(after_hours, 'm') - 1) AS REAL) * 60 ELSE 0 END
                + CAST(rtrim(substr(after_hours, instr(after_hours, 'm') + 1), 's') AS REAL)
        END AS seconds
    FROM parts
)
SELECT
    image,
    node,
    sum(CASE WHEN seconds IS NOT NULL THEN count ELSE 0 END) AS pulls,
    sum(CASE WHEN seconds IS NULL THEN count ELSE 0 END) AS cached,
    round(sum(seconds * count), 3) AS total_s,
    round(sum(seconds * count) / sum(CASE WHEN seconds IS NOT NULL THEN count END), 3) AS avg_s,
    round(max(seconds), 3) AS max_s
FROM durations
WHERE (:node IS NULL OR node = :node)
    AND (:image IS NULL OR image = :image)
GROUP BY image, node
ORDER BY total_s DESC, image, node;
