import Foundation
import Testing

@testable import PodtrailKit

/// Replays the fuzz seeds (`Fuzz/corpus`) and every input the fuzzer ever failed on
/// (`Fuzz/regressions`) with the fuzz target's check: reading an input in small chunks gives
/// exactly what reading it in one piece gives, and nothing crashes.
struct FaultFuzzRegressionTests {
    static let root = TestSupport.packageRoot

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
        let whole = DecodeTrace.lines(of: bytes, chunk: InputReader.chunkSize)
        // The chunk the fuzzer used, and a few sizes that split every header and record.
        for chunk in Set([Int(selector % 64) + 1, 1, 2, 3, 7, 64]).sorted() {
            let chunked = DecodeTrace.lines(of: bytes, chunk: chunk)
            #expect(chunked == whole, "\(input) read \(chunk) bytes at a time")
        }
    }
}
