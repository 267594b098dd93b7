/// Finds a character in SQL text outside string literals, quoted names, comments and
/// parentheses: the end of a statement, or of the parenthesised expression the text starts inside.
enum SQLScan {
    /// The index of the first `target` (`;` or `)`) in `sql` at parenthesis depth 0, outside
    /// quotes and comments; a `)` that closes a parenthesis opened in `sql` does not count.
    static func first(_ target: Character, in sql: Substring) -> String.Index? {
        var depth = 0
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            let next = sql.index(after: index)
            switch character {
            case "'", "\"":
                // A doubled quote inside a literal closes and reopens it: the scan goes on right.
                index = sql[next...].firstIndex(of: character).map { sql.index(after: $0) } ?? sql.endIndex
                continue
            case "-" where next < sql.endIndex && sql[next] == "-":
                index = sql[next...].firstIndex(of: "\n") ?? sql.endIndex
                continue
            case target where depth == 0:
                return index
            case "(":
                depth += 1
            case ")":
                depth -= 1
            default:
                break
            }
            index = next
        }
        return nil
    }
}
