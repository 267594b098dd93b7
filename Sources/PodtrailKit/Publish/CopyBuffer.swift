/// COPY text-format rows being built, sent to the server in large pieces.
///
/// Values are escaped as PostgreSQL's text format requires ("Backslash characters (\) can be
/// used in the COPY data to quote data characters that might otherwise be taken as row or
/// column delimiters"): backslash, newline, carriage return and tab are written as `\\`, `\n`,
/// `\r`, `\t`; NULL is `\N`. A running hash of every byte lets a caller tell whether what it
/// sent differs from an earlier run.
public struct CopyBuffer {
    /// Thrown when the server did not take a piece (the connection is gone).
    enum SendFailed: Error { case sendFailed }

    private var bytes: [UInt8] = []
    private let send: ([UInt8]) -> Bool
    /// FNV-1a of everything appended so far (`Fingerprint.hash`, chained).
    public private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Rows ended so far.
    public private(set) var rows = 0
    private var columnStarted = false
    static let capacity = 1 << 20

    init(send: @escaping ([UInt8]) -> Bool) {
        self.send = send
        bytes.reserveCapacity(Self.capacity + 4096)
    }

    /// Appends a NULL column.
    public mutating func appendNull() {
        separate()
        bytes.append(contentsOf: [0x5C, 0x4E])  // \N
    }

    /// Appends a text column, escaped.
    public mutating func append(_ text: some StringProtocol) {
        separate()
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends a column of UTF-8 bytes, escaped.
    mutating func append(utf8 raw: UnsafeRawBufferPointer) {
        separate()
        for byte in raw {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            default: bytes.append(byte)
            }
        }
    }

    /// Appends a column whose text needs no escaping (numbers).
    mutating func appendPlain(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    /// Ends the row; sends the buffer when it is full.
    public mutating func endRow() throws {
        bytes.append(0x0A)
        columnStarted = false
        rows += 1
        if bytes.count >= Self.capacity { try flush() }
    }

    /// Sends what is buffered.
    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        hash = Fingerprint.hash(bytes, seed: hash)
        guard send(bytes) else { throw SendFailed.sendFailed }
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func separate() {
        if columnStarted { bytes.append(0x09) } else { columnStarted = true }
    }
}
