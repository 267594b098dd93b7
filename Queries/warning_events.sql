-- warning_events: every Warning Event, one row per Event object, with the pod it is about.
-- object_kind/object_name name what the event is about (a Pod, a Node, a ReplicaSet, ...);
-- pod_uid is the pod's uid for an Event about a pod (pod_events' rule: by involvedObject.uid,
-- else the newest pod of that name created at or before the event), NULL for other objects.
-- occurrences = the event's count (repeats of one message); message as in pod_events for pods
-- (a leading "(combined from similar events): " removed), as archived for other objects.
-- Windowing: at first_seen.
DROP VIEW IF EXISTS warning_events;
CREATE VIEW warning_events AS
SELECT
    e.cluster,
    e.namespace,
    e.object_kind,
    e.object_name,
    pe.pod_uid,
    e.container,
    e.reason,
    coalesce(pe.message, e.message) AS message,
    e.count AS occurrences,
    e.first_seen,
    e.last_seen,
    e.source_component
FROM events e
LEFT JOIN pod_events pe ON pe.event_id = e.id
WHERE e.type = 'Warning';

-- warning_reasons: Warning events by cluster, namespace and reason: occurrences (the events'
-- counts summed), events (Event objects) and objects (distinct pods, or kind/name for other
-- objects). Events about cluster-scoped objects (nodes) have an empty namespace.
DROP VIEW IF EXISTS warning_reasons;
CREATE VIEW warning_reasons AS
SELECT
    cluster,
    ifnull(namespace, '') AS namespace,
    reason,
    sum(occurrences) AS occurrences,
    count(*) AS events,
    count(DISTINCT ifnull(pod_uid, ifnull(object_kind, '') || '/' || ifnull(object_name, ''))) AS objects
FROM warning_events
GROUP BY cluster, ifnull(namespace, ''), reason;
