import Foundation

/// Why `podtrail query` could not run a statement, described as one line naming what to do
/// (SQL errors add the offending line with a caret under the position SQLite reported).
public enum QueryError: Error, CustomStringConvertible, Equatable {
    /// SQLite rejected or failed the statement.
    case sql(SQLiteError, sql: String)
    /// The statement would change the database.
    case writes
    /// More than one statement was given.
    case multipleStatements
    /// Nothing but whitespace and comments was given.
    case empty
    /// `--param` named a parameter the statement does not have.
    case unknownParameter(String, known: [String])
    /// A `--param` argument is not `NAME=VALUE`.
    case badParameter(String)
    /// The argument names no named query and is not SQL.
    case unknownQuery(String)
    /// The `--file` could not be read as UTF-8 text.
    case unreadableFile(String)
    /// The statement calls a function `podtrail query` never runs (itself or through a view).
    case forbiddenFunction(String, why: String)

    public var description: String {
        switch self {
        case .sql(let error, let sql):
            var message = error.message
            if message.hasPrefix("no such table: "),
                Database.viewDefinitions.contains(where: { $0.name == message.dropFirst(15) })
            {
                message += " (a view this database predates: any `podtrail ingest` into it installs the views)"
            }
            guard let offset = error.offset, let position = Self.position(of: offset, in: sql) else {
                return message
            }
            return """
                \(message) (line \(position.line), column \(position.column))
                  \(position.text)
                  \(String(repeating: " ", count: position.column - 1))^
                """
        case .writes:
            return "podtrail query only reads: this statement would change the database, so it was not run (nothing was changed)"
        case .multipleStatements:
            return "podtrail query runs one statement: remove everything after the first `;`"
        case .empty:
            return "no SQL to run: give a SELECT statement, a named query (`podtrail query --list`) or --file PATH"
        case .unknownParameter(let name, let known):
            return known.isEmpty
                ? "--param \(name): the query has no parameters"
                : "--param \(name): the query has no parameter :\(name); its parameters are "
                    + known.map { ":" + $0 }.joined(separator: ", ")
        case .badParameter(let argument):
            return "--param \(argument): write NAME=VALUE, e.g. --param namespace=shop"
        case .unreadableFile(let path):
            return "cannot read --file \(path): give the path of a UTF-8 text file holding one SQL statement"
        case .forbiddenFunction(let name, let why):
            return "\(name)() is not allowed in podtrail query: \(why) (nothing was run)"
        case .unknownQuery(let name):
            let closest = NamedQuery.closestNames(to: name)
            let hint = closest.isEmpty ? "" : "did you mean " + closest.joined(separator: " or ") + "? "
            return "no named query or view \(name): \(hint)`podtrail query --list` shows them (or give a SELECT statement)"
        }
    }

    /// The 1-based line and column (in characters) of a UTF-8 byte offset, with the line's text.
    static func position(of offset: Int, in sql: String) -> (line: Int, column: Int, text: String)? {
        let bytes = Array(sql.utf8)
        guard offset >= 0, offset <= bytes.count else { return nil }
        let lineStart = bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let lineEnd = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let line = bytes[..<lineStart].filter { $0 == UInt8(ascii: "\n") }.count + 1
        let before = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let tabsAsSpaces = { (text: String) in text.replacingOccurrences(of: "\t", with: " ") }
        return (line, before.count + 1, tabsAsSpaces(text).trimmingTrailingCarriageReturn())
    }
}

extension String {
    fileprivate func trimmingTrailingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
