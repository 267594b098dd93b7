#!/usr/bin/env python3
"""Writes the fuzz seed corpus (Fuzz/corpus): small event, pod, envelope (watch, eventrouter, audit,
Cloud Logging, OTLP, Fluent Bit), list and gzip inputs.

Each seed's first byte picks the chunk size the fuzz target feeds the reader with."""
import gzip, json, os

here = os.path.join(os.path.dirname(__file__), "corpus")
os.makedirs(here, exist_ok=True)

event = {"apiVersion": "v1", "kind": "Event",
         "metadata": {"uid": "e1", "name": "web.1", "namespace": "shop", "resourceVersion": "7"},
         "involvedObject": {"kind": "Pod", "name": "web", "uid": "pu", "fieldPath": "spec.containers{app}"},
         "reason": "BackOff", "message": "Back-off restarting failed container", "type": "Warning", "count": 3,
         "firstTimestamp": "2026-11-27T02:00:00Z", "lastTimestamp": "2026-11-27T02:05:00Z",
         "source": {"component": "kubelet", "host": "node-a"}}
new_event = {"apiVersion": "events.k8s.io/v1", "kind": "Event",
             "metadata": {"uid": "e2", "name": "x", "namespace": "ns", "creationTimestamp": "2026-11-27T02:00:00Z"},
             "regarding": {"kind": "Pod", "name": "p", "uid": "u"}, "reason": "Evicted", "note": "The node was low on resource: memory.",
             "eventTime": "2026-11-27T02:00:00.123456Z", "series": {"count": 4, "lastObservedTime": "2026-11-27T02:09:00.5Z"},
             "reportingController": "kubelet", "reportingInstance": "node-b", "type": "Warning"}
pod = {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"uid": "p1", "name": "web-7d4b9c6f5d-x2k8p", "namespace": "shop", "resourceVersion": "2",
                    "creationTimestamp": "2026-11-27T02:00:00Z", "labels": {"pod-template-hash": "7d4b9c6f5d"},
                    "ownerReferences": [{"kind": "ReplicaSet", "name": "web-7d4b9c6f5d", "controller": True}],
                    "deletionTimestamp": "2026-11-27T03:00:00Z", "deletionGracePeriodSeconds": 30},
       "spec": {"nodeName": "node-a", "restartPolicy": "Always",
                "initContainers": [{"name": "init", "image": "busybox"}, {"name": "side", "restartPolicy": "Always"}],
                "containers": [{"name": "app", "image": "web:1", "resources": {"requests": {"memory": "128Mi", "cpu": "250m"},
                                                                                 "limits": {"memory": "1Gi", "cpu": "2"}}}]},
       "status": {"phase": "Running", "qosClass": "Burstable", "startTime": "2026-11-27T02:00:01Z",
                  "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-27T02:00:01Z"},
                                 {"type": "Ready", "status": "False", "lastTransitionTime": "2026-11-27T02:03:00Z"}],
                  "initContainerStatuses": [{"name": "init", "ready": False, "restartCount": 0,
                                             "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                                                                      "startedAt": "2026-11-27T02:00:02Z", "finishedAt": "2026-11-27T02:00:03Z"}}}],
                  "containerStatuses": [{"name": "app", "ready": False, "restartCount": 2, "started": False,
                                         "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}},
                                         "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "signal": 9,
                                                                      "startedAt": "2026-11-27T02:01:00Z", "finishedAt": "2026-11-27T02:02:59Z",
                                                                      "containerID": "containerd://abc"}}}]}}
def otlp(value):
    """An OTLP AnyValue of a JSON value (objects as kvlistValue, integers as strings)."""
    if isinstance(value, dict):
        return {"kvlistValue": {"values": [{"key": k, "value": otlp(v)} for k, v in value.items()]}}
    if isinstance(value, list):
        return {"arrayValue": {"values": [otlp(v) for v in value]}}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if value is None:
        return {}
    return {"stringValue": value}


seeds = {
    "event.ndjson": json.dumps(event) + "\n" + json.dumps(new_event) + "\n",
    "pod.ndjson": json.dumps(pod) + "\n",
    "watch.ndjson": json.dumps({"type": "ADDED", "object": pod}) + "\n" + json.dumps({"type": "DELETED", "object": pod}) + "\n"
                    + json.dumps({"type": "BOOKMARK", "object": {"kind": "Pod", "metadata": {"resourceVersion": "9"}}}) + "\n",
    "eventrouter.ndjson": json.dumps({"verb": "UPDATED", "event": event, "old_event": event}) + "\n",
    "audit.ndjson": json.dumps({"apiVersion": "audit.k8s.io/v1", "kind": "Event", "verb": "delete",
                                "stageTimestamp": "2026-11-27T02:10:00.000001Z", "responseObject": pod}) + "\n",
    "list.json": json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": [event, pod]}, indent=2),
    "array.json": json.dumps([event, new_event]),
    "indented.json": json.dumps(event, indent=4) + "\n" + json.dumps(pod, indent=1),
    "damaged.ndjson": json.dumps(event) + "\n{\"kind\":\"Event\",\"metadata\":{\"uid\":\"cut\n" + "not json\n[1,2]\n\"str\"\n"
                      + '{"kind":"Event","metadata":{"uid":"d","uid":"d2"},"count":"7","lastTimestamp":"yesterday"}\n',
    "gke.ndjson": json.dumps({"insertId": "x1", "logName": "projects/p/logs/events", "timestamp": "2026-11-27T02:09:00Z",
                              "resource": {"type": "k8s_pod", "labels": {"cluster_name": "c"}}, "jsonPayload": event}) + "\n"
                  + json.dumps({"insertId": "x2", "logName": "projects/p/logs/cloudaudit.googleapis.com%2Factivity",
                                "timestamp": "2026-11-27T02:10:00.5Z",
                                "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
                                                 "methodName": "io.k8s.core.v1.pods.create", "response": pod}}) + "\n"
                  + json.dumps({"insertId": "x3", "textPayload": "started", "timestamp": "2026-11-27T02:00:00Z"}) + "\n",
    "otlp.ndjson": json.dumps({"resourceLogs": [{"scopeLogs": [{"logRecords": [
        {"observedTimeUnixNano": "1796090400000000000", "body": otlp({"type": "MODIFIED", "object": pod})},
        {"body": otlp(new_event)}, {"body": {"stringValue": "a flattened event"}}]}]}]}) + "\n",
    "fluentbit.ndjson": json.dumps([1796090400.5, event]) + "\n" + "kube.events: " + json.dumps([1796090400.0, event]) + "\n",
    "escapes.ndjson": '{"kind":"Event","metadata":{"uid":"\\u00e9\\ud83d\\ude00\\n\\"x"},"message":"\udcff\udcfe bad utf8 \\ud800"}\n',
}
for index, (name, text) in enumerate(sorted(seeds.items())):
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    chunk = bytes([index * 7 % 64])
    with open(os.path.join(here, name), "wb") as f:
        f.write(chunk + data)
    with open(os.path.join(here, name + ".gz"), "wb") as f:
        f.write(bytes([63]) + gzip.compress(data, mtime=0))
# Two gzip members, the second corrupt in the middle, then a good third.
members = gzip.compress(seeds["event.ndjson"].encode(), mtime=0)
bad = bytearray(gzip.compress(seeds["pod.ndjson"].encode(), mtime=0))
for i in range(20, 40):
    bad[i] ^= 0x5A
with open(os.path.join(here, "members.gz"), "wb") as f:
    f.write(bytes([5]) + members + bytes(bad) + members + b"\0\0")
