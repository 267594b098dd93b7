/// The identity of a pod observation that has no `metadata.resourceVersion`.
///
/// Some exporters strip `resourceVersion`. The observation time alone does not tell two states
/// apart: a kubelet that marks a pod Failed/Evicted writes no new time, so that state would be
/// taken for a duplicate of the Running one before it and lost. Such a record's identity is
/// `~<observed at>#<digest>`, the digest a 64-bit FNV-1a hash of every status field podtrail
/// stores: a changed state is a new snapshot, the same state seen again is still a duplicate.
/// The `~` keeps it from ever being read as a number (`pods.final_resource_version` stays NULL).
extension PodRecord {
    /// `~<observed at>#<16 hex digits>` for a record without a resourceVersion.
    var contentIdentity: String {
        let digest = String(stateDigest, radix: 16)
        return "~" + (observedAt?.description ?? "") + "#" + String(repeating: "0", count: 16 - digest.count) + digest
    }

    /// FNV-1a (64-bit) of the stored status fields, each length-prefixed so that no two
    /// different states serialise alike. The watch `DELETED` flag is left out: a deletion of
    /// the same state marks that snapshot deleted, as a resourceVersion would. Cost: linear in
    /// the record's text.
    var stateDigest: UInt64 {
        var bytes: [UInt8] = []
        func add(_ text: String?) {
            guard let text else { return bytes.append(0) }
            bytes.append(1)
            withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: text.utf8)
        }
        func add(_ number: Int?) { add(number.map { String($0) }) }
        func add(_ flag: Bool?) { add(flag.map { $0 ? "1" : "0" }) }
        func add(_ time: Timestamp?) { add(time?.description) }
        func add(_ termination: Termination?) {
            add(termination != nil)
            guard let termination else { return }
            add(termination.exitCode); add(termination.signal); add(termination.reason); add(termination.message)
            add(termination.startedAt); add(termination.finishedAt); add(termination.containerID)
        }
        add(phase); add(reason); add(message); add(qosClass); add(node); add(startTime)
        add(deletionTimestamp); add(gracePeriodSeconds); add(hasSchedulingGates)
        add(conditions.count)
        for condition in conditions {
            add(condition.type); add(condition.status); add(condition.reason); add(condition.lastTransitionTime); add(condition.message)
        }
        add(containers.count)
        for container in containers {
            add(container.name); add(container.isInit); add(container.inSpec); add(container.hasStatus); add(container.image)
            add(container.statusIndex); add(container.ready); add(container.started); add(container.restartCount)
            switch container.state {
            case .waiting(let reason, let message): add("waiting"); add(reason); add(message)
            case .running(let startedAt): add("running"); add(startedAt)
            case .terminated(let termination): add("terminated"); add(termination)
            case .unknown: add("unknown")
            }
            add(container.lastTermination)
        }
        return Fingerprint.hash(bytes)
    }
}
