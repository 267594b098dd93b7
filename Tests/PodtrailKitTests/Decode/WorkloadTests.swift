import Testing

@testable import PodtrailKit

/// A pod's metadata and the workload the reference (kubernetes-details.md §12) derives for it.
struct WorkloadCase: Sendable, CustomTestStringConvertible {
    var podName: String
    var node: String?
    /// `metadata.ownerReferences` JSON array, nil for none.
    var owners: String?
    /// `metadata.labels` JSON object.
    var labels: String
    var kind: String
    var name: String
    var inferred: Bool

    init(_ podName: String, node: String? = "node-a", owners: String? = nil, labels: String = "{}", _ kind: String, _ name: String, inferred: Bool) {
        (self.podName, self.node, self.owners, self.labels) = (podName, node, owners, labels)
        (self.kind, self.name, self.inferred) = (kind, name, inferred)
    }

    var testDescription: String { "\(podName) → \(kind)/\(name)\(inferred ? " (inferred)" : "")" }

    /// The Pod object the case describes.
    var pod: String {
        let ownerField = owners.map { #","ownerReferences":\#($0)"# } ?? ""
        let nodeField = node.map { #""nodeName":"\#($0)","# } ?? ""
        return #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(podName)","namespace":"ns","uid":"uid-\#(podName)","resourceVersion":"1","creationTimestamp":"2026-11-27T02:00:00Z","labels":\#(labels)\#(ownerField)},"spec":{\#(nodeField)"containers":[{"name":"app","image":"app:1"}]},"status":{"phase":"Running"}}"#
    }

    static func owner(_ kind: String, _ name: String, apiVersion: String = "apps/v1") -> String {
        #"[{"apiVersion":"\#(apiVersion)","kind":"\#(kind)","name":"\#(name)","uid":"owner-\#(name)","controller":true,"blockOwnerDeletion":true}]"#
    }
}

/// Workload derivation: ownerReferences first (§12.1), the pod name alone otherwise (§12.2).
/// Names follow the controllers' own rules: ReplicaSet `<deployment>-<pod-template-hash>` with
/// the hash in the SafeEncodeString alphabet (apimachinery pkg/util/rand), CronJob Jobs
/// `<cronjob>-<scheduled unix time / 60>` (pkg/controller/cronjob/utils.go getJobName;
/// 2026-11-27T02:00Z is 29929080), generated names `<generateName><5 of bcdfghjklmnpqrstvwxz2456789>`,
/// mirror pods `<manifest>-<nodeName>`.
struct WorkloadTests {
    typealias W = WorkloadCase

    static func workload(_ text: String) throws -> (Workload, PodRecord) {
        var decoder = RecordDecoder()
        let record = Array(text.utf8).withUnsafeBytes { decoder.decode($0) }
        guard case .pod(let pod) = record else { throw KubectlStatusTests.DecodeFailure(record: record) }
        let workload = Workload(
            ownerKind: pod.ownerKind, ownerName: pod.ownerName, podName: pod.name,
            podTemplateHash: pod.labels["pod-template-hash"], node: pod.node)
        return (workload, pod)
    }

    static let fromOwners: [WorkloadCase] = [
        W("web-7d4b9c6f5d-x2k8p", owners: W.owner("ReplicaSet", "web-7d4b9c6f5d"), labels: #"{"app":"web","pod-template-hash":"7d4b9c6f5d"}"#,
            "Deployment", "web", inferred: false),
        W("checkout-api-v2-84f599bccd-q9zvw", owners: W.owner("ReplicaSet", "checkout-api-v2-84f599bccd"), labels: #"{"pod-template-hash":"84f599bccd"}"#,
            "Deployment", "checkout-api-v2", inferred: false),
        W("frontend-x7k2p", owners: W.owner("ReplicaSet", "frontend"), labels: #"{"tier":"frontend"}"#,
            "ReplicaSet", "frontend", inferred: false),
        W("db-0", owners: W.owner("StatefulSet", "db"), labels: #"{"statefulset.kubernetes.io/pod-name":"db-0","apps.kubernetes.io/pod-index":"0"}"#,
            "StatefulSet", "db", inferred: false),
        W("node-exporter-x7k2p", owners: W.owner("DaemonSet", "node-exporter"), labels: #"{"controller-revision-hash":"6c8f9d7b4","pod-template-generation":"1"}"#,
            "DaemonSet", "node-exporter", inferred: false),
        W("migrate-schema-b7x9q", owners: W.owner("Job", "migrate-schema", apiVersion: "batch/v1"), labels: #"{"batch.kubernetes.io/job-name":"migrate-schema"}"#,
            "Job", "migrate-schema", inferred: false),
        W("nightly-report-29929080-b7x9q", owners: W.owner("Job", "nightly-report-29929080", apiVersion: "batch/v1"), labels: #"{"batch.kubernetes.io/job-name":"nightly-report-29929080"}"#,
            "CronJob", "nightly-report", inferred: false),
        W("backup-2024-b7x9q", owners: W.owner("Job", "backup-2024", apiVersion: "batch/v1"),
            "Job", "backup-2024", inferred: false),
        W("frontend-rc-x7k2p", owners: W.owner("ReplicationController", "frontend-rc", apiVersion: "v1"),
            "ReplicationController", "frontend-rc", inferred: false),
        W("kube-apiserver-node-a", owners: W.owner("Node", "node-a", apiVersion: "v1"),
            "StaticPod", "kube-apiserver", inferred: false),
        W("kafka-1", owners: #"[{"apiVersion":"v1","kind":"ConfigMap","name":"kafka-config","uid":"u1"},{"apiVersion":"apps/v1","kind":"StatefulSet","name":"kafka","uid":"u2","controller":true}]"#,
            "StatefulSet", "kafka", inferred: false),
        W("ci-build-7k2xz", owners: W.owner("Workflow", "ci-build", apiVersion: "argoproj.io/v1alpha1"),
            "Workflow", "ci-build", inferred: false),
    ]

    static let fromNames: [WorkloadCase] = [
        W("api-7d4b9c6f5d-x2k8p", "Deployment", "api", inferred: true),
        W("api-gateway-55b9ff9c79-zq4lm", "Deployment", "api-gateway", inferred: true),
        W("redis-2", "StatefulSet", "redis", inferred: true),
        W("kafka-10", "StatefulSet", "kafka", inferred: true),
        W("report-29929080-b7x9q", "CronJob", "report", inferred: true),
        W("trainer-3-x7k2p", "Job", "trainer", inferred: true),
        W("fluentd-x7k2p", "Unknown", "fluentd", inferred: true),
        W("web-24567", "Unknown", "web", inferred: true),
        W("etcd-cp-1", node: "cp-1", "StaticPod", "etcd", inferred: true),
        W("debug-shell", "Pod", "debug-shell", inferred: true),
        W("debug-shell", node: nil, "Pod", "debug-shell", inferred: true),
    ]

    @Test(arguments: fromOwners)
    func derivesTheWorkloadFromTheControllerOwner(_ row: WorkloadCase) throws {
        let (workload, _) = try Self.workload(row.pod)
        #expect([workload.kind, workload.name, "\(workload.inferred)"] == [row.kind, row.name, "\(row.inferred)"])
    }

    @Test(arguments: fromNames)
    func infersTheWorkloadFromThePodNameWithoutOwners(_ row: WorkloadCase) throws {
        let (workload, pod) = try Self.workload(row.pod)
        #expect(pod.ownerKind == nil)
        #expect([workload.kind, workload.name, "\(workload.inferred)"] == [row.kind, row.name, "\(row.inferred)"])
    }

    @Test func ingestWritesTheWorkloadIntoThePodsTable() throws {
        let pods = [Self.fromOwners[0], Self.fromOwners[6], Self.fromOwners[9], Self.fromNames[4], Self.fromNames[9]]
        let (db, summary) = try TestSupport.ingest(pods.map(\.pod).joined(separator: "\n"))
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT name, workload_kind, workload, workload_inferred FROM pods ORDER BY name") == [
            "debug-shell|Pod|debug-shell|1",
            "kube-apiserver-node-a|StaticPod|kube-apiserver|0",
            "nightly-report-29929080-b7x9q|CronJob|nightly-report|0",
            "report-29929080-b7x9q|CronJob|report|1",
            "web-7d4b9c6f5d-x2k8p|Deployment|web|0",
        ])
    }
}
