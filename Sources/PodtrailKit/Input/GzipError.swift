/// Damage found while inflating gzip data.
public enum GzipError: Error, Equatable, CustomStringConvertible {
    /// zlib could not be initialised.
    case initFailed
    /// The compressed data is corrupt (zlib's message).
    case corrupt(message: String)
    /// The input ended inside a gzip member.
    case truncated
    /// Bytes after a member that are neither another member nor zero padding.
    case trailingGarbage

    public var description: String {
        switch self {
        case .initFailed: "zlib could not be initialised"
        case .corrupt(let message): "corrupt gzip data (\(message))"
        case .truncated: "truncated gzip: the file ends inside a compressed member"
        case .trailingGarbage: "bytes after a gzip member that are not gzip"
        }
    }
}
