import PodtrailKit
extension SimPod {
    /// The pod as the API serialises it (core/v1 field names, `kubectl -o json` key order).
    ///
    /// - Parameter spec: the encoded `spec` (`specJSON()`), which rarely changes between
    ///   observations; encoded here when nil.
    func json(resourceVersion: Int, spec: [UInt8]? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 3072)
        w.beginObject()
        w.field("apiVersion", "v1")
        w.field("kind", "Pod")
        writeMetadata(&w, resourceVersion: resourceVersion)
        w.key("spec")
        w.raw(spec ?? specJSON())
        writeStatus(&w)
        w.endObject()
        return w.bytes
    }

    private func writeMetadata(_ w: inout JSONWriter, resourceVersion: Int) {
        w.key("metadata")
        w.beginObject()
        w.time("creationTimestamp", creation)
        if let gracePeriod, deletionTimestamp != nil { w.field("deletionGracePeriodSeconds", gracePeriod) }
        if let deletionTimestamp { w.time("deletionTimestamp", deletionTimestamp) }
        w.optional("generateName", generateName)
        if !labels.isEmpty {
            w.key("labels")
            w.beginObject()
            for (key, value) in labels { w.field(key, value) }
            w.endObject()
        }
        w.field("name", name)
        w.field("namespace", namespace)
        if let owner {
            w.key("ownerReferences")
            w.beginArray()
            w.beginObject()
            w.field("apiVersion", owner.kind == "Job" ? "batch/v1" : owner.kind == "Node" ? "v1" : "apps/v1")
            w.field("blockOwnerDeletion", true)
            w.field("controller", true)
            w.field("kind", owner.kind)
            w.field("name", owner.name)
            w.field("uid", owner.uid)
            w.endObject()
            w.endArray()
        }
        w.field("resourceVersion", String(resourceVersion))
        w.field("uid", uid)
        w.endObject()
    }

    /// The encoded `spec`.
    func specJSON() -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("containers")
        w.beginArray()
        for container in containers { Self.writeContainer(&w, container) }
        w.endArray()
        w.field("dnsPolicy", "ClusterFirst")
        if !initContainers.isEmpty {
            w.key("initContainers")
            w.beginArray()
            for container in initContainers { Self.writeContainer(&w, container) }
            w.endArray()
        }
        w.optional("nodeName", nodeName)
        w.field("priority", priority)
        w.field("restartPolicy", restartPolicy)
        w.field("schedulerName", "default-scheduler")
        w.field("serviceAccountName", "default")
        w.field("terminationGracePeriodSeconds", 30)
        w.endObject()
        return w.bytes
    }

    private static func writeContainer(_ w: inout JSONWriter, _ container: SimContainerSpec) {
        w.beginObject()
        w.field("image", container.image)
        w.field("imagePullPolicy", "IfNotPresent")
        w.field("name", container.name)
        w.key("resources")
        w.beginObject()
        if container.cpuLimit != nil || container.memoryLimit != nil {
            w.key("limits")
            w.beginObject()
            w.optional("cpu", container.cpuLimit)
            w.optional("memory", container.memoryLimit)
            w.endObject()
        }
        if container.cpuRequest != nil || container.memoryRequest != nil {
            w.key("requests")
            w.beginObject()
            w.optional("cpu", container.cpuRequest)
            w.optional("memory", container.memoryRequest)
            w.endObject()
        }
        w.endObject()
        w.field("terminationMessagePath", "/dev/termination-log")
        w.field("terminationMessagePolicy", "File")
        w.endObject()
    }

    private func writeStatus(_ w: inout JSONWriter) {
        w.key("status")
        w.beginObject()
        if !conditions.isEmpty {
            w.key("conditions")
            w.beginArray()
            for condition in conditions {
                w.beginObject()
                w.key("lastProbeTime")
                w.null()
                w.time("lastTransitionTime", condition.time)
                w.optional("message", condition.message)
                w.optional("reason", condition.reason)
                w.field("status", condition.status)
                w.field("type", condition.type)
                w.endObject()
            }
            w.endArray()
        }
        if reportsContainerStatuses && !statuses.isEmpty {
            w.key("containerStatuses")
            Self.writeStatuses(&w, statuses)
        }
        w.optional("hostIP", hostIP)
        if !initStatuses.isEmpty {
            w.key("initContainerStatuses")
            Self.writeStatuses(&w, initStatuses)
        }
        w.optional("message", message)
        w.field("phase", phase)
        w.optional("podIP", podIP)
        w.field("qosClass", qosClass)
        w.optional("reason", reason)
        if let startTime { w.time("startTime", startTime) }
        w.endObject()
    }

    private static func writeStatuses(_ w: inout JSONWriter, _ statuses: [SimContainerStatus]) {
        w.beginArray()
        for status in statuses {
            w.beginObject()
            w.optional("containerID", status.containerID)
            w.field("image", status.image)
            w.field("imageID", status.imageID)
            w.key("lastState")
            w.beginObject()
            if let last = status.lastState {
                w.key("terminated")
                writeTermination(&w, last)
            }
            w.endObject()
            w.field("name", status.name)
            w.field("ready", status.ready)
            w.field("restartCount", status.restartCount)
            w.field("started", status.started)
            w.key("state")
            w.beginObject()
            switch status.state {
            case .none:
                break
            case .waiting(let reason, let message):
                w.key("waiting")
                w.beginObject()
                w.optional("message", message)
                w.field("reason", reason)
                w.endObject()
            case .running(let startedAt):
                w.key("running")
                w.beginObject()
                w.time("startedAt", startedAt)
                w.endObject()
            case .terminated(let termination):
                w.key("terminated")
                writeTermination(&w, termination)
            }
            w.endObject()
            w.endObject()
        }
        w.endArray()
    }

    private static func writeTermination(_ w: inout JSONWriter, _ t: SimTermination) {
        w.beginObject()
        w.field("containerID", t.containerID)
        w.field("exitCode", t.exitCode)
        w.time("finishedAt", t.finishedAt)
        w.optional("message", t.message)
        w.optional("reason", t.reason)
        if let signal = t.signal, signal != 0 { w.field("signal", signal) }
        w.time("startedAt", t.startedAt)
        w.endObject()
    }
}
