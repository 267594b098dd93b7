-- Namespaces by Warning events, with each namespace's most frequent warning.
--
-- warnings sums the Warning Events' counts; events counts Event objects; reasons counts
-- distinct reasons; top_reason is the reason with the most occurrences (ties: first by name).
-- Cluster-scoped objects (nodes) appear with an empty namespace.
--
-- Parameters:
--   :since  only events last seen at or after this UTC time (unset: no lower bound)
--   :until  only events last seen before this UTC time (unset: no upper bound)
--   :limit  at most this many rows (unset: 20)
--
-- Example:
--   podtrail query warning-namespaces --param since=2026-11-27T00:00:00Z --param limit=5
WITH by_reason AS (
    SELECT ifnull(e.namespace, '') AS namespace, e.reason, sum(e.count) AS occurrences, count(*) AS events
    FROM events AS e
    WHERE e.type = 'Warning'
        AND e.last_seen >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
        AND e.last_seen <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
        AND (:since IS NULL OR julianday(e.last_seen) >= julianday(:since))
        AND (:until IS NULL OR julianday(e.last_seen) < julianday(:until))
    GROUP BY ifnull(e.namespace, ''), e.reason
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY namespace ORDER BY occurrences DESC, reason) AS rank
    FROM by_reason
)
SELECT
    namespace,
    sum(occurrences) AS warnings,
    sum(events) AS events,
    count(*) AS reasons,
    max(CASE WHEN rank = 1 THEN reason END) AS top_reason,
    max(CASE WHEN rank = 1 THEN occurrences END) AS top_reason_occurrences
FROM ranked
GROUP BY namespace
ORDER BY warnings DESC, namespace
LIMIT ifnull(:limit, 20);
