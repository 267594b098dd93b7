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
                if resyncing {
                    guard let found = Self.findHeader(next + skip, remaining - skip) else {
                        // Keep the last two bytes' worth of search simple: a header split across
                        // chunks is found at the next chunk's start only if it begins there.
                        return
                    }
                    skip += found
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
                // Search from the byte after the failure point.
                if remaining > 0 {
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

    private static func findHeader(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        var i = 0
        while i + 2 < count {
            if base[i] == 0x1f && base[i + 1] == 0x8b && base[i + 2] == 0x08 { return i }
            i += 1
        }
        return nil
    }
}
