/// What the framer found in the byte stream.
public enum FrameEvent {
    /// One complete JSON value (an NDJSON line, a pretty-printed object, a list item).
    case record(UnsafeRawBufferPointer, line: Int, offset: Int)
    /// A stretch that cannot be a record: recorded in `rejects`.
    case reject(line: Int, offset: Int, reason: String, excerpt: [UInt8])
}

/// Splits a decompressed byte stream into JSON records, streaming, with bounded memory.
///
/// Accepts newline-delimited JSON, concatenated (pretty-printed) objects, and list documents
/// (`{"kind": "List", "items": [...]}` or a top-level array), whose items are emitted one by
/// one without buffering the document. A record larger than `maxRecordBytes` is skipped and
/// rejected, not the file. Recovery: a raw newline inside a string, or a `{` at the start of a
/// line while an object is still open, means the open record was cut short: it is rejected and
/// framing resumes there, so one broken line never swallows the lines after it.
public struct RecordFramer {
    /// Whether `c` ends the fast scan inside a string: quote, backslash, newline.
    @inline(__always)
    private static func stopsString(_ c: UInt8) -> Bool { c == 0x22 || c == 0x5c || c == 0x0a }

    /// Whether `c` matters inside a nested value: `"{}[],:`, newline, space, tab, CR. A bit set
    /// over 0..<128 (a table would cost a lazy-global check per byte).
    @inline(__always)
    private static func isStructure(_ c: UInt8) -> Bool {
        // Bits 9, 10, 13, 32, 34, 44, 58 and (from 64) 91, 93, 123, 125.
        let low: UInt64 = 1 << 9 | 1 << 10 | 1 << 13 | 1 << 32 | 1 << 34 | 1 << 44 | 1 << 58
        let high: UInt64 = 1 << (91 - 64) | 1 << (93 - 64) | 1 << (123 - 64) | 1 << (125 - 64)
        return c < 64 ? (low >> c) & 1 != 0 : c < 128 && (high >> (c - 64)) & 1 != 0
    }

    /// The default largest record: 64 MiB.
    public static let defaultMaxRecordBytes = 64 << 20

    public let maxRecordBytes: Int
    private var pending: [UInt8] = []
    private var inRecord = false
    private var oversize = false
    private var scalar = false
    private var depth = 0
    private var inString = false
    private var escape = false
    /// Depth at which records start: 0 normally, 1 inside a top-level array, 2 inside `items`.
    private var elementDepth = 0
    /// Depth-1 key tracking, to spot `"items": [` in a list document.
    private var keyBytes: [UInt8] = []
    private var keyOpen = false
    private var lastKeyIsItems = false
    private var afterColon = false
    private var atLineStart = true
    private var documentBytes = 0
    private var recordLine = 1
    private var recordOffset = 0
    private var recordSize = 0
    /// The current line (1-based) and the stream offset of the next byte.
    public private(set) var line = 1
    public private(set) var offset = 0

    /// Creates a framer.
    public init(maxRecordBytes: Int = RecordFramer.defaultMaxRecordBytes) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// Frames the next chunk of the stream, calling `handler` for each record or reject.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ handler: (FrameEvent) throws -> Void) throws {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = chunk.count
        var i = 0
        /// Start of the current record inside this chunk, when it started here.
        var start = inRecord && !oversize ? 0 : -1
        func flushPending(upTo end: Int) {
            if inRecord, !oversize, start >= 0, end > start {
                if pending.count + end - start > maxRecordBytes {
                    oversize = true
                    pending.removeAll()
                } else {
                    pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                }
            }
        }
        while i < n {
            if inString && !escape && !keyOpen {
                // Fast path: skip string bytes that cannot end or break the string.
                while i < n && !Self.stopsString(base[i]) { i += 1 }
                if i == n { break }
            } else if !inString && inRecord && !scalar && depth > 1 {
                // Fast path: inside nested values only structure and newlines matter.
                while i < n && !Self.isStructure(base[i]) { i += 1 }
                if i == n { break }
                if base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0d {
                    atLineStart = false
                    i += 1
                    while i < n && (base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0d) { i += 1 }
                    continue
                }
            }
            let c = base[i]
            if inString {
                if escape {
                    escape = false
                } else if c == 0x22 {
                    inString = false
                    if keyOpen { closeKey() }
                } else if c == 0x5c {
                    escape = true
                } else if c == 0x0a {
                    // JSON strings cannot hold a raw newline: the record was cut short.
                    flushPending(upTo: i)
                    try rejectOpen(reason: "record cut short: line ends inside a string", at: i, handler)
                    resetToTopLevel()
                    start = -1
                    advanceLine(at: i)
                    i += 1
                    continue
                } else if keyOpen, keyBytes.count < 8 {
                    keyBytes.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case 0x0a:
                advanceLine(at: i)
                if scalar && depth == elementDepth {
                    try endRecord(base: base, start: &start, end: i, handler)
                }
                i += 1
                continue
            case 0x20, 0x09, 0x0d:
                // Only a `{` in the very first column can start a new record mid-object.
                atLineStart = false
                i += 1
                continue
            default:
                break
            }
            let lineStart = atLineStart
            atLineStart = false
            if !inRecord {
                if depth == elementDepth {
                    if c == 0x2c || (depth > 0 && (c == 0x5d || c == 0x7d)) {
                        if c != 0x2c { closeContainer() }
                        i += 1
                        continue
                    }
                    if depth == 0 && c == 0x5b {
                        depth = 1
                        elementDepth = 1
                        i += 1
                        continue
                    }
                    beginRecord(at: i, scalar: c != 0x7b && c != 0x5b)
                    start = i
                } else {
                    // Inside a list document but outside items: skip, tracking structure.
                    try structural(c, base: base, start: &start, index: i, handler)
                    i += 1
                    continue
                }
            } else if lineStart && c == 0x7b && elementDepth == 0 && !scalar && depth > 0 {
                flushPending(upTo: i)
                try rejectOpen(reason: "record cut short: a new object starts at line \(line) before it closed", at: i, handler)
                resetToTopLevel()
                beginRecord(at: i, scalar: false)
                start = i
            }
            if scalar {
                if depth == elementDepth && (c == 0x2c || c == 0x5d) && elementDepth > 0 {
                    try endRecord(base: base, start: &start, end: i, handler)
                    continue
                }
                if c == 0x22 { inString = true }
                i += 1
                try checkSize(base: base, start: &start, index: i, handler)
                continue
            }
            try structural(c, base: base, start: &start, index: i, handler)
            i += 1
            if inRecord, depth == elementDepth {
                try endRecord(base: base, start: &start, end: i, handler)
            } else if inRecord {
                try checkSize(base: base, start: &start, index: i, handler)
            }
        }
        flushPending(upTo: n)
        offset += n
    }

    /// Ends the stream: a record still open is rejected as truncated.
    public mutating func finish(_ handler: (FrameEvent) throws -> Void) throws {
        if inRecord && scalar && depth == elementDepth && !pending.isEmpty {
            try emit(handler)
        } else if inRecord || depth > 0 {
            try rejectOpen(reason: "truncated: the input ends inside a record", handler)
        }
        resetToTopLevel()
    }

    /// Declares a break in the stream (damaged compressed data was skipped): an open record is
    /// rejected and framing starts afresh.
    public mutating func interrupt(reason: String, _ handler: (FrameEvent) throws -> Void) throws {
        if inRecord || depth > 0 {
            try rejectOpen(reason: "record cut short: \(reason)", handler)
        }
        resetToTopLevel()
    }

    // MARK: - State changes

    private mutating func beginRecord(at index: Int, scalar: Bool) {
        inRecord = true
        oversize = false
        self.scalar = scalar
        pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
        recordLine = line
        recordOffset = offset + index
        recordSize = 0
        afterColon = false
        lastKeyIsItems = false
    }

    private mutating func structural(
        _ c: UInt8, base: UnsafePointer<UInt8>, start: inout Int, index: Int, _ handler: (FrameEvent) throws -> Void
    ) throws {
        switch c {
        case 0x22:
            inString = true
            if depth == 1 && elementDepth == 0 && !afterColon {
                keyOpen = true
                keyBytes.removeAll(keepingCapacity: true)
            }
        case 0x3a:
            if depth == 1 { afterColon = true }
        case 0x2c:
            if depth == 1 { afterColon = false }
        case 0x7b, 0x5b:
            if c == 0x5b && depth == 1 && elementDepth == 0 && afterColon && lastKeyIsItems {
                // A list document: drop what was buffered of it and stream its items.
                inRecord = false
                pending.removeAll(keepingCapacity: true)
                start = -1
                depth = 2
                elementDepth = 2
                return
            }
            depth += 1
        case 0x7d, 0x5d:
            closeContainer()
        default:
            break
        }
    }

    private mutating func closeContainer() {
        depth = max(depth - 1, 0)
        if depth < elementDepth {
            // Left the items array (or the top-level array): the rest of the document is skipped.
            elementDepth = 0
            afterColon = false
            lastKeyIsItems = false
        }
        if depth == 1 { afterColon = false }
    }

    private mutating func closeKey() {
        keyOpen = false
        lastKeyIsItems = keyBytes == Array("items".utf8)
    }

    private mutating func advanceLine(at index: Int) {
        line += 1
        atLineStart = true
    }

    private mutating func checkSize(
        base: UnsafePointer<UInt8>, start: inout Int, index: Int, _ handler: (FrameEvent) throws -> Void
    ) throws {
        guard !oversize else { return }
        let size = pending.count + (start >= 0 ? index - start : 0)
        if size > maxRecordBytes {
            oversize = true
            pending.removeAll()
            start = -1
        }
    }

    private mutating func endRecord(
        base: UnsafePointer<UInt8>, start: inout Int, end: Int, _ handler: (FrameEvent) throws -> Void
    ) throws {
        defer {
            inRecord = false
            scalar = false
            start = -1
            pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
        }
        if oversize || pending.count + (start >= 0 ? end - start : 0) > maxRecordBytes {
            try handler(.reject(
                line: recordLine, offset: recordOffset,
                reason: "record larger than the limit of \(maxRecordBytes) bytes (--max-record-mib)", excerpt: []))
            return
        }
        if pending.isEmpty, start >= 0 {
            try handler(.record(UnsafeRawBufferPointer(start: base + start, count: end - start), line: recordLine, offset: recordOffset))
        } else {
            if start >= 0 { pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start)) }
            try emit(handler)
        }
    }

    private func emit(_ handler: (FrameEvent) throws -> Void) throws {
        try pending.withUnsafeBytes { try handler(.record($0, line: recordLine, offset: recordOffset)) }
    }

    /// Rejects the open record (or the open list document, at `index` in the current chunk;
    /// 0 once a chunk is done, when `offset` already counts it).
    private mutating func rejectOpen(reason: String, at index: Int = 0, _ handler: (FrameEvent) throws -> Void) throws {
        if inRecord {
            try handler(.reject(line: recordLine, offset: recordOffset, reason: reason, excerpt: Array(pending.prefix(200))))
        } else if depth > 0 {
            try handler(.reject(line: line, offset: offset + index, reason: reason + " (inside a list document)", excerpt: []))
        }
    }

    private mutating func resetToTopLevel() {
        inRecord = false
        oversize = false
        scalar = false
        depth = 0
        elementDepth = 0
        inString = false
        escape = false
        keyOpen = false
        lastKeyIsItems = false
        afterColon = false
        pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
    }
}
