import Foundation

/// Identifies an input file's content cheaply, so a nightly run can skip files it already read.
///
/// The fingerprint is `<size>-<hash of the first 64 KiB>-<hash of the last 64 KiB>` (FNV-1a,
/// 64-bit). A file that grew gets a new fingerprint and is read again; the unique keys of the
/// tables make the re-read add only what is new.
public enum Fingerprint {
    /// How many bytes at each end of a file the fingerprint reads.
    public static let sampleSize = 64 * 1024

    /// FNV-1a 64-bit hash of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
    where Bytes.Element == UInt8 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// The fingerprint of the file at `path`, reading at most two samples.
    ///
    /// - Throws: `InputError.unreadable` naming the path and the system's reason.
    public static func of(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        return try of(fd: fd, path: path)
    }

    /// The fingerprint of the open file `fd` (read with `pread`, so its offset is unchanged).
    public static func of(fd: Int32, path: String) throws -> String {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        let head = try sample(fd: fd, path: path, at: 0, count: min(size, sampleSize))
        let tail = size > sampleSize ? try sample(fd: fd, path: path, at: size - sampleSize, count: sampleSize) : []
        return "\(size)-\(String(hash(head), radix: 16))-\(String(hash(tail), radix: 16))"
    }

    private static func sample(fd: Int32, path: String, at offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw InputError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            filled += n
        }
        return Array(bytes.prefix(filled))
    }
}
