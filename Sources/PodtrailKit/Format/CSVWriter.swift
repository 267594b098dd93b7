/// Builds RFC 4180 CSV text: a header row, then rows, CRLF line ends, UTF-8. The one CSV
/// quoter of podtrail: the report's CSVs, the timeline's and `podtrail query`'s all write
/// text through `field(_:)`.
///
/// Fields holding a comma, a double quote, CR or LF are quoted, with quotes doubled. Text
/// cells that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab
/// or CR, or the fullwidth `＝`, `＋`, `－`, `＠` (U+FF1D, U+FF0B, U+FF0D, U+FF20), which
/// spreadsheets normalise to the ASCII ones — are neutralised by prefixing a single quote
/// (`'=1+1`), the OWASP "CSV injection" advice; numbers are written as numbers and never
/// prefixed, so `-3` stays `-3`. Control characters are kept as they are: CSV is data, read
/// back by programs, and a quoted field holds any character.
public struct CSVWriter: Sendable {
    /// The column names, in order.
    public let header: [String]
    /// The text so far.
    public private(set) var text: String

    /// Starts a CSV with its header row.
    public init(header: [String]) {
        self.header = header
        text = ""
        appendFields(header.map { Self.field(.text($0)) })
    }

    /// Appends one row; missing trailing cells are written empty and extra cells are an error
    /// in the caller, caught here by a precondition so column counts always match the header.
    public mutating func append(_ row: [SQLValue]) {
        precondition(row.count <= header.count, "CSV row has more cells than the header")
        // Straight into the text, without a list of cells per row: a day's report writes
        // 300,000 rows.
        for column in header.indices {
            if column > 0 { text += "," }
            if column < row.count { Self.appendField(row[column], to: &text) }
        }
        text += "\r\n"
    }

    /// Appends `field(value)` to `text`; text that needs neither a quote nor a neutralising
    /// `'` (nearly all) is appended as it is, after one look at its bytes.
    static func appendField(_ value: SQLValue, to text: inout String) {
        guard case .text(let string) = value else {
            text += field(value)
            return
        }
        var utf8 = string.utf8.makeIterator()
        guard let first = utf8.next() else { return }
        // "=+-@\t\r": a formula to a spreadsheet; 0xEF leads the UTF-8 of the fullwidth four.
        var plain = !(first == 0x3d || first == 0x2b || first == 0x2d || first == 0x40 || first == 0x09 || first == 0x0d
            || first == 0xef)
        var byte: UInt8? = first
        while plain, let b = byte {
            if b == 0x2c || b == 0x22 || b == 0x0d || b == 0x0a { plain = false }
            byte = utf8.next()
        }
        text += plain ? string : field(value)
    }

    /// The text so far, leaving the writer empty (its header already taken): for writing a
    /// large CSV to a file piece by piece.
    public mutating func takeText() -> String {
        defer { text = "" }
        return text
    }

    private mutating func appendFields(_ fields: [String]) {
        text += fields.joined(separator: ",")
        text += "\r\n"
    }

    /// The CSV field for `value`: NULL is empty, integers and reals are plain numbers, text is
    /// neutralised then quoted when needed.
    public static func field(_ value: SQLValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let number): return String(number)
        case .real(let number): return ReportNumber.plain(number)
        case .text(let string): return quote(neutralise(string))
        case .blob(let bytes): return quote(neutralise(String(decoding: bytes, as: UTF8.self)))
        }
    }

    /// `string` with a leading `'` when its first character would make a spreadsheet treat
    /// the cell as a formula (`=`, `+`, `-`, `@`, tab, CR, or fullwidth `＝`, `＋`, `－`, `＠`).
    public static func neutralise(_ string: String) -> String {
        guard let first = string.unicodeScalars.first else { return string }
        return formulaStarts.contains(first) ? "'" + string : string
    }

    /// The first scalars that make a cell a formula.
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// `string` in double quotes (quotes doubled) when it holds a comma, quote, CR or LF.
    ///
    /// Quotes are doubled byte by byte: a quote and a combining mark after it make one
    /// `Character`, which `replacingOccurrences(of: "\"", …)` would pass over.
    public static func quote(_ string: String) -> String {
        let needsQuotes = string.utf8.contains { $0 == 0x2c || $0 == 0x22 || $0 == 0x0d || $0 == 0x0a }
        guard needsQuotes else { return string }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(string.utf8.count + 8)
        for byte in string.utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }
}
