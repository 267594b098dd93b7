internal import CZlib

/// Streaming gzip inflater for files of one or more concatenated members.
///
/// Every member is read to its end (`inflateReset` on each `Z_STREAM_END`). Damage does not end
/// the stream: after corrupt data or trailing garbage the inflater searches forward for the
/// next gzip header (`1f 8b 08`) and resumes there, reporting the damage. Trailing zero bytes
/// (padding) are ignored.
struct Gunzip: ~Copyable {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: UnsafeMutableRawBufferPointer
    /// True once a member has started and not yet ended.
    private var inMember = false
    /// True while searching for the next member header after damage.
    private var resyncing = false
    /// True when the byte after a member has not been seen yet.
    private var betweenMembers = false
    /// While resyncing: the last one or two bytes seen (`1f` or `1f 8b`), which may be the start
    /// of a member header that continues in the next chunk.
    private var carry: [UInt8] = []
    /// Compressed bytes consumed so far.
    private(set) var consumed = 0

    static let outputSize = 256 * 1024

    init() throws(GzipError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: the largest window and automatic gzip/zlib header detection.
        guard czlib_inflate_init2(stream, 15 + 32) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .initFailed
        }
        self.stream = stream
        self.output = .allocate(byteCount: Self.outputSize, alignment: 16)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates one chunk of compressed input.
    ///
    /// - Parameters:
    ///   - emit: receives each piece of decompressed data.
    ///   - damage: receives each damage with the compressed offset where it was found.
    mutating func feed(
        _ input: UnsafeRawBufferPointer,
        emit: (UnsafeRawBufferPointer) throws -> Void,
        damage: (GzipError, Int) throws -> Void
    ) throws {
        guard var next = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var remaining = input.count
        let chunkStart = consumed
        defer { consumed = chunkStart + input.count }
        var outputFull = false
        while remaining > 0 || outputFull {
            if resyncing || betweenMembers {
                // Skip zero padding; anything else must be the next member's header.
                var skip = 0
                if betweenMembers {
                    while skip < remaining && next[skip] == 0 { skip += 1 }
                    if skip == remaining { return }
                    if next[skip] != 0x1f {
                        betweenMembers = false
                        resyncing = true
                        try damage(.trailingGarbage, chunkStart + (input.count - remaining) + skip)
                    } else {
                        betweenMembers = false
                    }
                }
                if resyncing, !carry.isEmpty {
                    // A header may have begun in the last bytes of the previous chunk.
                    let window = carry + Array(UnsafeBufferPointer(start: next + skip, count: min(2, remaining - skip)))
                    if let start = (0..<carry.count).first(where: { Self.isHeader(window, at: $0) }) {
                        let lead = Array(carry[start...])
                        carry = []
                        resyncing = false
                        inflateReset(stream)
                        feedHeaderStart(lead)
                    }
                }
                if resyncing {
                    guard let found = Self.findHeader(next + skip, remaining - skip) else {
                        // Keep the end that may begin a header split across this chunk and the next.
                        let tail = carry + Array(UnsafeBufferPointer(start: next + skip, count: remaining - skip).suffix(2))
                        carry = Self.isHeader(tail.suffix(2) + [0x08], at: 0) ? Array(tail.suffix(2))
                            : tail.last == 0x1f ? [0x1f] : []
                        return
                    }
                    skip += found
                    carry = []
                    resyncing = false
                    inflateReset(stream)
                }
                next += skip
                remaining -= skip
                if remaining == 0 { return }
            }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: next)
            stream.pointee.avail_in = UInt32(remaining)
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(Self.outputSize)
            inMember = true
            let code = inflate(stream, Z_NO_FLUSH)
            let produced = Self.outputSize - Int(stream.pointee.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: output.baseAddress, count: produced)) }
            let used = remaining - Int(stream.pointee.avail_in)
            next += used
            remaining -= used
            // zlib may hold more output when the buffer came back full: call again to drain it.
            outputFull = produced == Self.outputSize && code == Z_OK
            switch code {
            case Z_OK, Z_BUF_ERROR:
                if used == 0 && produced == 0 { return }
            case Z_STREAM_END:
                inflateReset(stream)
                inMember = false
                betweenMembers = true
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                try damage(.corrupt(message: message), chunkStart + (input.count - remaining))
                inMember = false
                resyncing = true
                inflateReset(stream)
                // Search from the first byte zlib did not consume (the next member's header may
                // start right there); skip one byte only when zlib consumed none, to make progress.
                if used == 0 && remaining > 0 {
                    next += 1
                    remaining -= 1
                }
            }
        }
    }

    /// Ends the input: returns `.truncated` when it ended inside a member.
    mutating func finish() -> GzipError? {
        inMember && !resyncing ? .truncated : nil
    }

    /// True when `bytes` holds a gzip member header (`1f 8b 08`) at `index`.
    private static func isHeader(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0x1f && bytes[index + 1] == 0x8b && bytes[index + 2] == 0x08
    }

    /// Feeds the first bytes of a member header that arrived at the end of the previous chunk.
    private mutating func feedHeaderStart(_ bytes: [UInt8]) {
        var bytes = bytes
        bytes.withUnsafeMutableBufferPointer { lead in
            stream.pointee.next_in = lead.baseAddress
            stream.pointee.avail_in = UInt32(lead.count)
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(Self.outputSize)
            // Header bytes only: zlib keeps them in its state and produces nothing.
            _ = inflate(stream, Z_NO_FLUSH)
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        inMember = true
    }

    private static func findHeader(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var i = 0
        while i + 2 < count {
            if base[i] == 0x1f && base[i + 1] == 0x8b && base[i + 2] == 0x08 { return i }
            i += 1
        }
        return nil
    }
}
