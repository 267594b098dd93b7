internal import CZlib

/// Compresses bytes into gzip members with zlib's deflate.
///
/// Each call to `member(_:)` produces one complete gzip member (header, deflate data, CRC-32 and
/// length trailer). Concatenated members form a valid multi-member gzip file, which is what log
/// rotation leaves when it appends to an hourly file. The header carries no name and a zero
/// modification time, so equal input gives equal bytes.
package enum GzipWriter {
    /// zlib refused to start or to finish a member (out of memory, or a zlib bug).
    struct Failure: Error, CustomStringConvertible {
        /// zlib's result code.
        var code: Int
        var description: String { "gzip compression failed (zlib error \(code))" }
    }

    /// One gzip member holding `bytes`.
    ///
    /// - Parameter level: zlib's compression level, 1 (fastest) to 9 (smallest).
    package static func member(_ bytes: [UInt8], level: Int = 6) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 31 = 15 + 16: "Add 16 to windowBits to write a simple gzip header and trailer
        // around the compressed data instead of a zlib wrapper" (zlib.h, deflateInit2).
        let initCode = deflateInit2_(
            &stream, Int32(level), Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw Failure(code: Int(initCode)) }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(bytes.count))) + 64
        var output = [UInt8](repeating: 0, count: bound)
        var input = bytes
        let code = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else { throw Failure(code: Int(code)) }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
