import Foundation
import Testing

@testable import PodtrailKit

struct CSVWriterTests {
    @Test func writesHeaderAndRowsWithCRLF() {
        var writer = CSVWriter(header: ["a", "b", "c"])
        writer.append([.integer(1), .real(2.5), .text("x")])
        writer.append([.null, .integer(-3)])
        #expect(writer.text == "a,b,c\r\n1,2.5,x\r\n,-3,\r\n")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1 weird", "'-1 weird"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("a=b", "a=b"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("＝HYPERLINK(\"http://x\")", "\"'＝HYPERLINK(\"\"http://x\"\")\""),
        ("ａ＝b", "ａ＝b"),
        // A quote and the combining mark after it are one Character: the quote is still doubled.
        ("a\"\u{301}b", "\"a\"\"\u{301}b\""),
        ("\u{301}\"", "\"\u{301}\"\"\""),
        ("", ""),
    ])
    func quotesAndNeutralisesTextCells(input: String, expected: String) {
        #expect(CSVWriter.field(.text(input)) == expected)
    }

    @Test func writesFullwidthFormulasNeutralisedInRowsToo() {
        var writer = CSVWriter(header: ["m"])
        writer.append([.text("＝1+1")])
        writer.append([.text("é=1")])
        #expect(writer.text == "m\r\n'＝1+1\r\né=1\r\n")
    }

    @Test func writesNumbersWithoutNeutralising() {
        #expect(CSVWriter.field(.integer(-137)) == "-137")
        #expect(CSVWriter.field(.real(-0.5)) == "-0.5")
        #expect(CSVWriter.field(.real(1800)) == "1800")
        #expect(CSVWriter.field(.real(1.0 / 3)) == "0.333")
    }

    @Test func realsPrintAsPrintfRoundsThemWithTrailingZerosDropped() {
        // Worked by hand from C's "%.3f" (the exact binary value, rounded half to even).
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (-0.0004, "0"), (0.0005, "0.001"), (2.0005, "2.001"), (0.125, "0.125"),
            (1.0625, "1.062"), (1.1875, "1.188"), (100, "100"), (-2.5, "-2.5"), (123456.789, "123456.789"),
            (1e20, "100000000000000000000"), (86_399.9996, "86400"), (.infinity, ""), (.nan, ""),
        ]
        for (value, expected) in cases {
            #expect(ReportNumber.plain(value) == expected, "\(value)")
        }
        // And the same text as Foundation's formatting of "%.3f" over a spread of values.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double.random(in: -1e6...1e6, using: &generator) / Double([1, 7, 1000, 3600][Int.random(in: 0...3)])
            var text = String(format: "%.3f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            #expect(ReportNumber.plain(value) == (text == "-0" ? "0" : text), "\(value)")
        }
        // Whole thousandths (printed without printf) and values a hair from a half (with it).
        for _ in 0..<4000 {
            let thousandths = Double(Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator))
            let near = thousandths + 0.5 + Double.random(in: -2e-3...2e-3, using: &generator)
            for value in [thousandths / 1000, near / 1000, (thousandths + 1e-4) / 1000] {
                var text = String(format: "%.3f", value)
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
                #expect(ReportNumber.plain(value) == (text == "-0" ? "0" : text), "\(value)")
            }
        }
    }

    @Test func parsesWithPythonsCSVModuleIntoTheSameCells() throws {
        let cells = ["a,b", "say \"hi\"", "two\nlines", "=cmd|' /C calc'!A0", "ünïcødé ✓", "<b>html</b>", "x"]
        var writer = CSVWriter(header: ["one", "two", "three", "four", "five", "six", "seven"])
        writer.append(cells.map { .text($0) })
        let parsed = try #require(try CSVParse.python(writer.text))
        #expect(parsed.count == 2)
        #expect(parsed[0] == ["one", "two", "three", "four", "five", "six", "seven"])
        #expect(parsed[1] == ["a,b", "say \"hi\"", "two\nlines", "'=cmd|' /C calc'!A0", "ünïcødé ✓", "<b>html</b>", "x"])
    }
}

/// Parses CSV with Python's `csv` module (an implementation independent of ours).
enum CSVParse {
    /// The rows of `text`, or nil when python3 is not installed.
    static func python(_ text: String) throws -> [[String]]? {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
            return nil
        }
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.csv")
        try Data(text.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            "-c",
            "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8'), strict=True))))",
            input.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CSVParseError.rejected }
        return try JSONDecoder().decode([[String]].self, from: data)
    }

    enum CSVParseError: Error { case rejected }
}
