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
}
