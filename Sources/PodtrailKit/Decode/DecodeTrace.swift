/// One reading of an input as comparable lines: every record (line, offset, size, hash), its
/// decode result, every reject, and the summary. The fuzz target (Fuzz/PodtrailFuzz.swift)
/// checks that the trace does not depend on the read size; its regression tests replay it.
public enum DecodeTrace {
    /// The trace of `bytes` read `chunk` bytes at a time (records over 64 KiB rejected).
    public static func lines(of bytes: [UInt8], chunk: Int) -> [String] {
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
                decoder.decode(record).forEach { decoded in
                    switch decoded {
                    case .event(let event): lines.append("event \(event.uid) \(event.count)")
                    case .pod(let pod): lines.append("pod \(pod.uid) \(KubectlStatus(pod).status)")
                    case .skipped(let reason): lines.append("skipped \(reason)")
                    case .rejected(let reason): lines.append("rejected \(reason)")
                    case .batch: break
                    }
                }
            case .reject(let line, let offset, let reason, let excerpt):
                lines.append("reject \(line) \(offset) \(reason) \(excerpt.count)")
            }
        }
        lines.append("summary \(summary.map { "\($0.format) \($0.damaged) \($0.jsonBytes)" } ?? "threw")")
        return lines
    }
}
