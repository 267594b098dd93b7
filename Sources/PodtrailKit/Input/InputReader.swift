import Foundation

/// What an input's first bytes say it is.
public enum InputFormat: String, Sendable {
    case gzip
    case json
    case empty
    case notJSON = "not-json"
}

/// What reading one input produced.
public struct InputSummary: Sendable {
    public var format: InputFormat
    /// Bytes read from the file (compressed bytes for gzip).
    public var bytesRead = 0
    /// Decompressed bytes framed.
    public var jsonBytes = 0
    /// True when the input was corrupt or truncated somewhere.
    public var damaged = false
}

/// Reads one input (file descriptor) to its end: detects gzip by its magic bytes, inflates
/// every member, frames the JSON into records, and reports damage without stopping.
public enum InputReader {
    /// Bytes read per `read(2)` call.
    public static let chunkSize = 256 * 1024
    /// Bytes gathered before the format is detected (fewer only when the input is shorter).
    static let detectionBytes = 64 * 1024

    /// Reads `fd` to the end.
    ///
    /// - Parameters:
    ///   - handler: receives every framed record and every reject, including damage rejects.
    ///   - progress: receives the count of bytes read so far, after each chunk.
    public static func read(
        fd: Int32,
        path: String,
        maxRecordBytes: Int = RecordFramer.defaultMaxRecordBytes,
        progress: (Int) -> Void = { _ in },
        _ handler: (FrameEvent) throws -> Void
    ) throws -> InputSummary {
        try read(
            from: { buffer in
                while true {
                    let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                    if count >= 0 { return count }
                    if errno != EINTR { throw InputError.unreadable(path: path, reason: String(cString: strerror(errno))) }
                }
            }, maxRecordBytes: maxRecordBytes, progress: progress, handler)
    }

    /// Reads bytes held in memory (tests, small inputs) as if they were a file.
    public static func read(
        bytes: [UInt8],
        maxRecordBytes: Int = RecordFramer.defaultMaxRecordBytes,
        _ handler: (FrameEvent) throws -> Void
    ) throws -> InputSummary {
        var position = 0
        return try read(
            from: { buffer in
                let count = min(buffer.count, bytes.count - position)
                bytes.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
                }
                position += count
                return count
            }, maxRecordBytes: maxRecordBytes, progress: { _ in }, handler)
    }

    /// Reads chunks from `source` (which fills a buffer and returns the count, 0 at the end).
    public static func read(
        from source: (UnsafeMutableRawBufferPointer) throws -> Int,
        maxRecordBytes: Int = RecordFramer.defaultMaxRecordBytes,
        progress: (Int) -> Void = { _ in },
        _ handler: (FrameEvent) throws -> Void
    ) throws -> InputSummary {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var summary = InputSummary(format: .empty)
        var framer = RecordFramer(maxRecordBytes: maxRecordBytes)
        var gunzip: Gunzip?
        var first = true
        /// A gzip's first inflated bytes, held until they show the format of its content.
        var contentHead: [UInt8]? = nil
        do {
            try readAll()
        } catch is NotJSONContent {
            summary.format = .notJSON
            return summary
        }
        /// Reads and inflates to the end; throws `NotJSONContent` when a gzip holds text.
        func readAll() throws {
            while true {
                var count = try source(buffer)
                if count == 0 { break }
                if first {
                    // Detection looks at the head: gather it even when reads come back short (pipes).
                    while count < detectionBytes && !isDetectable(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) {
                        let more = try source(UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                        if more == 0 { break }
                        count += more
                    }
                }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                summary.bytesRead += count
                if first {
                    first = false
                    summary.format = detect(chunk)
                    switch summary.format {
                    case .gzip:
                        gunzip = try Gunzip()
                        contentHead = []
                    case .notJSON: return
                    default: break
                    }
                }
                if gunzip != nil {
                    try gunzip!.feed(chunk) { piece in
                        if contentHead != nil {
                            // The format of what the gzip holds, from its first bytes, as for a plain file.
                            contentHead!.append(contentsOf: piece)
                            guard contentHead!.count >= detectionBytes || contentHead!.withUnsafeBytes(isDetectable) else { return }
                            let head = contentHead!
                            contentHead = nil
                            if head.withUnsafeBytes(detect) == .notJSON { throw NotJSONContent() }
                            summary.jsonBytes += head.count
                            try head.withUnsafeBytes { try framer.feed($0, handler) }
                            return
                        }
                        summary.jsonBytes += piece.count
                        try framer.feed(piece, handler)
                    } damage: { error, offset in
                        summary.damaged = true
                        try handler(.reject(line: framer.line, offset: offset, reason: error.description + " at compressed byte \(offset)", excerpt: []))
                        try framer.interrupt(reason: "damaged compressed data", handler)
                    }
                } else {
                    summary.jsonBytes += count
                    let skip = summary.bytesRead == count ? byteOrderMarkLength(chunk) : 0
                    try framer.feed(UnsafeRawBufferPointer(rebasing: chunk[skip...]), handler)
                }
                progress(summary.bytesRead)
            }
            if let head = contentHead {
                // A gzip whose whole content was shorter than the detection head.
                if head.withUnsafeBytes(detect) == .notJSON { throw NotJSONContent() }
                summary.jsonBytes += head.count
                try head.withUnsafeBytes { try framer.feed($0, handler) }
            }
        }
        if summary.format == .notJSON { return summary }
        if let error = gunzip?.finish() {
            summary.damaged = true
            try handler(.reject(line: framer.line, offset: summary.bytesRead, reason: error.description, excerpt: []))
        }
        var truncated = false
        try framer.finish { event in
            if case .reject = event { truncated = true }
            try handler(event)
        }
        if truncated { summary.damaged = true }
        return summary
    }

    /// 3 when `head` starts with a UTF-8 byte-order mark, else 0.
    static func byteOrderMarkLength(_ head: UnsafeRawBufferPointer) -> Int {
        head.count >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf ? 3 : 0
    }

    /// Classifies an input by its first bytes: gzip magic, JSON's first non-blank character.
    public static func detect(_ head: UnsafeRawBufferPointer) -> InputFormat {
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b { return .gzip }
        var i = Self.byteOrderMarkLength(head)
        while i < head.count {
            switch head[i] {
            case 0x20, 0x09, 0x0a, 0x0d: i += 1
            case 0x7b, 0x5b: return .json
            default: return hasObjectLine(head, from: i) ? .json : .notJSON
            }
        }
        return head.isEmpty ? .empty : .json
    }

    /// True when `head` is enough to detect the format: gzip's two magic bytes, or a first
    /// non-blank `{` or `[`. Anything else needs more bytes (up to `detectionBytes`) to look
    /// for a later line that starts an object.
    static func isDetectable(_ head: UnsafeRawBufferPointer) -> Bool {
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b { return true }
        var i = 0
        while i < head.count, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0a || head[i] == 0x0d { i += 1 }
        if i == 0 && head.count >= 3 && byteOrderMarkLength(head) == 3 { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x09 || head[i] == 0x0a || head[i] == 0x0d { i += 1 }
        return i < head.count && (head[i] == 0x7b || head[i] == 0x5b)
    }

    /// True when most later lines of `head` start an object (`{"`, blanks allowed between): the
    /// input is NDJSON whose first line is damaged (a log rotated mid-record, a header line), and
    /// its lines are read one by one instead of the whole file being skipped. A text file with
    /// a stray JSON line among its lines (a kubelet log, a shell transcript) is not JSON: reading
    /// it would only reject line after line. Blank lines do not count.
    static func hasObjectLine(_ head: UnsafeRawBufferPointer, from start: Int) -> Bool {
        var objectLines = 0
        var otherLines = 0
        var i = start
        while i < head.count {
            if head[i] == 0x0a {
                var j = i + 1
                while j < head.count && (head[j] == 0x20 || head[j] == 0x09 || head[j] == 0x0d) { j += 1 }
                if j < head.count && head[j] == 0x7b {
                    j += 1
                    while j < head.count && (head[j] == 0x20 || head[j] == 0x09 || head[j] == 0x0d || head[j] == 0x0a) { j += 1 }
                    if j < head.count && head[j] == 0x22 { objectLines += 1 } else { otherLines += 1 }
                } else if j < head.count && !startsJSONValue(head, at: j) {
                    otherLines += 1
                }
                i = j
                continue
            }
            i += 1
        }
        return objectLines > 0 && objectLines >= otherLines
    }

    /// True when the line at `i` is blank or starts like a JSON value (`[`, `"`, a number,
    /// `null`, `true`, `false`): such lines are JSON, if not objects; text starts otherwise.
    private static func startsJSONValue(_ head: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let c = head[i]
        if c == 0x0a || c == 0x5b || c == 0x22 || c == 0x2d || (c >= 0x30 && c <= 0x39) { return true }
        for word in ["null", "true", "false"] {
            let bytes = Array(word.utf8)
            if i + bytes.count <= head.count, (0..<bytes.count).allSatisfy({ head[i + $0] == bytes[$0] }) { return true }
        }
        return false
    }
}

/// Thrown inside `InputReader.read` when a gzip turns out to hold text that is not JSON.
private struct NotJSONContent: Error {}
