import Foundation

/// An exclusive `flock(2)` on a lock file, held until the value is released.
///
/// Used by the nightly job on `<database>.lock` so two overlapping runs never write one
/// database or one report folder at the same time. The lock file itself is left in place
/// (removing it would race with a waiting run); the kernel drops the lock when the process
/// exits, even after a crash.
public final class FileLock {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock, retrying every 100 ms for up to `wait` seconds.
    ///
    /// - Throws: `FileLockError.busy` when another process still holds it after `wait`;
    ///   `FileLockError.cannotOpen` when the lock file cannot be created.
    public init(path: String, wait: Double) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let error = errno
            let folder = (path as NSString).deletingLastPathComponent
            let reason = error == ENOENT
                ? "the folder \(folder.isEmpty ? "." : folder) does not exist; create it, or give --db a path in an existing folder"
                : String(cString: strerror(error))
            throw FileLockError.cannotOpen(path: path, reason: reason)
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw FileLockError.busy(path: path)
            }
            usleep(100_000)
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

@available(*, unavailable)
extension FileLock: Sendable {}

/// Why a lock could not be taken.
public enum FileLockError: Error, Equatable, CustomStringConvertible {
    /// Another process holds the lock.
    case busy(path: String)
    /// The lock file cannot be opened or created.
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .busy(let path):
            "another podtrail run holds \(path) (an earlier nightly is still running); try again when it has finished."
        case .cannotOpen(let path, let reason):
            "cannot open the lock file \(path): \(reason)."
        }
    }
}
