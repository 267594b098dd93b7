/// libFuzzer entry point: frames `data` as one input file (gzip or JSON, fed in chunks whose
/// size the first byte picks, so record boundaries fall everywhere) and decodes every record.
///
/// Compiled by `.ci/fuzz` together with PodtrailKit's sources into one module (hence no
/// `import`) with `swiftc -sanitize=fuzzer,address`; SwiftPM's own `--sanitize=fuzzer` links
/// libFuzzer's `main` into the EmbedQueries plugin's tool too, which then fails to link.
@_cdecl("LLVMFuzzerTestOneInput")
public func podtrailFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let chunk = Int(data[0] % 64) + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var decoder = RecordDecoder()
    var position = 0
    _ = try? InputReader.read(
        from: { buffer in
            let count = min(chunk, buffer.count, bytes.count - position)
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
            }
            position += count
            return count
        }, maxRecordBytes: 1 << 16
    ) { event in
        guard case .record(let record, _, _) = event else { return }
        if case .pod(let pod) = decoder.decode(record) { _ = KubectlStatus(pod) }
    }
    return 0
}
