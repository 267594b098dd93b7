-- node_oom_events: node-level OOM reports, one row per Event object, kept apart from container
-- OOM kills: the kubelet's SystemOOM (a process outside any pod limit was killed) and
-- node-problem-detector's OOMKilling (a kernel "Killed process" line, which may also be a
-- container's cgroup OOM already in oom_kills). occurrences = the event's count; the victim is
-- the process named in the message ("victim process: NAME" / "Killed process PID (NAME)").
-- Windowing: at first_seen.
DROP VIEW IF EXISTS node_oom_events;
CREATE VIEW node_oom_events AS
SELECT
    e.cluster,
    e.object_name AS node,
    e.reason,
    e.source_component,
    e.count AS occurrences,
    e.first_seen,
    e.last_seen,
    CASE
        WHEN instr(e.message, 'victim process: ') > 0 THEN
            substr(e.message, instr(e.message, 'victim process: ') + 16,
                instr(substr(e.message, instr(e.message, 'victim process: ') + 16) || ',', ',') - 1)
        WHEN instr(e.message, 'Killed process ') > 0 AND instr(e.message, ' (') > 0 THEN
            substr(e.message, instr(e.message, ' (') + 2,
                instr(substr(e.message, instr(e.message, ' (') + 2) || ')', ')') - 1)
    END AS victim,
    e.message
FROM events e
WHERE e.object_kind = 'Node' AND e.reason IN ('SystemOOM', 'OOMKilling');
