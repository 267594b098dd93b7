/// A value that SQLite stores: the five storage classes.
public enum SQLValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value as text, as the `sqlite3` shell would print it (NULL as empty).
    public var description: String {
        switch self {
        case .null: ""
        case .integer(let value): String(value)
        case .real(let value): SQLValue.format(value)
        case .text(let value): value
        case .blob(let bytes): bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The value as an optional string (NULL is nil).
    public var string: String? {
        if case .null = self { return nil }
        return description
    }

    /// The value as a Double, converting integers; nil for NULL, text and blobs.
    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    /// The value as an Int64, truncating reals and saturating those past the Int64 range (as
    /// SQLite's `CAST(x AS INTEGER)` does); nil for NULL, text, blobs and NaN.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value) where value.isNaN: nil
        case .real(let value) where value >= 0x1p63: Int64.max
        case .real(let value) where value <= -0x1p63: Int64.min
        case .real(let value): Int64(value)
        default: nil
        }
    }

    /// SQLite's ORDER BY order (BINARY collation): NULL, then numbers by value, then text by
    /// its UTF-8 bytes, then blobs by their bytes.
    public static func sortsBefore(_ a: SQLValue, _ b: SQLValue) -> Bool {
        func rank(_ value: SQLValue) -> Int {
            switch value {
            case .null: 0
            case .integer, .real: 1
            case .text: 2
            case .blob: 3
            }
        }
        switch (a, b) {
        case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.blob(let x), .blob(let y)): return x.lexicographicallyPrecedes(y)
        default:
            if let x = a.double, let y = b.double { return x < y }
            return rank(a) < rank(b)
        }
    }

    /// Formats a REAL the way the `sqlite3` shell does (`%!.15g`): shortest round trip with
    /// a trailing `.0` for whole numbers.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(format: "%.1f", value) }
        return String(format: "%.15g", value)
    }
}

import Foundation
