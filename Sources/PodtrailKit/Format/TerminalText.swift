/// Text a terminal shows without acting on it: the one escaper of podtrail's terminal output
/// (timelines, query tables, stats, warnings and error messages), and the first step of the
/// Markdown escaper.
///
/// A control character is shown as a visible escape: `\n`, `\r` and `\t` for those three,
/// `\u{1B}` (the scalar's hex value, Swift's notation) for every other. Control characters are
/// C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F: U+009B is a CSI on its own), the bidi
/// marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069: "Trojan Source") and the line and paragraph separators U+2028, U+2029.
/// The escapes are for reading, not for parsing back: a backslash in the text stays as it is,
/// so the text `\u{1B}` and an escaped ESC look alike.
public enum TerminalText {
    /// True for a scalar a terminal or a bidi renderer acts on instead of showing it.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The visible escape of a control character: `\n`, `\r`, `\t`, else `\u{1B}` (hex).
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    /// `text` with every control character escaped; with `keepingLineFeeds`, LF stays a line
    /// break (for messages of several lines, such as an SQL error with its caret line).
    ///
    /// Works on Unicode scalars, not on `Character`s: `"\r\n"` is one `Character`, and a
    /// control may share a grapheme cluster with the marks that follow it.
    public static func escaped(_ text: String, keepingLineFeeds: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar), !(keepingLineFeeds && scalar == "\n") {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` on one line: each line break (CR, LF or CRLF) and tab as one space, every other
    /// control character escaped. For a cell of a table or a timeline's message column.
    public static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\r":
                if scalars.first == "\n" { scalars.removeFirst() }
                out.append(" ")
            case "\n", "\t": out.append(" ")
            default:
                if isControl(scalar) { out.append(contentsOf: escape(scalar).unicodeScalars) } else { out.append(scalar) }
            }
        }
        return String(out)
    }
}
