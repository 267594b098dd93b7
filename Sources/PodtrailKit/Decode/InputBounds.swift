/// The ranges numbers read from archives must fall in; a record holding one outside is rejected
/// with a reason naming the field and the value.
///
/// Each range is the type Kubernetes declares for the field: an apiserver cannot write a value
/// outside it, so such a value is damage or a forgery, not a measurement. Within those ranges
/// every sum podtrail takes fits in 64 bits: a sum of int32 values overflows only past 4e9
/// rows. Values past the 64-bit range do not parse as numbers (`JSON.int`) and read as absent.
enum InputBounds {
    /// Kubernetes' int32 (`count`, `series.count`, `restartCount`, `exitCode`, `signal`).
    static let int32 = Int(Int32.min)...Int(Int32.max)
    /// A count of occurrences or restarts: a non-negative int32.
    static let counts = 0...Int(Int32.max)
    /// `deletionGracePeriodSeconds`: int64 in the API, but a grace period longer than 100 years
    /// (3,153,600,000 s) puts the deletion request before any archive; negative ones are invalid.
    static let gracePeriods = 0...3_153_600_000

    /// Why `event` cannot be stored, or nil when its numbers are in range.
    static func problem(_ event: EventRecord) -> String? {
        guard counts.contains(event.count) else {
            return "Event count \(event.count) is outside the range of Kubernetes' int32 count (0 to \(Int32.max))"
        }
        return nil
    }

    /// Why `pod` cannot be stored, or nil when its numbers are in range.
    static func problem(_ pod: PodRecord) -> String? {
        if let grace = pod.gracePeriodSeconds, !gracePeriods.contains(grace) {
            return "Pod deletionGracePeriodSeconds \(grace) is outside 0 to \(gracePeriods.upperBound) (100 years)"
        }
        for container in pod.containers {
            if !counts.contains(container.restartCount) {
                return "Pod container \(container.name): restartCount \(container.restartCount) is outside the range of "
                    + "Kubernetes' int32 (0 to \(Int32.max))"
            }
            var terminations = [container.lastTermination]
            if case .terminated(let termination) = container.state { terminations.append(termination) }
            for termination in terminations.compactMap({ $0 }) {
                for (field, value) in [("exitCode", termination.exitCode), ("signal", termination.signal)] {
                    if let value, !int32.contains(value) {
                        return "Pod container \(container.name): \(field) \(value) is outside the range of Kubernetes' int32 "
                            + "(\(Int32.min) to \(Int32.max))"
                    }
                }
            }
        }
        return nil
    }
}

extension Int {
    /// The sum, or `Int.max` / `Int.min` where it would overflow (never a trap).
    func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
