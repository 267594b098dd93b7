/// One observation of a Pod object, with what podtrail stores about it.
public struct PodRecord: Equatable, Sendable {
    /// A container's state as the kubelet reported it.
    public enum State: Equatable, Sendable {
        case waiting(reason: String?, message: String?)
        case running(startedAt: Timestamp?)
        case terminated(Termination)
        /// No state reported (treated as waiting by kubectl).
        case unknown
    }

    /// A container termination (`state.terminated` or `lastState.terminated`).
    public struct Termination: Equatable, Sendable {
        public var exitCode: Int?
        public var signal: Int?
        public var reason: String?
        public var message: String?
        public var startedAt: Timestamp?
        public var finishedAt: Timestamp?
        public var containerID: String?
    }

    /// A container's spec and status.
    public struct Container: Equatable, Sendable {
        public var name: String
        public var isInit: Bool
        /// An init container with `restartPolicy: Always`.
        public var isSidecar: Bool = false
        public var image: String?
        public var memoryRequest: Int?
        public var memoryLimit: Int?
        public var cpuRequest: Int?
        public var cpuLimit: Int?
        /// False when the spec lists the container but no status does yet.
        public var hasStatus: Bool = false
        /// False for a status whose name the spec does not list.
        public var inSpec: Bool = true
        /// Position in its status array (`initContainerStatuses` or `containerStatuses`): kubectl
        /// walks statuses in that order, which is by name for regular containers, not spec order.
        public var statusIndex: Int?
        public var ready: Bool = false
        public var started: Bool?
        public var restartCount: Int = 0
        public var state: State = .unknown
        public var lastTermination: Termination?

        /// When this run started, from `running.startedAt` or `terminated.startedAt`.
        public var startedAt: Timestamp? {
            switch state {
            case .running(let startedAt): startedAt
            case .terminated(let termination): termination.startedAt
            default: nil
            }
        }
    }

    /// A pod condition.
    public struct Condition: Equatable, Sendable {
        public var type: String
        public var status: String?
        public var reason: String?
        public var lastTransitionTime: Timestamp?
        public var message: String? = nil
    }

    public var uid: String
    public var namespace: String
    public var name: String
    /// `metadata.resourceVersion`, or `~<observed_at>#<state digest>` when the record has none
    /// (`contentIdentity`).
    public var resourceVersion: String
    public var createdAt: Timestamp?
    public var deletionTimestamp: Timestamp?
    public var gracePeriodSeconds: Int?
    public var labels: [String: String] = [:]
    public var ownerKind: String?
    public var ownerName: String?
    public var node: String?
    public var restartPolicy: String?
    public var hasSchedulingGates = false
    public var phase: String?
    public var reason: String?
    public var message: String?
    public var qosClass: String?
    public var startTime: Timestamp?
    public var conditions: [Condition] = []
    /// Init containers first (spec order), then regular containers (spec order); containers
    /// that appear only in statuses are appended.
    public var containers: [Container] = []
    /// True for a watch `DELETED` record.
    public var deleted = false
    /// An exact observation time (audit logs' `stageTimestamp`), when the source has one.
    public var exactObservation: Timestamp?
    /// Where `exactObservation` comes from (`stageTimestamp`, Cloud Logging's `timestamp`, OTLP's
    /// `observedTimeUnixNano`); nil when the observation is the latest time inside the object.
    public var observationSource: String?
    /// The first volume of `spec.volumes` whose type is not one the startup SLI counts as
    /// stateless (secret, configMap, downwardAPI, emptyDir, projected): `persistentVolumeClaim`,
    /// `ephemeral`, `hostPath`…; nil when every volume is of those types.
    public var nonStatelessVolume: String?

    /// The condition of `type`, if reported.
    public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }

    /// When the deletion was requested: `deletionTimestamp` minus the grace period; nil (unknown)
    /// when that falls outside the years 0001–9999.
    public var deletionRequestedAt: Timestamp? {
        let grace = Int64(gracePeriodSeconds ?? 0)
        guard let deletionTimestamp, grace != .min else { return nil }
        return deletionTimestamp.adding(seconds: -grace)
    }

    /// The observation time podtrail assigns to this record: the exact time when the source
    /// has one, else the latest time inside the object (creation, start, condition
    /// transitions, container starts and finishes, deletion request).
    public var observedAt: Timestamp? {
        if let exactObservation { return exactObservation }
        var latest = createdAt
        func consider(_ time: Timestamp?) {
            if let time, latest.map({ time > $0 }) ?? true { latest = time }
        }
        consider(startTime)
        consider(deletionRequestedAt)
        for condition in conditions { consider(condition.lastTransitionTime) }
        for container in containers {
            switch container.state {
            case .running(let startedAt): consider(startedAt)
            case .terminated(let termination):
                consider(termination.startedAt)
                consider(termination.finishedAt)
            default: break
            }
            consider(container.lastTermination?.finishedAt)
        }
        return latest
    }

    /// The regular containers (not init containers).
    public var regularContainers: [Container] { containers.filter { !$0.isInit } }

    /// The init containers in spec order.
    public var initContainers: [Container] { containers.filter { $0.isInit } }
}
