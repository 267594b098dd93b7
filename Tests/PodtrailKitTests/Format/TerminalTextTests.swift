import Testing

@testable import PodtrailKit

/// `TerminalText`: the one escaper of terminal output.
struct TerminalTextTests {
    @Test(arguments: [
        ("plain text, üñí ✓", "plain text, üñí ✓"),
        ("\u{1B}]0;title\u{07}\u{1B}[2J", "\\u{1B}]0;title\\u{7}\\u{1B}[2J"),
        ("a\r\nb\rc\nd\te", "a\\r\\nb\\rc\\nd\\te"),
        ("\u{0}\u{7F}\u{80}\u{9B}\u{9F}\u{A0}", "\\u{0}\\u{7F}\\u{80}\\u{9B}\\u{9F}\u{A0}"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}", "\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}"),
        ("\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}", "\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200E}\\u{200F}\\u{61C}"),
        ("\u{2028}\u{2029}", "\\u{2028}\\u{2029}"),
        // Zero-width joiners and a lone combining mark are shown as they are: they act on no terminal.
        ("\u{200D}\u{301}x", "\u{200D}\u{301}x"),
        // A control and the mark after it are one Character; the control is still found.
        ("\u{1B}\u{301}", "\\u{1B}\u{301}"),
    ])
    func escapesEveryControlCharacter(input: String, expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test func keepsLineFeedsOnlyWhenAsked() {
        #expect(TerminalText.escaped("a\nb\r\n\u{1B}", keepingLineFeeds: true) == "a\nb\\r\n\\u{1B}")
    }

    @Test func oneLineTurnsLineBreaksAndTabsIntoSingleSpaces() {
        #expect(TerminalText.oneLine("a\r\nb\rc\nd\te\u{1B}[2J") == "a b c d e\\u{1B}[2J")
        #expect(TerminalText.oneLine("\r\r\n\n") == "   ")
    }

    @Test func findsEveryControlScalarAndNothingElse() {
        let controls = (0...0x2FFF).compactMap(Unicode.Scalar.init).filter(TerminalText.isControl).map(\.value)
        let expected = Array(0...0x1F) + Array(0x7F...0x9F) + [0x061C, 0x200E, 0x200F] + Array(0x2028...0x202E) + Array(0x2066...0x2069)
        #expect(controls == expected.map(UInt32.init))
    }
}
