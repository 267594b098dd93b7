/// Read access to a parsed `JSONDocument`: values are token indices, looked up by key or
/// walked in order, decoded only when asked for.
///
/// Valid only inside `JSONDocument.read(_:_:)`, which lends the tape and the bytes.
public struct JSON {
    let tokens: UnsafeBufferPointer<JSONDocument.Token>
    let bytes: UnsafeRawBufferPointer

    /// The kind of the value at `index`.
    public func kind(_ index: Int) -> JSONDocument.Kind { tokens[index].kind }

    /// The value of `key` in the object at `index`; the last one when a key repeats (as Go's
    /// encoding/json, which Kubernetes uses, decides). Nil when absent or `index` is not an object.
    public func member(_ index: Int?, _ key: StaticString) -> Int? {
        guard let index, tokens[index].kind == .object else { return nil }
        var found: Int?
        let end = Int(tokens[index].next)
        var k = index + 1
        let length = key.utf8CodeUnitCount
        let first = key.utf8Start.pointee
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        while k < end {
            let token = tokens[k]
            if Int(token.end - token.start) == length, base[Int(token.start)] == first, !token.flag,
                memcmp(base + Int(token.start), key.utf8Start, length) == 0
            {
                found = k + 1
            }
            k = Int(tokens[k + 1].next)
        }
        return found
    }

    /// Follows a path of keys through nested objects.
    public func path(_ index: Int?, _ keys: StaticString...) -> Int? {
        var current = index
        for key in keys { current = member(current, key) }
        return current
    }

    /// Calls `body` with each element of the array at `index` (nothing when not an array).
    public func forEachElement(_ index: Int?, _ body: (Int) throws -> Void) rethrows {
        guard let index, tokens[index].kind == .array else { return }
        let end = Int(tokens[index].next)
        var k = index + 1
        while k < end {
            try body(k)
            k = Int(tokens[k].next)
        }
    }

    /// Calls `body` with each key (decoded) and value index of the object at `index`.
    public func forEachMember(_ index: Int?, _ body: (String, Int) throws -> Void) rethrows {
        guard let index, tokens[index].kind == .object else { return }
        let end = Int(tokens[index].next)
        var k = index + 1
        while k < end {
            try body(string(k) ?? "", k + 1)
            k = Int(tokens[k + 1].next)
        }
    }

    /// The string at `index`, with escapes decoded and invalid UTF-8 replaced by U+FFFD; nil
    /// for other kinds and for absent values.
    public func string(_ index: Int?) -> String? {
        guard let index else { return nil }
        let token = tokens[index]
        guard token.kind == .string else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
        if !token.flag { return String(decoding: raw, as: UTF8.self) }
        return Self.unescape(raw)
    }

    /// The string at `index`, or nil when it is absent, not a string or empty.
    public func nonEmptyString(_ index: Int?) -> String? {
        guard let text = string(index), !text.isEmpty else { return nil }
        return text
    }

    /// The raw bytes of the string at `index` when it holds no escapes (else nil).
    public func rawString(_ index: Int?) -> UnsafeRawBufferPointer? {
        guard let index else { return nil }
        let token = tokens[index]
        guard token.kind == .string, !token.flag else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)])
    }

    /// The integer at `index`: a JSON number without fraction, or a string holding one
    /// (exporters sometimes quote numbers). Nil otherwise.
    public func int(_ index: Int?) -> Int? {
        guard let index else { return nil }
        let token = tokens[index]
        guard token.kind == .number || token.kind == .string else { return nil }
        var value = 0
        var negative = false
        var p = Int(token.start)
        let end = Int(token.end)
        guard p < end else { return nil }
        if bytes[p] == 0x2d {
            negative = true
            p += 1
        }
        guard p < end else { return nil }
        while p < end {
            let c = bytes[p]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(c - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            p += 1
        }
        return negative ? -value : value
    }

    /// The boolean at `index`, or nil when it is not a boolean.
    public func bool(_ index: Int?) -> Bool? {
        guard let index, tokens[index].kind == .bool else { return nil }
        return tokens[index].flag
    }

    /// The timestamp at `index` (RFC 3339 string); nil when absent, null, zero or malformed.
    public func timestamp(_ index: Int?) -> Timestamp? {
        if let raw = rawString(index) { return Timestamp.parse(raw) }
        return nil
    }

    /// The raw JSON text of the value at `index`.
    public func raw(_ index: Int) -> UnsafeRawBufferPointer {
        let token = tokens[index]
        let start = token.kind == .string ? Int(token.start) - 1 : Int(token.start)
        let end = token.kind == .string ? Int(token.end) + 1 : Int(token.end)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Decodes JSON string escapes (`\n`, `\"`, `\uXXXX` with surrogate pairs); malformed
    /// escapes and lone surrogates become U+FFFD.
    static func unescape(_ raw: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        let n = raw.count
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var value: UInt32 = 0
            for j in at..<(at + 4) {
                let c = raw[j]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | d
            }
            return value
        }
        func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < n {
            let c = raw[i]
            guard c == 0x5c, i + 1 < n else {
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x6e: out.append(0x0a)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0d)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0c)
            case 0x75:
                guard var value = hex4(i) else {
                    appendScalar(0xFFFD)
                    continue
                }
                i += 4
                if (0xD800..<0xDC00).contains(value) {
                    if i + 6 <= n, raw[i] == 0x5c, raw[i + 1] == 0x75, let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else {
                        value = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(value) {
                    value = 0xFFFD
                }
                appendScalar(value)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONDocument {
    /// Lends read access to the parsed tape over the same `bytes` it was parsed from.
    public func read<Result>(_ bytes: UnsafeRawBufferPointer, _ body: (JSON) throws -> Result) rethrows -> Result {
        try tokens.withUnsafeBufferPointer { try body(JSON(tokens: $0, bytes: bytes)) }
    }
}

import Foundation
