/// Rows in PostgreSQL's binary COPY format, sent to the server in large pieces.
///
/// "The file format used for COPY BINARY ... consists of a file header, zero or more tuples
/// containing the row data, and a file trailer": each tuple is "a 16-bit integer count of the
/// number of fields", then per field "a 32-bit length word followed by that many bytes of field
/// data ... As a special case, -1 indicates a NULL field value". Values are in each type's send
/// format, network byte order. Binary rather than text spares the server parsing every time and
/// number (and the client formatting them). A hash of the rows, the same for the same rows in
/// any order, lets a caller tell whether what it sent differs from an earlier run.
public struct CopyBuffer {
    /// Thrown when the server did not take a piece (the connection is gone).
    enum SendFailed: Error { case sendFailed }

    /// The buffer: `count` bytes written, the rest room (grown for a value that needs more).
    /// Values are stored in place rather than appended: `Array.append(contentsOf:)` of each
    /// 4-byte length word cost more than the rest of the buffer's work (perf, the busy day).
    private var bytes: [UInt8]
    private var count = 0
    private let send: (UnsafeRawBufferPointer) -> Bool
    /// The sum of the hashes of the rows written so far (`rowHash` of each row's bytes): the
    /// same whatever order SQLite reads them in, sorted by day or not.
    public private(set) var hash: UInt64 = 0
    /// Rows begun so far.
    public private(set) var rows = 0
    /// Where the row being written starts in `bytes`; nil before the first row.
    private var rowStart: Int?
    static let capacity = 1 << 20
    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z.
    static let postgresEpochMicros: Int64 = 946_684_800_000_000

    init(send: @escaping (UnsafeRawBufferPointer) -> Bool) {
        self.send = send
        bytes = [UInt8](repeating: 0, count: Self.capacity + 65536)
        // "PGCOPY\n\377\r\n\0", then the flags field and the header extension length, both 0.
        let header: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]
        header.withUnsafeBytes { append(raw: $0) }
    }

    /// Starts a row of `fields` values.
    public mutating func beginRow(fields: Int) throws {
        endRow()
        if count >= Self.capacity { try flush() }
        rowStart = count
        append(UInt16(fields))
        rows += 1
    }

    /// Adds the finished row's hash to `hash`.
    private mutating func endRow() {
        guard let start = rowStart else { return }
        hash &+= bytes.withUnsafeBytes { Self.rowHash(UnsafeRawBufferPointer(rebasing: $0[start..<count])) }
        rowStart = nil
    }

    /// A 64-bit hash of one row's bytes, eight at a time (a multiply-rotate step as in
    /// MurmurHash's, then its finalizer): rows that differ in any byte differ in hash but with a
    /// chance of 2⁻⁶⁴.
    static func rowHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        func mix(_ word: UInt64) {
            var k = word &* 0x87C3_7B91_1142_53D5
            k = (k << 31) | (k >> 33)
            hash ^= k &* 0x4CF5_AD43_2745_937F
            hash = ((hash << 27) | (hash >> 37)) &* 5 &+ 0x52DC_E729
        }
        while offset + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        for (shift, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
        mix(tail)
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
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
            append(raw: raw)
        } else {
            let kept = raw.filter { $0 != 0 }
            append(UInt32(kept.count))
            kept.withUnsafeBytes { append(raw: $0) }
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

    private mutating func append(_ value: UInt16) { store(value.bigEndian) }

    private mutating func append(_ value: UInt32) { store(value.bigEndian) }

    private mutating func append(_ value: UInt64) { store(value.bigEndian) }

    /// Stores `value`'s bytes as they are in memory at the end.
    private mutating func store<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        reserve(size)
        let offset = count
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: T.self) }
        count += size
    }

    /// Copies `raw` to the end.
    private mutating func append(raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, !raw.isEmpty else { return }
        reserve(raw.count)
        let offset = count
        bytes.withUnsafeMutableBytes { ($0.baseAddress! + offset).copyMemory(from: source, byteCount: raw.count) }
        count += raw.count
    }

    /// Makes room for `size` more bytes.
    private mutating func reserve(_ size: Int) {
        if count + size > bytes.count { bytes += repeatElement(0, count: max(size, bytes.count)) }
    }

    /// Ends the data with the trailer ("a 16-bit integer word containing -1") and sends the rest.
    mutating func finish() throws {
        endRow()
        append(UInt16(0xFFFF))
        try flush()
    }

    /// Sends what is buffered.
    private mutating func flush() throws {
        guard count > 0 else { return }
        let sent = bytes.withUnsafeBytes { send(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        guard sent else { throw SendFailed.sendFailed }
        count = 0
    }
}
