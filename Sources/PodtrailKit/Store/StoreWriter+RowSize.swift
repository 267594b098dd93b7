/// A record SQLite cannot store whole: one of its rows is larger than `SQLITE_LIMIT_LENGTH`.
///
/// `StoreWriter.write` throws it before writing anything of the record; the ingest records a
/// reject with the file, line and this reason, and exits 1.
struct UnstorableRecord: Error, Equatable {
    /// What is too large, with the sizes: `event uid … : the events row needs 1,200,000,000 bytes …`.
    var reason: String
}

/// Sizes the rows a record becomes before any is written, against the connection's limit.
///
/// SQLite refuses a text over `SQLITE_LIMIT_LENGTH` at bind time and a row whose record is
/// larger at step time ("string or blob too big"): either would fail half-way through a
/// pod's rows. Checking first keeps a record all-or-nothing. The estimate counts every text
/// of a row plus `rowOverhead` for the numbers, times and the record header, so it errs
/// towards rejecting a row within 4 KiB of the limit. Cost: one pass over the record's strings.
extension StoreWriter {
    /// Bytes added to a row's texts for its other columns and SQLite's record header.
    static let rowOverhead = 4096

    /// Throws `UnstorableRecord` when the `events` row of `event` would exceed the limit.
    func checkSize(of event: EventRecord) throws {
        let texts: [String?] = [
            cluster, event.uid, event.namespace, event.name, event.objectKind, event.objectName, event.objectUID,
            event.fieldPath, event.container, event.reason, event.message, event.type, event.sourceComponent,
            event.sourceHost, event.apiVersion, event.resourceVersion,
        ]
        try check(Self.size(texts), row: "events row", of: "event uid \(event.uid.prefix(80))")
    }

    /// Throws `UnstorableRecord` when any row of `pod` (its snapshot, its contribution to the
    /// `pods` row, a container's snapshot, row or termination) would exceed the limit.
    func checkSize(of pod: PodRecord, status: KubectlStatus) throws {
        let name = "pod uid \(pod.uid.prefix(80))"
        let common = Self.size([cluster, pod.uid, pod.resourceVersion])
        try check(common + Self.size([pod.phase, status.status, pod.reason, pod.message, pod.node, pod.observationSource]),
                  row: "pod_snapshots row", of: name)
        let conditions = pod.conditions.filter { $0.type == "DisruptionTarget" || $0.type == "PodScheduled" }
        try check(common + Self.size([pod.namespace, pod.name, pod.node, pod.ownerKind, pod.ownerName, pod.ownerName,
                                      status.status, pod.reason, pod.message, pod.qosClass, pod.restartPolicy,
                                      pod.nonStatelessVolume, pod.labels["pod-template-hash"]])
                  + conditions.reduce(0) { $0 + Self.size([$1.reason, $1.message]) },
                  row: "pods row", of: name)
        for container in pod.containers {
            let waiting: (String?, String?) =
                switch container.state {
                case .waiting(let reason, let message): (reason, message)
                case .terminated(let termination): (termination.reason, termination.message)
                default: (nil, nil)
                }
            try check(common + Self.size([container.name, container.image, waiting.0, waiting.1]),
                      row: "container row", of: name)
            for termination in [container.state.termination, container.lastTermination].compactMap({ $0 }) {
                try check(common + Self.size([container.name, termination.reason, termination.message, termination.containerID]),
                          row: "container_terminations row", of: name)
            }
        }
    }

    private func check(_ bytes: Int, row: String, of record: String) throws {
        let limit = connection.maxLength
        guard bytes + Self.rowOverhead > limit else { return }
        throw UnstorableRecord(
            reason: "\(record): its \(row) needs \(bytes) bytes, over SQLite's limit of \(limit) bytes per value and row "
                + "(SQLITE_LIMIT_LENGTH); the record was not stored")
    }

    /// The UTF-8 bytes of `texts`.
    private static func size(_ texts: [String?]) -> Int {
        texts.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
    }
}

extension PodRecord.State {
    /// The termination of a terminated state.
    var termination: PodRecord.Termination? {
        if case .terminated(let termination) = self { termination } else { nil }
    }
}
