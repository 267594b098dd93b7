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
    let chunked = FuzzReading.read(bytes, chunk: Int(data[0] % 64) + 1)
    let whole = FuzzReading.read(bytes, chunk: InputReader.chunkSize)
    if chunked != whole {
        for (a, b) in zip(chunked, whole) where a != b { print("chunked: \(a)\nwhole:   \(b)") }
        print("chunked: \(chunked.count) lines, whole: \(whole.count) lines")
        fatalError("framing depends on the read size")
    }
    return 0
}

/// One reading of an input, as comparable lines: every record, decode result and reject.
enum FuzzReading {
    static func read(_ bytes: [UInt8], chunk: Int) -> [String] {
        var lines: [String] = []
        var decoder = RecordDecoder()
        var position = 0
        let summary = try? InputReader.read(
            from: { buffer in
                let count = min(chunk, buffer.count, bytes.count - position)
                bytes.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
                }
                position += count
                return count
            }, maxRecordBytes: 1 << 16
        ) { event in
            switch event {
            case .record(let record, let line, let offset):
                lines.append("record \(line) \(offset) \(record.count) \(Fingerprint.hash(record))")
                switch decoder.decode(record) {
                case .event(let event): lines.append("event \(event.uid) \(event.count)")
                case .pod(let pod): lines.append("pod \(pod.uid) \(KubectlStatus(pod).status)")
                case .skipped(let reason): lines.append("skipped \(reason)")
                case .rejected(let reason): lines.append("rejected \(reason)")
                }
            case .reject(let line, let offset, let reason, let excerpt):
                lines.append("reject \(line) \(offset) \(reason) \(excerpt.count)")
            }
        }
        lines.append("summary \(summary.map { "\($0.format) \($0.damaged) \($0.jsonBytes)" } ?? "threw")")
        return lines
    }
}
