import Foundation

/// A problem with an input path, named so the user can act on it.
public enum InputError: Error, CustomStringConvertible, Equatable {
    /// The path does not exist.
    case missing(path: String)
    /// The path exists but cannot be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such file or directory"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        }
    }

    /// What is wrong with an input path, or nil when it leads to a file or folder: `.missing`
    /// when nothing is there, `.unreadable` when something is there that cannot be followed (a
    /// symbolic link loop, a dangling link).
    public static func check(_ path: String) -> InputError? {
        var info = stat()
        if stat(path, &info) == 0 { return nil }
        let reason = errno
        guard lstat(path, &info) == 0 else { return .missing(path: path) }
        let text = String(cString: strerror(reason))
        return .unreadable(path: path, reason: reason == ELOOP ? "symbolic link loop (\(text))" : text)
    }
}
