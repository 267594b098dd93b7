-- never_ready: one row per pod whose Ready condition was never seen True (Succeeded pods, which
-- may finish without ever being Ready, are left out).
-- A pod counts when no observation showed Ready=True: pods.ready_at (the first Ready) and
-- pods.ready_transition_at (the earliest Ready=True seen, first or not) are both NULL, so a pod
-- first seen Ready after restarts (its first Ready unknown) is not here. A pod known from events
-- only (no snapshot) is left out too: whether it became Ready is unknown, not "never".
-- observed_s: how long podtrail saw it (creation to last observation); last_warning: the reason
-- of its latest Warning event. The named query never-ready reads this view. Windowing: at
-- created_at.
DROP VIEW IF EXISTS never_ready;
CREATE VIEW never_ready AS
SELECT
    p.cluster,
    p.uid AS pod_uid,
    p.namespace,
    p.name AS pod,
    p.workload,
    p.node,
    p.created_at,
    p.last_observed_at,
    round((julianday(p.last_observed_at) - julianday(p.created_at)) * 86400, 3) AS observed_s,
    p.final_phase,
    p.final_status,
    p.restarts,
    (SELECT e.reason FROM events AS e
        WHERE e.object_uid = p.uid AND e.cluster = p.cluster AND +e.type = 'Warning'  -- + keeps SQLite on the per-pod index
        ORDER BY julianday(e.last_seen) DESC, e.id DESC LIMIT 1) AS last_warning
FROM pods AS p
WHERE p.ready_at IS NULL
    AND p.ready_transition_at IS NULL
    AND p.snapshots > 0
    AND ifnull(p.final_phase, '') <> 'Succeeded';
