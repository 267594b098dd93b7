-- Event reasons by volume: how often each reason occurred, on how many objects.
--
-- occurrences sums the Events' counts (an Event object repeated 12 times counts 12); events
-- counts Event objects; objects counts distinct involved objects.
--
-- Parameters:
--   :namespace  only events in this namespace (unset: every namespace, cluster-scoped too)
--   :type       only Normal or Warning events (unset: both)
--   :since      only events last seen at or after this UTC time (unset: no lower bound)
--   :until      only events last seen before this UTC time (unset: no upper bound)
--
-- Example:
--   podtrail query event-reasons --param type=Warning --param since=2026-11-27T00:00:00Z
SELECT
    e.reason,
    e.type,
    sum(e.count) AS occurrences,
    count(*) AS events,
    count(DISTINCT ifnull(e.object_uid, e.object_kind || '/' || e.namespace || '/' || e.object_name)) AS objects,
    strftime('%Y-%m-%dT%H:%M:%SZ', min(julianday(e.first_seen))) AS first_seen,
    strftime('%Y-%m-%dT%H:%M:%SZ', max(julianday(e.last_seen))) AS last_seen
FROM events AS e
WHERE (:namespace IS NULL OR e.namespace = :namespace)
    AND (:type IS NULL OR e.type = :type)
    AND e.last_seen >= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :since), '')
    AND e.last_seen <= ifnull(strftime('%Y-%m-%dT%H:%M:%S', :until) || 'Z', x'')
    AND (:since IS NULL OR julianday(e.last_seen) >= julianday(:since))
    AND (:until IS NULL OR julianday(e.last_seen) < julianday(:until))
GROUP BY e.reason, e.type
ORDER BY occurrences DESC, e.reason, e.type;
