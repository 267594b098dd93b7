-- scheduling_failures: why the scheduler could not place a pod, one row per scheduler message and
-- cause. The messages are the pod's FailedScheduling Events (pod_events; "skip schedule deleting
-- pod" says nothing of why and is left out) and, for a pod with none, its PodScheduled=False
-- condition (pods.scheduling_failure_message, source 'condition').
-- A message (pkg/scheduler/framework/types.go FitError.Error) reads
--   0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {k: v}. preemption: ...
-- a PreFilter rejection replaces the counted list with one sentence ("0/3 nodes are available:
-- pod has unbound immediate PersistentVolumeClaims. preemption: ..."), and schedulers before
-- v1.10 wrote "No nodes are available that match all of the following predicates:: Insufficient
-- cpu (9), MatchNodeSelector (18)." or "fit failure summary on nodes : Insufficient pods (2), ...".
-- The list (up to the first ". ", the preemption part is about victims, not causes) is split at
-- ", " and each item classified by the plugin wordings of every release:
--   insufficient-cpu      Insufficient cpu
--   insufficient-memory   Insufficient memory
--   insufficient-gpu      Insufficient <extended resource>: nvidia.com/gpu, amd.com/gpu, any name with a "/"
--   taint                 node(s) had untolerated taint {..} / had taint {..}, that the pod didn't
--                         tolerate / had taints that the pod didn't tolerate / were unschedulable
--                         (cordoned: the node.kubernetes.io/unschedulable taint); PodToleratesNodeTaints
--   node-affinity         node(s) didn't match Pod's node affinity/selector / didn't match node
--                         selector / scheduler-enforced node affinity; MatchNodeSelector
--   pod-affinity          node(s) didn't match pod affinity rules / pod anti-affinity rules /
--                         pod affinity/anti-affinity, didn't satisfy existing pods anti-affinity
--                         rules; MatchInterPodAffinity
--   volume                volume node affinity conflict, PersistentVolume's node affinity, no
--                         available volume zone, persistent volumes to bind, max volume count, unbound
--                         immediate PersistentVolumeClaims, free storage, pvc(s), no available disk
--   other                 anything else: free ports, topology spread constraints, Too many pods,
--                         Insufficient ephemeral-storage or pods, not ready, custom scheduler text
-- A message naming several causes gives a row for each (a pod counts under each of its causes);
-- one with no list is one `other` row. nodes: the nodes the message gives for that cause, the
-- largest count of its items (one node may fail for several reasons, so the counts of two items
-- may overlap and their sum can exceed the nodes); NULL when no item gives a number;
-- total_nodes: the N of "0/N".
-- occurrences: the event's count (1 for a condition). Windowing: at first_seen.
DROP VIEW IF EXISTS scheduling_failures;
CREATE VIEW scheduling_failures AS
WITH RECURSIVE messages AS (
    SELECT e.cluster, e.pod_uid, e.event_id AS message_key, e.message, e.count AS occurrences, e.first_seen, e.last_seen,
        'event' AS source
    FROM pod_events e
    WHERE e.reason = 'FailedScheduling' AND e.pod_uid IS NOT NULL AND e.message NOT LIKE 'skip schedule deleting pod%'
    UNION ALL
    SELECT p.cluster, p.uid, -p.id, p.scheduling_failure_message, 1, p.scheduling_failure_at, p.scheduling_failure_at,
        'condition'
    FROM pods p
    WHERE p.scheduling_failure_message IS NOT NULL
        -- The pod's FailedScheduling events, found by index: by its uid, and those without a uid
        -- that pod_events places on it (a filter on pod_events' computed pod_uid reads every event).
        AND NOT EXISTS (SELECT 1 FROM events v CROSS JOIN pod_events e ON e.event_id = v.id
            WHERE v.object_uid = p.uid AND v.cluster = p.cluster AND v.object_kind = 'Pod' AND +v.reason = 'FailedScheduling'
                AND e.message NOT LIKE 'skip schedule deleting pod%')
        AND NOT EXISTS (SELECT 1 FROM events v CROSS JOIN pod_events e ON e.event_id = v.id
            WHERE v.object_kind = 'Pod' AND v.namespace = p.namespace AND v.object_name = p.name AND v.cluster = p.cluster
                AND ifnull(v.object_uid, '') = '' AND +v.reason = 'FailedScheduling' AND e.pod_uid = p.uid
                AND e.message NOT LIKE 'skip schedule deleting pod%')
),
-- The list of causes: after the header, up to the first ". " (or the final "."), with ", " after it
-- for the split below.
-- Each distinct text is split and classified once (a scheduler repeats the same words for
-- every pod and retry: a month holds few texts among many failures).
texts AS (
    SELECT DISTINCT message FROM messages
),
bodies AS (
    SELECT m.message, ltrim(CASE
            WHEN instr(m.message, 'nodes are available: ') > 0 THEN substr(m.message, instr(m.message, 'nodes are available: ') + 21)
            WHEN instr(m.message, 'following predicates:') > 0 THEN ltrim(substr(m.message, instr(m.message, 'following predicates:') + 21), ':')
            WHEN instr(m.message, 'fit failure summary on nodes :') > 0 THEN substr(m.message, instr(m.message, 'fit failure summary on nodes :') + 30)
            ELSE m.message
        END, ' ') AS body
    FROM texts m
),
lists AS (
    SELECT message,
        rtrim(CASE WHEN instr(body, '. ') > 0 THEN substr(body, 1, instr(body, '. ') - 1) ELSE body END, '. ') || ', ' AS rest
    FROM bodies
),
items(message, item, rest) AS (
    SELECT message, NULL, rest FROM lists
    UNION ALL
    SELECT message, trim(substr(rest, 1, instr(rest, ', ') - 1)), substr(rest, instr(rest, ', ') + 2)
    FROM items
    WHERE instr(rest, ', ') > 0
),
classified AS (
    SELECT
        message,
        CASE
            WHEN item LIKE '%volume%' OR item LIKE '%PersistentVolumeClaim%' OR item LIKE '%pvc(s)%' OR item LIKE '%free storage%'
                OR item LIKE '%available disk%' OR item LIKE '%NoDiskConflict%' THEN 'volume'
            WHEN item LIKE '%taint%' OR item LIKE '%tolerate%' OR item LIKE '%were unschedulable%' OR item LIKE '%NodeUnschedulable%'
                THEN 'taint'
            WHEN item LIKE '%anti-affinity%' OR item LIKE '%pod affinity%' OR item LIKE '%InterPodAffinity%' OR item LIKE '%AntiAffinity%'
                THEN 'pod-affinity'
            WHEN item LIKE '%node affinity%' OR item LIKE '%node selector%' OR item LIKE '%NodeSelector%' OR item LIKE '%NodeAffinity%'
                THEN 'node-affinity'
            WHEN item LIKE '%Insufficient cpu%' THEN 'insufficient-cpu'
            WHEN item LIKE '%Insufficient memory%' THEN 'insufficient-memory'
            WHEN item LIKE '%Insufficient %/%' THEN 'insufficient-gpu'
            ELSE 'other'
        END AS cause,
        -- "3 Insufficient cpu" (a leading count) or "Insufficient cpu (9)" (before v1.10).
        CASE
            WHEN item GLOB '[0-9]*' AND CAST(item AS INTEGER) || ' ' = substr(item, 1, length(CAST(item AS INTEGER)) + 1)
                THEN CAST(item AS INTEGER)
            WHEN item GLOB '* ([0-9]*)' THEN CAST(substr(item, length(rtrim(item, '0123456789()')) + 2) AS INTEGER)
        END AS nodes
    FROM items
    WHERE item IS NOT NULL AND item <> ''
),
causes AS (
    SELECT message, cause, max(nodes) AS nodes FROM classified GROUP BY message, cause
)
SELECT
    m.cluster,
    m.pod_uid,
    p.namespace,
    p.name AS pod,
    c.cause,
    c.nodes,
    CASE WHEN m.message GLOB '0/[0-9]* nodes are available*' THEN CAST(substr(m.message, 3) AS INTEGER) END AS total_nodes,
    m.occurrences,
    m.first_seen,
    m.last_seen,
    m.source,
    m.message
FROM messages m
JOIN causes c ON c.message = m.message
JOIN pods p ON p.uid = m.pod_uid AND p.cluster = m.cluster;
