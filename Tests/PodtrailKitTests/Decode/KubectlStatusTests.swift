import Testing

@testable import PodtrailKit

/// Pod JSON the way the apiserver serialises it, built from small pieces so each table row
/// below reads like the Go test case it was translated from.
enum PodJSON {
    static let started = "2026-11-27T02:00:05Z"
    static let finished = "2026-11-27T02:00:04Z"

    /// A whole Pod object.
    static func pod(
        name: String = "p", phase: String?, reason: String? = nil, deleting: Bool = false,
        initContainers: [String] = [], containers: [String], initStatuses: [String] = [], statuses: [String] = [],
        conditions: [String] = []
    ) -> String {
        let deletion = deleting ? #","deletionTimestamp":"2026-11-27T02:10:00Z","deletionGracePeriodSeconds":30"# : ""
        var status: [String] = []
        if let phase { status.append(#""phase":"\#(phase)""#) }
        if let reason { status.append(#""reason":"\#(reason)""#) }
        if !conditions.isEmpty { status.append(#""conditions":[\#(conditions.joined(separator: ","))]"#) }
        if !initStatuses.isEmpty { status.append(#""initContainerStatuses":[\#(initStatuses.joined(separator: ","))]"#) }
        if !statuses.isEmpty { status.append(#""containerStatuses":[\#(statuses.joined(separator: ","))]"#) }
        let initSpec = initContainers.isEmpty ? "" : #""initContainers":[\#(initContainers.joined(separator: ","))],"#
        return #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"ns","uid":"uid-\#(name)","resourceVersion":"1","creationTimestamp":"2026-11-27T02:00:00Z"\#(deletion)},"spec":{"nodeName":"node-a",\#(initSpec)"containers":[\#(containers.joined(separator: ","))]},"status":{\#(status.joined(separator: ","))}}
            """#
    }

    /// A spec container (regular, or a classic init container).
    static func container(_ name: String) -> String { #"{"name":"\#(name)","image":"img/\#(name):1"}"# }

    /// A restartable init container (sidecar): an init container with `restartPolicy: Always`.
    static func sidecar(_ name: String) -> String {
        #"{"name":"\#(name)","image":"img/\#(name):1","restartPolicy":"Always"}"#
    }

    /// A container status; `state`/`lastState` are `ContainerState` objects.
    static func status(
        _ name: String, ready: Bool = false, restarts: Int = 0, state: String = "{}", lastState: String = "{}",
        started: Bool? = nil
    ) -> String {
        let startedField = started.map { #","started":\#($0)"# } ?? ""
        return #"{"name":"\#(name)","image":"img/\#(name):1","imageID":"","ready":\#(ready),"restartCount":\#(restarts),"state":\#(state),"lastState":\#(lastState)\#(startedField)}"#
    }

    static let running = #"{"running":{"startedAt":"\#(started)"}}"#

    /// `state.waiting`, with or without a reason (`ContainerStateWaiting{}` in the Go tests).
    static func waiting(_ reason: String? = nil) -> String {
        reason.map { #"{"waiting":{"reason":"\#($0)","message":"m"}}"# } ?? #"{"waiting":{}}"#
    }

    /// `state.terminated`; the Go tests' `ContainerStateTerminated{}` is exit code 0 without reason.
    static func terminated(_ reason: String? = nil, exitCode: Int = 0, signal: Int? = nil) -> String {
        var fields = [#""exitCode":\#(exitCode)"#]
        if let signal { fields.append(#""signal":\#(signal)"#) }
        if let reason { fields.append(#""reason":"\#(reason)""#) }
        fields.append(#""startedAt":"2026-11-27T02:00:01Z","finishedAt":"\#(finished)""#)
        return #"{"terminated":{\#(fields.joined(separator: ","))}}"#
    }

    static func condition(_ type: String, _ status: String, reason: String? = nil) -> String {
        let reasonField = reason.map { #","reason":"\#($0)""# } ?? ""
        return #"{"type":"\#(type)","status":"\#(status)","lastTransitionTime":"2026-11-27T02:00:02Z"\#(reasonField)}"#
    }
}

/// One row of kubectl output: the pod and its expected STATUS, READY (`ready/total`) and
/// RESTARTS (the number, without kubectl's "(5m ago)").
struct StatusCase: Sendable, CustomTestStringConvertible {
    var origin: String
    var pod: String
    var status: String
    var ready: Int
    var total: Int
    var restarts: Int

    init(_ origin: String, _ pod: String, _ status: String, ready: Int, total: Int, restarts: Int) {
        (self.origin, self.pod, self.status, self.ready, self.total, self.restarts) = (origin, pod, status, ready, total, restarts)
    }

    var testDescription: String { "\(origin) → \(status) \(ready)/\(total) \(restarts)" }
}

/// kubectl's STATUS/READY/RESTARTS, checked against the Kubernetes sources rather than the
/// implementation: the `upstream` table translates `TestPrintPod`,
/// `TestPrintPodWithRestartableInitContainer` and `TestPrintNonTerminatedPod`
/// (kubernetes/kubernetes pkg/printers/internalversion/printers_test.go) into Pod JSON with the
/// expected cells copied from those tests; the `derived` table covers the statuses the tests
/// do not, each answer worked by hand through `printPod` in printers.go.
struct KubectlStatusTests {
    typealias J = PodJSON

    static func decode(_ text: String) throws -> PodRecord {
        var decoder = RecordDecoder()
        let record = Array(text.utf8).withUnsafeBytes { decoder.decode($0) }
        guard case .pod(let pod) = record else { throw DecodeFailure(record: record) }
        return pod
    }

    struct DecodeFailure: Error { var record: DecodedRecord }

    static let two = [J.container("c0"), J.container("c1")]
    static let one = [J.container("c0")]

    /// Cases of the upstream tests, in their order; empty container names became c0, c1, init0…
    static let upstream: [StatusCase] = [
        StatusCase("TestPrintPod test1: restarts summed, one ready running",
            J.pod(phase: "podPhase", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running), J.status("c1", restarts: 3)]),
            "podPhase", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test2: container waiting reason overwrites phase",
            J.pod(phase: "podPhase", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running), J.status("c1", restarts: 3, state: J.waiting("ContainerWaitingReason"))]),
            "ContainerWaitingReason", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test3: first container overwrites the rest",
            J.pod(phase: "podPhase", containers: two, statuses: [J.status("c0", restarts: 3, state: J.waiting("ContainerWaitingReason")), J.status("c1", restarts: 3, state: J.terminated("ContainerTerminatedReason"))]),
            "ContainerWaitingReason", ready: 0, total: 2, restarts: 6),
        StatusCase("TestPrintPod test4: ready is not enough for reporting running",
            J.pod(phase: "podPhase", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running), J.status("c1", ready: true, restarts: 3)]),
            "podPhase", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test5: status.reason wins over phase",
            J.pod(phase: "podPhase", reason: "podReason", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running), J.status("c1", ready: true, restarts: 3)]),
            "podReason", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test6: Completed plus running, no Ready condition",
            J.pod(phase: "Running", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.terminated("Completed")), J.status("c1", ready: true, restarts: 3, state: J.running)]),
            "NotReady", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test6: Completed plus running, Ready condition True",
            J.pod(phase: "Running", containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.terminated("Completed")), J.status("c1", ready: true, restarts: 3, state: J.running)], conditions: [J.condition("Ready", "True")]),
            "Running", ready: 1, total: 2, restarts: 6),
        StatusCase("TestPrintPod test7: one init container restarting",
            J.pod(phase: "podPhase", initContainers: [J.container("init0")], containers: one, initStatuses: [J.status("init0", restarts: 3, state: J.running, lastState: J.terminated())], statuses: [J.status("c0", state: J.waiting())]),
            "Init:0/1", ready: 0, total: 1, restarts: 3),
        StatusCase("TestPrintPod test8: two init containers, the first restarting",
            J.pod(phase: "podPhase", initContainers: [J.container("init0"), J.container("init1")], containers: one, initStatuses: [J.status("init0", restarts: 3, state: J.running, lastState: J.terminated()), J.status("init1", state: J.waiting())], statuses: [J.status("c0", state: J.waiting())]),
            "Init:0/2", ready: 0, total: 1, restarts: 3),
        StatusCase("TestPrintPod test9: first init completed, second restarting",
            J.pod(phase: "podPhase", initContainers: [J.container("init0"), J.container("init1")], containers: one, initStatuses: [J.status("init0", state: J.terminated()), J.status("init1", restarts: 3, state: J.running, lastState: J.terminated())], statuses: [J.status("c0", state: J.waiting())]),
            "Init:1/2", ready: 0, total: 1, restarts: 3),
        StatusCase("TestPrintPod test10: init restarts of completed and running init containers add up",
            J.pod(phase: "podPhase", initContainers: [J.container("init0"), J.container("init1")], containers: one, initStatuses: [J.status("init0", restarts: 2, state: J.terminated(), lastState: J.terminated()), J.status("init1", restarts: 3, state: J.running, lastState: J.terminated())], statuses: [J.status("c0", state: J.waiting())]),
            "Init:1/2", ready: 0, total: 1, restarts: 5),
        StatusCase("TestPrintPod test11: after init, init restarts are dropped",
            J.pod(phase: "Running", initContainers: [J.container("init0")], containers: one, initStatuses: [J.status("init0", restarts: 2, state: J.terminated(), lastState: J.terminated())], statuses: [J.status("c0", restarts: 4, state: J.running, lastState: J.terminated())]),
            "Running", ready: 0, total: 1, restarts: 4),
        StatusCase("TestPrintPod test12: one container restarted",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running, lastState: J.terminated())]),
            "Running", ready: 1, total: 1, restarts: 3),
        StatusCase("TestPrintPod test13: one of two restarted",
            J.pod(phase: "Running", containers: two, statuses: [J.status("c0", ready: true, state: J.running), J.status("c1", ready: true, restarts: 3, state: J.running, lastState: J.terminated())]),
            "Running", ready: 2, total: 2, restarts: 3),
        StatusCase("TestPrintPod test14: both restarted",
            J.pod(phase: "Running", containers: two, statuses: [J.status("c0", ready: true, restarts: 6, state: J.running, lastState: J.terminated()), J.status("c1", ready: true, restarts: 3, state: J.running, lastState: J.terminated())]),
            "Running", ready: 2, total: 2, restarts: 9),
        StatusCase("TestPrintPod test15: PodScheduled reason SchedulingGated",
            J.pod(phase: "podPhase", containers: two, conditions: [J.condition("PodScheduled", "False", reason: "SchedulingGated")]),
            "SchedulingGated", ready: 0, total: 2, restarts: 0),
        StatusCase("TestPrintPod test16: Succeeded",
            J.pod(phase: "Succeeded", containers: one, statuses: [J.status("c0", state: J.terminated("Completed"))]),
            "Completed", ready: 0, total: 1, restarts: 0),
        StatusCase("TestPrintPod test17: Failed",
            J.pod(phase: "Failed", containers: one, statuses: [J.status("c0", state: J.terminated("Error", exitCode: 1))]),
            "Error", ready: 0, total: 1, restarts: 0),
        StatusCase("TestPrintPod test18: Succeeded with deletion is not Terminating",
            J.pod(phase: "Succeeded", deleting: true, containers: one, statuses: [J.status("c0", state: J.terminated("Completed"))]),
            "Completed", ready: 0, total: 1, restarts: 0),
        StatusCase("TestPrintPod test19: Running with deletion",
            J.pod(phase: "Running", deleting: true, containers: one, statuses: [J.status("c0", state: J.running)]),
            "Terminating", ready: 0, total: 1, restarts: 0),
        StatusCase("TestPrintPod test20: Pending with deletion",
            J.pod(phase: "Pending", deleting: true, containers: one),
            "Terminating", ready: 0, total: 1, restarts: 0),
        StatusCase("RestartableInit test1: first sidecar running, not started",
            J.pod(phase: "Pending", initContainers: [J.sidecar("restartable-init-1"), J.sidecar("restartable-init-2")], containers: one,
                initStatuses: [J.status("restartable-init-1", restarts: 3, state: J.running, lastState: J.terminated(), started: false), J.status("restartable-init-2", state: J.waiting(), started: false)],
                statuses: [J.status("c0", state: J.waiting())], conditions: [J.condition("Initialized", "False")]),
            "Init:0/2", ready: 0, total: 3, restarts: 3),
        StatusCase("RestartableInit test1b: first sidecar started, second running not started",
            J.pod(phase: "Pending", initContainers: [J.sidecar("restartable-init-1"), J.sidecar("restartable-init-2")], containers: one,
                initStatuses: [J.status("restartable-init-1", restarts: 3, state: J.running, lastState: J.terminated(), started: true), J.status("restartable-init-2", state: J.running, started: false)],
                statuses: [J.status("c0", state: J.waiting())], conditions: [J.condition("Initialized", "False")]),
            "Init:1/2", ready: 0, total: 3, restarts: 3),
        StatusCase("RestartableInit test2: both sidecars started, container running",
            J.pod(phase: "Running", initContainers: [J.sidecar("restartable-init-1"), J.sidecar("restartable-init-2")], containers: one,
                initStatuses: [J.status("restartable-init-1", restarts: 3, state: J.running, lastState: J.terminated(), started: true), J.status("restartable-init-2", state: J.running, started: true)],
                statuses: [J.status("c0", ready: true, restarts: 4, state: J.running, lastState: J.terminated())], conditions: [J.condition("Initialized", "True")]),
            "Running", ready: 1, total: 3, restarts: 7),
        StatusCase("RestartableInit test3: sidecars exited 137, container Completed",
            J.pod(phase: "Succeeded", initContainers: [J.sidecar("restartable-init-1"), J.sidecar("restartable-init-2")], containers: one,
                initStatuses: [J.status("restartable-init-1", restarts: 3, state: J.terminated("Error", exitCode: 137), lastState: J.terminated(), started: false), J.status("restartable-init-2", state: J.terminated("Error", exitCode: 137), started: false)],
                statuses: [J.status("c0", restarts: 4, state: J.terminated("Completed"), lastState: J.terminated())], conditions: [J.condition("Initialized", "True")]),
            "Completed", ready: 0, total: 3, restarts: 7),
        StatusCase("RestartableInit test4: statuses for containers missing from the spec",
            J.pod(phase: "Running", initContainers: [J.container("init1"), J.sidecar("sidecar1")], containers: [J.container("container1")],
                initStatuses: [J.status("initinvalid"), J.status("init1"), J.status("sidecar1")],
                statuses: [J.status("containerinvalid"), J.status("container1")]),
            "Init:0/2", ready: 0, total: 2, restarts: 0),
    ] + ["Running", "Pending", "Unknown", "Succeeded", "Failed"].map { phase in
        StatusCase("TestPrintNonTerminatedPod: phase \(phase)",
            J.pod(phase: phase, containers: two, statuses: [J.status("c0", ready: true, restarts: 3, state: J.running), J.status("c1", restarts: 3)]),
            phase, ready: 1, total: 2, restarts: 6)
    }

    static let initOne = [J.container("init0")]
    static let gated = J.condition("PodScheduled", "False", reason: "SchedulingGated")

    /// Statuses the upstream tests do not pin, each worked by hand through `printPod`.
    static let derived: [StatusCase] = [
        StatusCase("NodeLost with deletionTimestamp shows Unknown",
            J.pod(phase: "Running", reason: "NodeLost", deleting: true, containers: one, statuses: [J.status("c0", ready: true, state: J.running)]),
            "Unknown", ready: 1, total: 1, restarts: 0),
        StatusCase("NodeLost without deletionTimestamp shows the reason",
            J.pod(phase: "Running", reason: "NodeLost", containers: one, statuses: [J.status("c0", ready: true, state: J.running)]),
            "NodeLost", ready: 1, total: 1, restarts: 0),
        StatusCase("CrashLoopBackOff",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", restarts: 5, state: J.waiting("CrashLoopBackOff"), lastState: J.terminated("Error", exitCode: 1))]),
            "CrashLoopBackOff", ready: 0, total: 1, restarts: 5),
        StatusCase("ImagePullBackOff",
            J.pod(phase: "Pending", containers: one, statuses: [J.status("c0", state: J.waiting("ImagePullBackOff"))]),
            "ImagePullBackOff", ready: 0, total: 1, restarts: 0),
        StatusCase("ErrImagePull",
            J.pod(phase: "Pending", containers: one, statuses: [J.status("c0", state: J.waiting("ErrImagePull"))]),
            "ErrImagePull", ready: 0, total: 1, restarts: 0),
        StatusCase("ContainerCreating",
            J.pod(phase: "Pending", containers: two, statuses: [J.status("c0", state: J.waiting("ContainerCreating")), J.status("c1", state: J.waiting("ContainerCreating"))], conditions: [J.condition("PodScheduled", "True")]),
            "ContainerCreating", ready: 0, total: 2, restarts: 0),
        StatusCase("Unschedulable is only a condition reason: Pending",
            J.pod(phase: "Pending", containers: one, conditions: [J.condition("PodScheduled", "False", reason: "Unschedulable")]),
            "Pending", ready: 0, total: 1, restarts: 0),
        StatusCase("SchedulingGated wins over phase Pending",
            J.pod(phase: "Pending", containers: one, conditions: [gated]),
            "SchedulingGated", ready: 0, total: 1, restarts: 0),
        StatusCase("Evicted without container statuses",
            J.pod(phase: "Failed", reason: "Evicted", containers: one),
            "Evicted", ready: 0, total: 1, restarts: 0),
        StatusCase("Evicted with a container marked ContainerStatusUnknown shows the container reason",
            J.pod(phase: "Failed", reason: "Evicted", containers: one, statuses: [J.status("c0", state: J.terminated("ContainerStatusUnknown", exitCode: 137))]),
            "ContainerStatusUnknown", ready: 0, total: 1, restarts: 0),
        StatusCase("Evicted (terminal phase) being deleted stays Evicted",
            J.pod(phase: "Failed", reason: "Evicted", deleting: true, containers: one),
            "Evicted", ready: 0, total: 1, restarts: 0),
        StatusCase("OOMKilled while terminated",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", restarts: 2, state: J.terminated("OOMKilled", exitCode: 137), lastState: J.terminated("OOMKilled", exitCode: 137))]),
            "OOMKilled", ready: 0, total: 1, restarts: 2),
        StatusCase("Completed job pod with two containers",
            J.pod(phase: "Succeeded", containers: two, statuses: [J.status("c0", state: J.terminated("Completed")), J.status("c1", state: J.terminated("Completed"))]),
            "Completed", ready: 0, total: 2, restarts: 0),
        StatusCase("Error",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", restarts: 1, state: J.terminated("Error", exitCode: 1))]),
            "Error", ready: 0, total: 1, restarts: 1),
        StatusCase("Signal:N for a terminated container without reason",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", state: J.terminated(exitCode: 143, signal: 15))]),
            "Signal:15", ready: 0, total: 1, restarts: 0),
        StatusCase("ExitCode:N for a terminated container without reason or signal",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", state: J.terminated(exitCode: 2))]),
            "ExitCode:2", ready: 0, total: 1, restarts: 0),
        StatusCase("ExitCode:0 for a reasonless exit 0",
            J.pod(phase: "Running", containers: one, statuses: [J.status("c0", state: J.terminated())]),
            "ExitCode:0", ready: 0, total: 1, restarts: 0),
        StatusCase("Init:Error",
            J.pod(phase: "Pending", initContainers: initOne, containers: one, initStatuses: [J.status("init0", state: J.terminated("Error", exitCode: 1))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:Error", ready: 0, total: 1, restarts: 0),
        StatusCase("Init:CrashLoopBackOff counts init restarts",
            J.pod(phase: "Pending", initContainers: initOne, containers: one, initStatuses: [J.status("init0", restarts: 4, state: J.waiting("CrashLoopBackOff"), lastState: J.terminated("Error", exitCode: 1))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:CrashLoopBackOff", ready: 0, total: 1, restarts: 4),
        StatusCase("Init:Signal:N",
            J.pod(phase: "Pending", initContainers: initOne, containers: one, initStatuses: [J.status("init0", state: J.terminated(exitCode: 137, signal: 9))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:Signal:9", ready: 0, total: 1, restarts: 0),
        StatusCase("Init:ExitCode:N",
            J.pod(phase: "Pending", initContainers: initOne, containers: one, initStatuses: [J.status("init0", state: J.terminated(exitCode: 3))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:ExitCode:3", ready: 0, total: 1, restarts: 0),
        StatusCase("Init waiting PodInitializing counts as Init:N/M",
            J.pod(phase: "Pending", initContainers: [J.container("init0"), J.container("init1")], containers: one, initStatuses: [J.status("init0", state: J.terminated("Completed")), J.status("init1", state: J.waiting("PodInitializing"))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:1/2", ready: 0, total: 1, restarts: 0),
        StatusCase("Second init container OOMKilled",
            J.pod(phase: "Pending", initContainers: [J.container("init0"), J.container("init1")], containers: one, initStatuses: [J.status("init0", state: J.terminated("Completed")), J.status("init1", restarts: 1, state: J.terminated("OOMKilled", exitCode: 137))], statuses: [J.status("c0", state: J.waiting("PodInitializing"))]),
            "Init:OOMKilled", ready: 0, total: 1, restarts: 1),
        StatusCase("Completed init container without exitCode field is exit 0 (Go zero value)",
            J.pod(phase: "Running", initContainers: initOne, containers: one, initStatuses: [J.status("init0", state: #"{"terminated":{"reason":"Completed","finishedAt":"2026-11-27T02:00:04Z"}}"#)], statuses: [J.status("c0", ready: true, state: J.running)]),
            "Running", ready: 1, total: 1, restarts: 0),
        StatusCase("Terminating overrides CrashLoopBackOff",
            J.pod(phase: "Running", deleting: true, containers: one, statuses: [J.status("c0", restarts: 3, state: J.waiting("CrashLoopBackOff"))]),
            "Terminating", ready: 0, total: 1, restarts: 3),
        StatusCase("Terminating overrides Init:0/1",
            J.pod(phase: "Pending", deleting: true, initContainers: initOne, containers: one, initStatuses: [J.status("init0", state: J.running)]),
            "Terminating", ready: 0, total: 1, restarts: 0),
        StatusCase("Failed pod being deleted keeps its container reason",
            J.pod(phase: "Failed", deleting: true, containers: one, statuses: [J.status("c0", state: J.terminated("Error", exitCode: 1))]),
            "Error", ready: 0, total: 1, restarts: 0),
        StatusCase("First status wins: kubelet sorts statuses by name, not spec order",
            J.pod(phase: "Pending", containers: [J.container("web"), J.container("app")], statuses: [J.status("app", state: J.waiting("ImagePullBackOff")), J.status("web", state: J.terminated("Error", exitCode: 1))]),
            "ImagePullBackOff", ready: 0, total: 2, restarts: 0),
        StatusCase("First status wins even when the status array is not in spec order",
            J.pod(phase: "Pending", containers: [J.container("app"), J.container("web")], statuses: [J.status("web", state: J.terminated("Error", exitCode: 1)), J.status("app", state: J.waiting("ImagePullBackOff"))]),
            "Error", ready: 0, total: 2, restarts: 0),
        StatusCase("A later container's reason shows when the first has none",
            J.pod(phase: "Running", containers: [J.container("app"), J.container("istio-proxy")], statuses: [J.status("app", ready: true, state: J.running), J.status("istio-proxy", restarts: 7, state: J.waiting("CrashLoopBackOff"))]),
            "CrashLoopBackOff", ready: 1, total: 2, restarts: 7),
        StatusCase("Sidecar started and ready counts in READY and RESTARTS",
            J.pod(phase: "Running", initContainers: [J.sidecar("istio-proxy")], containers: [J.container("app")],
                initStatuses: [J.status("istio-proxy", ready: true, restarts: 1, state: J.running, started: true)],
                statuses: [J.status("app", ready: true, restarts: 2, state: J.running)],
                conditions: [J.condition("Initialized", "True"), J.condition("Ready", "True")]),
            "Running", ready: 2, total: 2, restarts: 3),
        StatusCase("Regular init restarts are dropped once initialized, sidecar restarts kept",
            J.pod(phase: "Running", initContainers: [J.container("init-db"), J.sidecar("log")], containers: [J.container("app")],
                initStatuses: [J.status("init-db", restarts: 2, state: J.terminated("Completed"), lastState: J.terminated("Error", exitCode: 1)), J.status("log", ready: true, restarts: 1, state: J.running, started: true)],
                statuses: [J.status("app", ready: true, state: J.running)],
                conditions: [J.condition("Initialized", "True"), J.condition("Ready", "True")]),
            "Running", ready: 2, total: 2, restarts: 1),
        StatusCase("Started sidecar counts as ready while a later init container runs",
            J.pod(phase: "Pending", initContainers: [J.sidecar("proxy"), J.container("migrate")], containers: [J.container("app")],
                initStatuses: [J.status("proxy", ready: true, state: J.running, started: true), J.status("migrate", state: J.running)],
                statuses: [J.status("app", state: J.waiting("PodInitializing"))],
                conditions: [J.condition("Initialized", "False")]),
            "Init:1/2", ready: 1, total: 2, restarts: 0),
        StatusCase("Sidecar crash-looping before it ever started",
            J.pod(phase: "Pending", initContainers: [J.sidecar("proxy")], containers: [J.container("app")],
                initStatuses: [J.status("proxy", restarts: 3, state: J.waiting("CrashLoopBackOff"), lastState: J.terminated("Error", exitCode: 1), started: false)],
                statuses: [J.status("app", state: J.waiting("PodInitializing"))],
                conditions: [J.condition("Initialized", "False")]),
            "Init:CrashLoopBackOff", ready: 0, total: 2, restarts: 3),
        StatusCase("Sidecar crash-looping after initialization keeps Init: reason, app still counted",
            J.pod(phase: "Running", initContainers: [J.sidecar("proxy")], containers: [J.container("app")],
                initStatuses: [J.status("proxy", restarts: 5, state: J.waiting("CrashLoopBackOff"), lastState: J.terminated("Error", exitCode: 1), started: false)],
                statuses: [J.status("app", ready: true, restarts: 1, state: J.running)],
                conditions: [J.condition("Initialized", "True"), J.condition("Ready", "False")]),
            "Init:CrashLoopBackOff", ready: 1, total: 2, restarts: 6),
        StatusCase("podtrail policy, not printPod: an archive without spec counts the statuses",
            J.pod(phase: "Running", containers: [], statuses: [J.status("c0", ready: true, state: J.running), J.status("c1", restarts: 2, state: J.running)]),
            "Running", ready: 1, total: 2, restarts: 2),
    ]

    @Test(arguments: derived)
    func followsPrintPodForEveryStatus(_ row: StatusCase) throws {
        let status = KubectlStatus(try Self.decode(row.pod))
        #expect(status.status == row.status)
        #expect(status.ready == row.ready)
        #expect(status.total == row.total)
        #expect(status.restarts == row.restarts)
    }

    @Test(arguments: upstream)
    func matchesUpstreamPrintPodTests(_ row: StatusCase) throws {
        let status = KubectlStatus(try Self.decode(row.pod))
        #expect(status.status == row.status)
        #expect(status.ready == row.ready)
        #expect(status.total == row.total)
        #expect(status.restarts == row.restarts)
    }
}
