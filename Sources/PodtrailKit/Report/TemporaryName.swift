import Foundation

/// The names podtrail gives the files, folders and links it is still writing:
/// `.<name>.podtrail-tmp-<pid>-<random>`.
///
/// The random part makes a name unpredictable, so no one can plant a link at it beforehand
/// (as git's and rsync's temporary names are); the pid tells a killed run's leftovers from the
/// names of a run still going. Names of earlier podtrails (`.<name>.tmp-<pid>`) are recognised
/// too, so that their leftovers are removed as well.
enum TemporaryName {
    /// What every temporary name holds between the final name and the pid.
    static let marker = ".podtrail-tmp-"
    /// The marker of podtrail 0.x's temporary names.
    static let earlierMarker = ".tmp-"

    /// A new temporary name for `name`.
    static func make(for name: String) -> String {
        "." + name + marker + "\(getpid())-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }

    /// The pid of the run that made `name`, nil when `name` is not a temporary name of ours.
    static func pid(in name: String) -> pid_t? {
        guard name.hasPrefix(".") else { return nil }
        if let range = name.range(of: marker, options: .backwards) {
            let parts = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, UInt64(parts[1], radix: 16) != nil else { return nil }
            return pid_t(parts[0]).flatMap { $0 > 0 ? $0 : nil }
        }
        if let range = name.range(of: earlierMarker, options: .backwards) {
            return pid_t(name[range.upperBound...]).flatMap { $0 > 0 ? $0 : nil }
        }
        return nil
    }

    /// True for a temporary name of ours whose run is over: no process has its pid any more,
    /// or it is this process's (whose runs follow one another: an earlier one's leftover).
    static func isLeftover(_ name: String) -> Bool {
        guard let pid = pid(in: name) else { return false }
        return pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH)
    }
}
