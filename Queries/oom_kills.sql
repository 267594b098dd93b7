-- oom_kills: every distinct container OOM kill, one row per container_terminations row with
-- reason OOMKilled (a termination seen in state.terminated and again in lastState.terminated
-- is one row: pod uid + container + finishedAt). Exit code 137 alone is not an OOM kill.
-- killed_at = finishedAt (first_observed_at when the runtime gave none); memory_limit is the
-- container's limit in bytes (NULL when it has none). Node-level OOM events (SystemOOM,
-- OOMKilling on Node objects) are in node_oom_events, not here. Windowing: at killed_at.
DROP VIEW IF EXISTS oom_kills;
CREATE VIEW oom_kills AS
SELECT
    t.cluster,
    t.pod_uid,
    p.namespace,
    p.name AS pod,
    p.workload,
    p.node,
    t.container,
    t.init,
    coalesce(t.finished_at, t.first_observed_at) AS killed_at,
    t.started_at,
    t.exit_code,
    c.memory_request_bytes AS memory_request,
    c.memory_limit_bytes AS memory_limit
FROM container_terminations t
LEFT JOIN pods p ON p.cluster = t.cluster AND p.uid = t.pod_uid
LEFT JOIN containers c ON c.cluster = t.cluster AND c.pod_uid = t.pod_uid AND c.name = t.container
WHERE t.reason = 'OOMKilled';
