/// Writes compact JSON by hand into a byte buffer: fast, and byte-for-byte reproducible (key
/// order is the order of the calls), unlike `JSONEncoder`.
package struct JSONWriter {
    /// The JSON written so far.
    package private(set) var bytes: [UInt8] = []
    /// One entry per open container: true until its first member is written.
    private var first: [Bool] = []
    /// True right after a key, when the next value needs no separator.
    private var afterKey = false

    /// Creates an empty writer.
    package init(capacity: Int = 2048) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts an object (as a value, or after `key`).
    package mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        first.append(true)
    }

    /// Ends the innermost object.
    package mutating func endObject() {
        first.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Starts an array.
    package mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        first.append(true)
    }

    /// Ends the innermost array.
    package mutating func endArray() {
        first.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next call writes its value.
    package mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string value.
    package mutating func string(_ value: String) {
        separate()
        appendString(value)
    }

    /// Writes an integer value.
    package mutating func int<T: BinaryInteger>(_ value: T) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    package mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes already-encoded JSON as one value.
    package mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    /// `"name": "value"`.
    package mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// `"name": n`.
    package mutating func field(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    /// `"name": true|false`.
    package mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// `"name": "value"`, or nothing when the value is nil (Go's `omitempty`).
    package mutating func optional(_ name: String, _ value: String?) {
        if let value { field(name, value) }
    }

    /// `"name": "value"`, or `"name": null` when nil (Go's non-omitempty pointers and times).
    package mutating func nullable(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if let isFirst = first.last {
            if isFirst {
                first[first.count - 1] = false
            } else {
                bytes.append(UInt8(ascii: ","))
            }
        }
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping and are copied in one go.
        let plain = value.utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        }
        if plain == true {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONWriter {
    /// Re-indents compact JSON the way `kubectl -o json` prints it (Go's `json.MarshalIndent`
    /// with four spaces: `"key": value`, empty containers as `{}` and `[]`).
    ///
    /// - Parameter maxDepth: containers nested deeper than this stay on one line.
    package static func indent(_ compact: [UInt8], width: Int = 4, maxDepth: Int = .max) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        func newline(_ out: inout [UInt8], _ depth: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * width))
        }
        while index < compact.count {
            let byte = compact[index]
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == 92 {
                    escaped = true
                } else if byte == 34 {
                    inString = false
                }
                index += 1
                continue
            }
            switch byte {
            case 34:
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close: UInt8 = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index + 1 < compact.count && compact[index + 1] == close {
                    out.append(byte)
                    out.append(close)
                    index += 2
                    continue
                }
                out.append(byte)
                depth += 1
                if depth <= maxDepth { newline(&out, depth) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth < maxDepth { newline(&out, depth) }
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                if depth <= maxDepth { newline(&out, depth) }
            case UInt8(ascii: ":"):
                out.append(byte)
                if depth <= maxDepth { out.append(UInt8(ascii: " ")) }
            default:
                out.append(byte)
            }
            index += 1
        }
        return out
    }
}
