/// libFuzzer entry point for framing and decoding: reads `data` as one input file (gzip or JSON)
/// twice, once in chunks whose size the first byte picks (1...64 bytes, so every record boundary
/// falls inside a read) and once in one read, decodes every record, and stops the fuzzer when
/// the two readings differ: framing must not depend on how the bytes arrive.
///
/// Compiled by `.ci/fuzz` together with PodtrailKit's sources into one module (hence no
/// `import`) with `swiftc -sanitize=fuzzer,address`; SwiftPM's own `--sanitize=fuzzer` links
/// libFuzzer's `main` into the EmbedQueries plugin's tool too, which then fails to link.
@_cdecl("LLVMFuzzerTestOneInput")
public func podtrailFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let chunked = DecodeTrace.lines(of: bytes, chunk: Int(data[0] % 64) + 1)
    let whole = DecodeTrace.lines(of: bytes, chunk: InputReader.chunkSize)
    if chunked != whole {
        for (a, b) in zip(chunked, whole) where a != b { print("chunked: \(a)\nwhole:   \(b)") }
        print("chunked: \(chunked.count) lines, whole: \(whole.count) lines")
        fatalError("framing depends on the read size")
    }
    return 0
}
