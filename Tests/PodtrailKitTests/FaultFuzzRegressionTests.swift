import Foundation
import Testing

@testable import PodtrailKit

/// Replays the fuzz seeds (`Fuzz/corpus`) and every input the fuzzer ever failed on
/// (`Fuzz/regressions`) with the fuzz target's check: reading an input in small chunks gives
/// exactly what reading it in one piece gives, and nothing crashes.
struct FaultFuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var inputs: [String] {
        ["Fuzz/corpus", "Fuzz/regressions"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func theSeedCorpusIsThere() {
        #expect(Self.inputs.filter { $0.hasPrefix("Fuzz/corpus/") }.count >= 20)
    }

    @Test(arguments: FaultFuzzRegressionTests.inputs)
    func readingInChunksGivesWhatReadingWholeGives(input: String) throws {
        let data = try Array(Data(contentsOf: Self.root.appendingPathComponent(input)))
        guard let selector = data.first else { return }
        let bytes = Array(data.dropFirst())
        let whole = Self.read(bytes, chunk: InputReader.chunkSize)
        // The chunk the fuzzer used, and a few sizes that split every header and record.
        for chunk in Set([Int(selector % 64) + 1, 1, 2, 3, 7, 64]).sorted() {
            let chunked = Self.read(bytes, chunk: chunk)
            #expect(chunked == whole, "\(input) read \(chunk) bytes at a time")
        }
    }

    /// The fuzz target's reading (Fuzz/PodtrailFuzz.swift), as comparable lines.
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
