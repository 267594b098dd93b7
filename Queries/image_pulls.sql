-- image_pulls: one row per kubelet Pulled event of a pod, with the pull time its message states.
-- Messages (pkg/kubelet/images/image_manager.go, every release's wording):
--   Successfully pulled image "x" in 2.345s (2.345s including waiting). Image size: 1234 bytes.
--   Successfully pulled image "x" in 2.345s (3.5s including waiting)
--   Successfully pulled image "x" in 1m3.2s
--   Successfully pulled image "x"                      (no figure: pull_s NULL)
--   Container image "x" already present on machine     (pull_s 0)
-- pulled_s is the first figure (the pull itself); waiting_s the "including waiting" figure
-- (pull plus time queued behind other pulls), equal to pulled_s when the message has none.
-- pull_s = waiting_s: the wall time the pod's start was held up by the pull, which is what
-- the pod-startup SLI subtracts. Figures are Go time.Duration strings (h, m, s, ms, us, µs,
-- ns, combined like 1h2m3.5s), parsed exactly; a figure past Go's longest duration
-- (9223372036.854775807 s, int64 nanoseconds, which the kubelet cannot write) is NULL, as
-- SQLFunctions.goDuration gives. count is the event's count (repeats of one message);
-- pull_total_s = pull_s * count. image: the image the message names.
DROP VIEW IF EXISTS image_pulls;
CREATE VIEW image_pulls AS
WITH pulled AS NOT MATERIALIZED (
    SELECT
        e.*,
        CASE WHEN e.message LIKE 'Successfully pulled image %" in %' THEN
            rtrim(substr(substr(e.message, instr(e.message, '" in ') + 5), 1,
                instr(substr(e.message, instr(e.message, '" in ') + 5) || ' ', ' ') - 1), '.')
        END AS pulled_text,
        CASE WHEN e.message LIKE '%" in % (% including waiting)%' THEN
            substr(e.message, instr(e.message, ' (') + 2,
                instr(e.message, ' including waiting') - instr(e.message, ' (') - 2)
        END AS waiting_text
    FROM pod_events e
    WHERE e.reason = 'Pulled'
),
-- The two figures of each event as rows (kind 1: pulled, 2: including waiting), each parsed
-- by the Go duration parser, run per row (a correlated subquery): peel "<number><unit>" off the
-- front until the text is empty. Per event, not over every event then joined back: SQLite has
-- no index on a recursive CTE's result and scanned it once per event (quadratic in the events
-- whose messages carry figures). NOT MATERIALIZED: the final SELECT reads one event's figure
-- at a time, which SQLite then finds by the event's id.
figures AS NOT MATERIALIZED (
    SELECT event_id, 1 AS kind, pulled_text AS figure_text FROM pulled
    UNION ALL
    SELECT event_id, 2 AS kind, waiting_text AS figure_text FROM pulled
),
figured AS NOT MATERIALIZED (
    SELECT
        x.event_id,
        x.kind,
        CASE WHEN x.figure_text IS NOT NULL THEN (
            WITH RECURSIVE f(rest, seconds) AS (
                SELECT x.figure_text, 0.0
                UNION ALL
            SELECT
                substr(ltrim(rest, '0123456789.'),
                    CASE WHEN substr(ltrim(rest, '0123456789.'), 1, 2) IN ('ms', 'us', 'µs', 'μs', 'ns') THEN 3 ELSE 2 END),
                CASE
                    WHEN length(rest) = length(ltrim(rest, '0123456789.')) THEN NULL
                    ELSE seconds + CAST(substr(rest, 1, length(rest) - length(ltrim(rest, '0123456789.'))) AS REAL) *
                        CASE
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 2) = 'ms' THEN 0.001
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 2) IN ('us', 'µs', 'μs') THEN 0.000001
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 2) = 'ns' THEN 0.000000001
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 1) = 'h' THEN 3600.0
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 1) = 'm' THEN 60.0
                            WHEN substr(ltrim(rest, '0123456789.'), 1, 1) = 's' THEN 1.0
                        END
                END
                FROM f
                WHERE rest <> '' AND seconds IS NOT NULL)
            SELECT seconds FROM f WHERE rest = '' AND seconds IS NOT NULL AND seconds <= 9223372036.854775807) END AS seconds
    FROM figures x
)
SELECT
    p.cluster,
    p.pod_uid,
    p.event_id,
    p.container,
    p.message,
    p.count,
    p.first_seen,
    p.last_seen,
    -- The image the message names (between its first pair of quotes).
    substr(substr(p.message, instr(p.message, '"') + 1), 1, instr(substr(p.message, instr(p.message, '"') + 1), '"') - 1) AS image,
    p.message LIKE 'Container image % already present on machine%' AS already_present,
    CASE WHEN p.message LIKE 'Container image % already present on machine%' THEN 0.0
        ELSE (SELECT f.seconds FROM figured f WHERE f.event_id = p.event_id AND f.kind = 1) END AS pulled_s,
    CASE WHEN p.message LIKE 'Container image % already present on machine%' THEN 0.0
        ELSE coalesce((SELECT f.seconds FROM figured f WHERE f.event_id = p.event_id AND f.kind = 2),
            (SELECT f.seconds FROM figured f WHERE f.event_id = p.event_id AND f.kind = 1)) END AS pull_s
FROM pulled p;
