import PodtrailKit
import Foundation
import Synchronization

/// Compresses and writes the archive's files on a background queue, one batch at a time, while
/// the simulation goes on with the next hour.
///
/// At most one batch is in flight: `submit` waits for the previous one, which bounds the memory
/// held by finished hours. Inside a batch every gzip member is compressed in parallel; each file
/// gets its members back in order, so the bytes never depend on scheduling.
@available(macOS 15, *)
final class Compressor: Sendable {
    private let queue = DispatchQueue(label: "podtrail.simulate.compressor")
    private let group = DispatchGroup()
    private let level: Int
    /// Compressed bytes written, and the first failure.
    private let state = Mutex<(bytes: Int, failure: (any Error)?)>((0, nil))

    /// A compressor writing gzip of `level`.
    init(level: Int) {
        self.level = level
    }

    /// Queues files (full path and uncompressed members) for compression and writing.
    func submit(_ files: [(path: String, members: [[UInt8]])]) {
        group.wait()
        let level = self.level
        queue.async(group: group) { [self] in
            let compressed = Self.compress(files.map(\.members), level: level)
            for (file, result) in zip(files, compressed) {
                do {
                    let bytes = try result.get()
                    try Archive.writeFile(file.path, bytes)
                    state.withLock { $0.bytes += bytes.count }
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }
        }
    }

    /// Waits for every batch; returns the bytes written or throws the first failure.
    func finish() throws -> Int {
        group.wait()
        let (bytes, failure) = state.withLock { ($0.bytes, $0.failure) }
        if let failure { throw failure }
        return bytes
    }

    /// Each file's members compressed into one gzip file, members in parallel.
    static func compress(_ files: [[[UInt8]]], level: Int) -> [Result<[UInt8], any Error>] {
        let members = files.flatMap { $0 }
        let results = Mutex([Result<[UInt8], any Error>](repeating: .success([]), count: members.count))
        DispatchQueue.concurrentPerform(iterations: members.count) { index in
            let result = Result { try GzipWriter.member(members[index], level: level) }
            results.withLock { $0[index] = result }
        }
        let compressed = results.withLock { $0 }
        var output: [Result<[UInt8], any Error>] = []
        var next = 0
        for file in files {
            output.append(Result {
                var bytes: [UInt8] = []
                for index in next..<(next + file.count) { bytes.append(contentsOf: try compressed[index].get()) }
                return bytes
            })
            next += file.count
        }
        return output
    }
}
