/// Rows in PostgreSQL's binary COPY format, sent to the server in large pieces.
///
/// "The file format used for COPY BINARY ... consists of a file header, zero or more tuples
/// containing the row data, and a file trailer": each tuple is "a 16-bit integer count of the
/// number of fields", then per field "a 32-bit length word followed by that many bytes of field
/// data ... As a special case, -1 indicates a NULL field value". Values are in each type's send
/// format, network byte order. Binary rather than text spares the server parsing every time and
/// number (and the client formatting them). A running hash of every byte lets a caller tell
/// whether what it sent differs from an earlier run.
public struct CopyBuffer {
    /// Thrown when the server did not take a piece (the connection is gone).
    enum SendFailed: Error { case sendFailed }

    private var bytes: [UInt8] = []
    private let send: ([UInt8]) -> Bool
    /// FNV-1a of everything sent so far (`Fingerprint.hash`, chained).
    public private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Rows begun so far.
    public private(set) var rows = 0
    static let capacity = 1 << 20
    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z.
    static let postgresEpochMicros: Int64 = 946_684_800_000_000

    init(send: @escaping ([UInt8]) -> Bool) {
        self.send = send
        bytes.reserveCapacity(Self.capacity + 65536)
        // "PGCOPY\n\377\r\n\0", then the flags field and the header extension length, both 0.
        bytes.append(contentsOf: [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])
        bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// Starts a row of `fields` values.
    public mutating func beginRow(fields: Int) throws {
        if bytes.count >= Self.capacity { try flush() }
        append(UInt16(fields))
        rows += 1
    }

    /// A NULL value.
    public mutating func appendNull() {
        append(UInt32(bitPattern: -1))
    }

    /// A `text` value: its UTF-8 bytes, without NUL characters (PostgreSQL's text cannot hold them).
    public mutating func append(_ text: some StringProtocol) {
        var text = String(text)
        text.withUTF8 { append(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// A `text` value from UTF-8 bytes, without NUL characters.
    mutating func append(utf8 raw: UnsafeRawBufferPointer) {
        if !raw.contains(0) {
            append(UInt32(raw.count))
            bytes.append(contentsOf: raw)
        } else {
            let kept = raw.filter { $0 != 0 }
            append(UInt32(kept.count))
            bytes.append(contentsOf: kept)
        }
    }

    /// A `bigint` value.
    public mutating func append(_ number: Int64) {
        append(UInt32(8))
        append(UInt64(bitPattern: number))
    }

    /// A `double precision` value.
    public mutating func append(_ number: Double) {
        append(UInt32(8))
        append(number.bitPattern)
    }

    /// A `timestamptz` value.
    public mutating func append(_ time: Timestamp) {
        append(UInt32(8))
        append(UInt64(bitPattern: time.micros - Self.postgresEpochMicros))
    }

    /// A `date` value, as days since 1970-01-01.
    mutating func appendDate(daysSinceUnixEpoch days: Int64) {
        append(UInt32(4))
        append(UInt32(truncatingIfNeeded: days - 10_957))
    }

    private mutating func append(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    private mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Ends the data with the trailer ("a 16-bit integer word containing -1") and sends the rest.
    mutating func finish() throws {
        append(UInt16(0xFFFF))
        try flush()
    }

    /// Sends what is buffered.
    private mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        hash = Fingerprint.hash(bytes, seed: hash)
        guard send(bytes) else { throw SendFailed.sendFailed }
        bytes.removeAll(keepingCapacity: true)
    }
}
