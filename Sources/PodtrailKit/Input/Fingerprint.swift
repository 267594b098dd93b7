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
    public static func of(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError.unreadable(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let head = try handle.read(upToCount: sampleSize) ?? Data()
        var tail = Data()
        if size > UInt64(sampleSize) {
            try handle.seek(toOffset: size - UInt64(sampleSize))
            tail = try handle.read(upToCount: sampleSize) ?? Data()
        }
        return "\(size)-\(String(hash(head), radix: 16))-\(String(hash(tail), radix: 16))"
    }
}
