-- podtrail schema version 11: timelines whose cost follows the window, not the history (#28).
--
-- pod_spans (Queries/pod_spans.sql) cached per pod: each pod's first and last known instant,
-- with its namespace, node and workload, indexed so that a node's or namespace's timeline
-- over a window reads the pods whose span reaches past the window's start, not every pod the
-- node or namespace ever had. The cache's columns are the view's; AnalysisCache fills it.
CREATE TABLE IF NOT EXISTS pod_spans_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    node TEXT,
    workload TEXT,
    known_from TEXT,
    known_until TEXT,
    PRIMARY KEY (pod_uid, cluster)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pod_spans_cache_node ON pod_spans_cache (node, julianday(known_until));
CREATE INDEX IF NOT EXISTS pod_spans_cache_namespace ON pod_spans_cache (namespace, julianday(known_until));

-- The events a timeline reads by time besides a pod's own: a node's, the controllers' of a
-- namespace (ReplicaSets, Jobs, ...), and pod events without a pod uid (whose pod is found by
-- name). Partial indexes: each holds only its kind of event. A query uses one when its WHERE
-- repeats the index's condition and compares julianday(coalesce(last_seen, first_seen)).
CREATE INDEX IF NOT EXISTS events_node_time ON events (object_name, julianday(coalesce(last_seen, first_seen)))
    WHERE object_kind = 'Node';
CREATE INDEX IF NOT EXISTS events_controller_time ON events (namespace, julianday(coalesce(last_seen, first_seen)))
    WHERE ifnull(object_kind, '') NOT IN ('Pod', 'Node');
CREATE INDEX IF NOT EXISTS events_pod_without_uid_time ON events (julianday(coalesce(last_seen, first_seen)))
    WHERE object_kind = 'Pod' AND ifnull(object_uid, '') = '';

-- Named queries over a window of terminations (terminations-by-exit-code) read it by finish time.
CREATE INDEX IF NOT EXISTS container_terminations_finished ON container_terminations (finished_at);

-- Every pod gains its span: compute them all.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);
