-- evictions: every pod evicted, preempted or otherwise disrupted, one row per pod uid however
-- many sources mention it. Evidence (all are read, the pod counts once):
--   status    the first snapshot whose status.reason is Evicted, Preempting (kubelet critical-pod
--             preemption), NodeLost, Shutdown or NodeShutdown, Terminated with a shutdown
--             message (graceful node shutdown), or a kubelet admission rejection: OutOf<resource>,
--             a predicate's name (NodeAffinity, MatchNodeSelector, NodePorts, TaintToleration, ...),
--             UnexpectedAdmissionError, InvalidNodeInfo, PodOS*, ...
--   event     Evicted (kubelet), Preempted (scheduler), Preempting (kubelet),
--             TaintManagerEviction "Marking for deletion ..." (only when the pod's deletion was
--             requested: a "Cancelling deletion" pod stays), and the admission rejections' events
--   condition DisruptionTarget (pod_disruptions)
-- evicted_at = the earliest evidence time (snapshot observed_at, event first_seen, condition
-- transition). cause, first rule that matches:
--   kubelet Evicted message, after rejectPod's status prefix ("Pod " up to v1.25, "Pod was
--     rejected: " from v1.26) is removed:
--     "The node had condition: [XPressure]. " (v1.11 on) or "The node was low on resource:
--     [XPressure]." (up to v1.10): the pod was refused at admission under node pressure ->
--     admission-rejected (resource memory / ephemeral-storage / pids by X)
--     "The node was low on resource: R." -> memory-pressure (R memory), disk-pressure
--     (ephemeral-storage, inodes, nodefs, imagefs, nodefsInodes, imagefsInodes, containerfs),
--     pid-pressure (pids), ephemeral-storage-limit (EmptyDir, containerOverlay: up to v1.10),
--     other; "Usage of EmptyDir volume", "Pod ephemeral local storage usage exceeds",
--     "Container ... exceeded its local ephemeral storage limit" -> ephemeral-storage-limit
--   status or event reason OutOf<resource> or a predicate's name -> admission-rejected
--     (resource: <resource> of OutOf<resource>)
--   Preempted / Preempting (event or status) or condition PreemptionByScheduler /
--     PreemptionByKubeScheduler -> preemption
--   status Terminated / Shutdown / NodeShutdown -> node-shutdown
--   TaintManagerEviction or condition DeletionByTaintManager / DeletionByDeviceTaintManager -> taint
--   condition EvictionByEvictionAPI -> api-eviction (kubectl drain, autoscalers)
--   status NodeLost -> node-lost
--   condition DeletionByPodGC -> pod-gc
--   condition TerminationByKubelet with a shutdown message -> node-shutdown
--   anything else -> other
-- From the kubelet message: resource, the first offending container, its usage and request
-- (old "was using U, which exceeds its request of R", new "was using U, request is R, ..."),
-- the threshold and available quantities (newer kubelets). A pod known only from events takes
-- namespace and name from the events and node from the Evicted event's source host.
-- sources lists the kinds of evidence seen, in the order status,event,condition.
-- Windowing: counts at evicted_at.
--
-- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
DROP VIEW IF EXISTS evictions_stale;
CREATE VIEW evictions_stale AS
WITH stale AS MATERIALIZED (
    SELECT cluster, uid FROM stale_analysis_pods
),
evidence AS (
    SELECT s.cluster, s.pod_uid, 'status' AS source, s.reason, s.message,
        s.observed_at AS at, julianday(s.observed_at) AS jd, NULL AS namespace, NULL AS pod, NULL AS host
    FROM stale x
    CROSS JOIN pod_snapshots s ON s.pod_uid = x.uid AND s.cluster = x.cluster
    -- Few stale pods: from each to its snapshots; many: every snapshot of these reasons.
    WHERE (SELECT few FROM stale_analysis_size)
        AND (+s.reason IN ('Evicted', 'Preempting', 'NodeLost', 'Shutdown', 'NodeShutdown', 'UnexpectedAdmissionError', 'NodeAffinity', 'MatchNodeSelector', 'NodeName', 'HostName', 'NodePorts', 'PodFitsHostPorts', 'TaintToleration', 'InvalidNodeInfo', 'PodOSSelectorNodeLabelDoesNotMatch', 'PodOSNotSupported', 'InitContainerRestartPolicyForbidden', 'SupplementalGroupsPolicyNotSupported', 'UnknownReason', 'UnexpectedPredicateFailureType')
            OR (+s.reason >= 'OutOf' AND +s.reason < 'OutOg')
            OR (+s.reason = 'Terminated' AND s.message LIKE '%shutdown%'))
    UNION ALL
    SELECT s.cluster, s.pod_uid, 'status' AS source, s.reason, s.message,
        s.observed_at AS at, julianday(s.observed_at) AS jd, NULL AS namespace, NULL AS pod, NULL AS host
    FROM pod_snapshots s
    WHERE NOT (SELECT few FROM stale_analysis_size)
        AND (s.reason IN ('Evicted', 'Preempting', 'NodeLost', 'Shutdown', 'NodeShutdown', 'UnexpectedAdmissionError', 'NodeAffinity', 'MatchNodeSelector', 'NodeName', 'HostName', 'NodePorts', 'PodFitsHostPorts', 'TaintToleration', 'InvalidNodeInfo', 'PodOSSelectorNodeLabelDoesNotMatch', 'PodOSNotSupported', 'InitContainerRestartPolicyForbidden', 'SupplementalGroupsPolicyNotSupported', 'UnknownReason', 'UnexpectedPredicateFailureType')
            OR (s.reason >= 'OutOf' AND s.reason < 'OutOg')
            OR (s.reason = 'Terminated' AND s.message LIKE '%shutdown%'))
        AND (EXISTS (SELECT 1 FROM stale_pods x WHERE x.uid = s.pod_uid AND x.cluster = s.cluster)
            OR EXISTS (SELECT 1 FROM refreshing_pods x WHERE x.uid = s.pod_uid AND x.cluster = s.cluster))
    UNION ALL
    SELECT e.cluster, e.pod_uid, 'event', e.reason, e.message, e.first_seen, julianday(e.first_seen),
        e.namespace, e.pod, CASE WHEN e.reason = 'Evicted' THEN e.source_host END
    FROM stale_pod_events e
    -- One IN list over every reason, so SQLite reads these events by the reason index.
    WHERE e.pod_uid IS NOT NULL
        AND (e.reason IN ('Evicted', 'Preempted', 'Preempting', 'TaintManagerEviction', 'UnexpectedAdmissionError', 'NodeAffinity', 'MatchNodeSelector', 'NodeName', 'HostName', 'NodePorts', 'PodFitsHostPorts', 'TaintToleration', 'InvalidNodeInfo', 'PodOSSelectorNodeLabelDoesNotMatch', 'PodOSNotSupported', 'InitContainerRestartPolicyForbidden', 'SupplementalGroupsPolicyNotSupported', 'UnknownReason', 'UnexpectedPredicateFailureType')
            OR (e.reason >= 'OutOf' AND e.reason < 'OutOg'))
        AND (e.reason <> 'TaintManagerEviction' OR (e.message LIKE 'Marking for deletion%'
            AND EXISTS (SELECT 1 FROM pods p WHERE p.cluster = e.cluster AND p.uid = e.pod_uid
                AND p.deletion_requested_at IS NOT NULL)))
    UNION ALL
    SELECT d.cluster, d.pod_uid, 'condition', d.reason, d.message, d.at, julianday(d.at), NULL, NULL, NULL
    FROM stale x
    CROSS JOIN pod_disruptions d ON d.pod_uid = x.uid AND d.cluster = x.cluster
),
ranked AS (
    SELECT v.*,
        row_number() OVER (PARTITION BY v.cluster, v.pod_uid ORDER BY v.jd, v.source) AS by_time,
        row_number() OVER (PARTITION BY v.cluster, v.pod_uid
            ORDER BY v.reason <> 'Evicted', v.source = 'event', v.jd) AS by_kubelet,
        row_number() OVER (PARTITION BY v.cluster, v.pod_uid ORDER BY v.source = 'condition', v.jd, v.source) AS by_message
    FROM evidence v
),
per_pod AS (
    SELECT
        cluster, pod_uid,
        max(CASE WHEN by_time = 1 THEN at END) AS evicted_at,
        ltrim(max(CASE WHEN source = 'status' THEN ',status' ELSE '' END)
            || max(CASE WHEN source = 'event' THEN ',event' ELSE '' END)
            || max(CASE WHEN source = 'condition' THEN ',condition' ELSE '' END), ',') AS sources,
        max(CASE WHEN by_kubelet = 1 AND reason = 'Evicted' THEN message END) AS kubelet_message,
        -- Kubelet admission rejections (rejectPod): reason OutOf<resource> or a predicate's name.
        max(CASE WHEN reason >= 'OutOf' AND reason < 'OutOg' OR reason IN ('UnexpectedAdmissionError', 'NodeAffinity', 'MatchNodeSelector', 'NodeName', 'HostName', 'NodePorts', 'PodFitsHostPorts', 'TaintToleration', 'InvalidNodeInfo', 'PodOSSelectorNodeLabelDoesNotMatch', 'PodOSNotSupported', 'InitContainerRestartPolicyForbidden', 'SupplementalGroupsPolicyNotSupported', 'UnknownReason', 'UnexpectedPredicateFailureType') THEN reason END) AS admission_reason,
        max(reason IN ('Preempted', 'Preempting', 'PreemptionByScheduler', 'PreemptionByKubeScheduler')) AS preempted,
        max(source = 'status' AND reason IN ('Terminated', 'Shutdown', 'NodeShutdown')) AS shut_down,
        max(reason IN ('TaintManagerEviction', 'DeletionByTaintManager', 'DeletionByDeviceTaintManager')) AS tainted,
        max(reason = 'EvictionByEvictionAPI') AS api_evicted,
        max(reason = 'NodeLost') AS node_lost,
        max(reason = 'DeletionByPodGC') AS gc,
        max(reason = 'TerminationByKubelet' AND message LIKE '%shutdown%') AS kubelet_shutdown,
        max(CASE WHEN by_message = 1 THEN message END) AS any_message,
        max(namespace) AS event_namespace,
        max(pod) AS event_pod,
        max(host) AS event_node
    FROM ranked
    GROUP BY cluster, pod_uid
),
-- The kubelet's message without rejectPod's prefix: "Pod " (up to v1.25) or "Pod was rejected: "
-- (v1.26 on) before an admission message in a pod's status; events carry the bare message.
unprefixed AS (
    SELECT
        p.*,
        CASE
            WHEN p.kubelet_message LIKE 'Pod was rejected: %' THEN substr(p.kubelet_message, 19)
            WHEN p.kubelet_message LIKE 'Pod The node %' THEN substr(p.kubelet_message, 5)
            ELSE p.kubelet_message
        END AS bare_message
    FROM per_pod p
),
parsed AS (
    SELECT
        p.*,
        CASE WHEN p.bare_message LIKE 'The node was low on resource: %'
            AND p.bare_message NOT LIKE 'The node was low on resource: [%' THEN
            substr(p.bare_message, 31, instr(substr(p.bare_message, 31) || '.', '.') - 1)
        END AS low_resource,
        -- Admission under node pressure (the eviction manager's Admit): "The node had condition:
        -- [MemoryPressure]. " (v1.11 on), "The node was low on resource: [MemoryPressure]." (before).
        CASE WHEN p.bare_message LIKE 'The node had condition: [%' OR p.bare_message LIKE 'The node was low on resource: [%'
            THEN p.bare_message END AS pressure_rejection,
        CASE WHEN instr(p.kubelet_message, 'Container ') > 0 AND instr(p.kubelet_message, ' was using ') > 0 THEN
            substr(p.kubelet_message, instr(p.kubelet_message, 'Container '))
        END AS usage_text,
        CASE WHEN instr(p.kubelet_message, 'Threshold quantity: ') > 0 THEN
            substr(p.kubelet_message, instr(p.kubelet_message, 'Threshold quantity: ') + 20)
        END AS threshold_text
    FROM unprefixed p
),
classified AS (
    SELECT
        p.*,
        CASE
            WHEN p.kubelet_message IS NOT NULL THEN CASE
                WHEN p.pressure_rejection IS NOT NULL THEN 'admission-rejected'
                WHEN p.low_resource = 'memory' THEN 'memory-pressure'
                WHEN p.low_resource IN ('ephemeral-storage', 'inodes', 'nodefs', 'imagefs', 'nodefsInodes',
                    'imagefsInodes', 'containerfs', 'containerfsInodes') THEN 'disk-pressure'
                WHEN p.low_resource = 'pids' THEN 'pid-pressure'
                -- Up to v1.10 a breached ephemeral-storage limit read "low on resource: EmptyDir." etc.
                WHEN p.low_resource IN ('EmptyDir', 'containerOverlay') THEN 'ephemeral-storage-limit'
                WHEN p.bare_message LIKE 'Usage of EmptyDir volume %'
                    OR p.bare_message LIKE 'Pod ephemeral local storage usage exceeds %'
                    OR p.bare_message LIKE 'Container % exceeded its local ephemeral storage limit %'
                    THEN 'ephemeral-storage-limit'
                ELSE 'other'
            END
            WHEN p.admission_reason IS NOT NULL THEN 'admission-rejected'
            WHEN p.preempted THEN 'preemption'
            WHEN p.shut_down THEN 'node-shutdown'
            WHEN p.tainted THEN 'taint'
            WHEN p.api_evicted THEN 'api-eviction'
            WHEN p.node_lost THEN 'node-lost'
            WHEN p.gc THEN 'pod-gc'
            WHEN p.kubelet_shutdown THEN 'node-shutdown'
            ELSE 'other'
        END AS cause
    FROM parsed p
)
SELECT
    c.cluster,
    c.pod_uid,
    coalesce(pod.namespace, c.event_namespace) AS namespace,
    coalesce(pod.name, c.event_pod) AS pod,
    pod.workload,
    coalesce(pod.node, c.event_node) AS node,
    c.evicted_at,
    c.cause,
    CASE
        WHEN c.cause = 'ephemeral-storage-limit' THEN 'ephemeral-storage'
        WHEN c.low_resource IS NOT NULL THEN c.low_resource
        WHEN c.pressure_rejection LIKE '%MemoryPressure%' THEN 'memory'
        WHEN c.pressure_rejection LIKE '%DiskPressure%' THEN 'ephemeral-storage'
        WHEN c.pressure_rejection LIKE '%PIDPressure%' THEN 'pids'
        WHEN c.admission_reason >= 'OutOf' AND c.admission_reason < 'OutOg' THEN substr(c.admission_reason, 6)
    END AS resource,
    CASE WHEN c.usage_text IS NOT NULL THEN substr(c.usage_text, 11, instr(c.usage_text, ' was using ') - 11) END
        AS container,
    CASE WHEN c.usage_text IS NOT NULL THEN
        substr(c.usage_text, instr(c.usage_text, ' was using ') + 11,
            instr(substr(c.usage_text, instr(c.usage_text, ' was using ') + 11) || ',', ',') - 1)
    END AS usage,
    CASE
        WHEN instr(c.usage_text, ', request is ') > 0 THEN
            substr(c.usage_text, instr(c.usage_text, ', request is ') + 13,
                instr(substr(c.usage_text, instr(c.usage_text, ', request is ') + 13) || ',', ',') - 1)
        WHEN instr(c.usage_text, ', which exceeds its request of ') > 0 THEN
            rtrim(substr(c.usage_text, instr(c.usage_text, ', which exceeds its request of ') + 31,
                instr(substr(c.usage_text, instr(c.usage_text, ', which exceeds its request of ') + 31) || ' ', ' ') - 1),
                '.')
    END AS request,
    CASE WHEN c.threshold_text IS NOT NULL THEN substr(c.threshold_text, 1, instr(c.threshold_text || ',', ',') - 1) END
        AS threshold,
    CASE WHEN instr(c.threshold_text, ', available: ') > 0 THEN
        rtrim(substr(c.threshold_text, instr(c.threshold_text, ', available: ') + 13,
            instr(substr(c.threshold_text, instr(c.threshold_text, ', available: ') + 13) || ' ', ' ') - 1), '.')
    END AS available,
    coalesce(c.kubelet_message, c.any_message) AS message,
    c.sources
FROM classified c
LEFT JOIN pods pod ON pod.cluster = c.cluster AND pod.uid = c.pod_uid;
