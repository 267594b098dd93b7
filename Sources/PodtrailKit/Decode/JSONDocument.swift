/// Why a record's JSON could not be parsed.
public enum JSONError: Error, Equatable, CustomStringConvertible {
    case unexpected(character: UInt8, offset: Int)
    case truncated
    case tooDeep(limit: Int)
    case notAnObject

    public var description: String {
        switch self {
        case .unexpected(let character, let offset):
            let shown = character >= 0x20 && character < 0x7f ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(String(character, radix: 16))"
            return "invalid JSON: unexpected \(shown) at byte \(offset)"
        case .truncated: return "invalid JSON: the record ends inside a value"
        case .tooDeep(let limit): return "invalid JSON: nested deeper than \(limit) levels"
        case .notAnObject: return "valid JSON but not an object"
        }
    }
}

/// A parsed JSON record as a flat token tape over the record's bytes, built without allocating
/// a value per node.
///
/// Each token is an object, array, string, number or literal; containers know where their
/// subtree ends (`next`), so a decoder skips what it does not need. Strings are decoded only
/// when asked for. The parser is iterative: nesting depth is limited by `maxDepth`, never by the
/// call stack. Reuse one document for many records: `parse` keeps its storage.
public struct JSONDocument {
    /// The kind of a token.
    public enum Kind: UInt8 {
        case object = 1, array, string, number, bool, null
    }

    struct Token {
        var kind: Kind
        /// For strings: true when the text holds a backslash escape. For bools: the value.
        var flag: Bool
        /// Byte offset of the value (strings: after the opening quote).
        var start: Int32
        /// Byte offset just past the value (strings: at the closing quote).
        var end: Int32
        /// Index of the token after this value's subtree.
        var next: Int32
    }

    /// The deepest nesting accepted.
    public static let maxDepth = 512

    var tokens: [Token] = []
    private var stack: [Int32] = []

    /// Creates an empty document.
    public init() {
        tokens.reserveCapacity(1024)
        stack.reserveCapacity(64)
    }

    /// Parses `bytes` (one JSON value) into the tape. Trailing whitespace is allowed.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) {
        tokens.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .truncated }
        var p = 0
        // States: 0 value, 1 first key or '}', 2 key, 3 colon, 4 comma or close, 5 first value or ']'.
        var state = 0
        while true {
            while p < n, base[p] == 0x20 || base[p] == 0x0a || base[p] == 0x0d || base[p] == 0x09 { p += 1 }
            if state == 4 && stack.isEmpty {
                guard p == n else { throw .unexpected(character: base[p], offset: p) }
                return
            }
            guard p < n else { throw .truncated }
            let c = base[p]
            switch state {
            case 0, 5:
                if state == 5 && c == 0x5d {
                    close(at: p)
                    p += 1
                    state = 4
                    continue
                }
                switch c {
                case 0x7b, 0x5b:
                    guard stack.count < Self.maxDepth else { throw .tooDeep(limit: Self.maxDepth) }
                    stack.append(Int32(tokens.count))
                    tokens.append(Token(kind: c == 0x7b ? .object : .array, flag: false, start: Int32(p), end: 0, next: 0))
                    p += 1
                    state = c == 0x7b ? 1 : 5
                case 0x22:
                    p = try string(base, n, from: p)
                    state = 4
                case 0x2d, 0x30...0x39:
                    let start = p
                    p += 1
                    while p < n {
                        let d = base[p]
                        guard (d >= 0x30 && d <= 0x39) || d == 0x2e || d == 0x65 || d == 0x45 || d == 0x2b || d == 0x2d
                        else { break }
                        p += 1
                    }
                    tokens.append(Token(kind: .number, flag: false, start: Int32(start), end: Int32(p), next: Int32(tokens.count + 1)))
                    state = 4
                case 0x74, 0x66, 0x6e:
                    let word: StaticString = c == 0x74 ? "true" : c == 0x66 ? "false" : "null"
                    let length = word.utf8CodeUnitCount
                    guard p + length <= n else { throw .truncated }
                    for i in 0..<length where base[p + i] != word.utf8Start[i] {
                        throw .unexpected(character: base[p + i], offset: p + i)
                    }
                    tokens.append(Token(kind: c == 0x6e ? .null : .bool, flag: c == 0x74, start: Int32(p), end: Int32(p + length), next: Int32(tokens.count + 1)))
                    p += length
                    state = 4
                default:
                    throw .unexpected(character: c, offset: p)
                }
            case 1, 2:
                if state == 1 && c == 0x7d {
                    close(at: p)
                    p += 1
                    state = 4
                    continue
                }
                guard c == 0x22 else { throw .unexpected(character: c, offset: p) }
                p = try string(base, n, from: p)
                state = 3
            case 3:
                guard c == 0x3a else { throw .unexpected(character: c, offset: p) }
                p += 1
                state = 0
            default:
                let top = tokens[Int(stack[stack.count - 1])].kind
                if c == 0x2c {
                    p += 1
                    state = top == .object ? 2 : 0
                } else if (c == 0x7d && top == .object) || (c == 0x5d && top == .array) {
                    close(at: p)
                    p += 1
                } else {
                    throw .unexpected(character: c, offset: p)
                }
            }
        }
    }

    private mutating func close(at p: Int) {
        let index = Int(stack.removeLast())
        tokens[index].end = Int32(p + 1)
        tokens[index].next = Int32(tokens.count)
    }

    /// Scans a string starting at its opening quote; appends its token and returns the offset
    /// after the closing quote.
    private mutating func string(_ base: UnsafePointer<UInt8>, _ n: Int, from quote: Int) throws(JSONError) -> Int {
        var p = quote + 1
        var escaped = false
        while p < n {
            // Most string bytes are neither a quote nor a backslash: skip them in a tight loop.
            while p < n && base[p] != 0x22 && base[p] != 0x5c { p += 1 }
            guard p < n else { break }
            let c = base[p]
            if c == 0x22 {
                tokens.append(Token(kind: .string, flag: escaped, start: Int32(quote + 1), end: Int32(p), next: Int32(tokens.count + 1)))
                return p + 1
            }
            if c == 0x5c {
                escaped = true
                p += 2
                continue
            }
            p += 1
        }
        throw .truncated
    }

    /// The root value; valid after a successful `parse`.
    public var root: Int { 0 }
}
