import Foundation

/// A named query from `Queries/`: one SELECT with a leading comment that documents it.
///
/// The comment's layout (parsed here, checked by the tests):
/// ```
/// -- One-line description.
/// --
/// -- Free text: what it answers, how to read it.
/// --
/// -- Parameters:
/// --   :namespace  only pods in this namespace (unset: all)
/// --
/// -- Example:
/// --   podtrail query NAME --param namespace=shop
/// ```
public struct NamedQuery: Equatable, Sendable {
    /// The file name without `.sql`.
    public let name: String
    /// The first comment line.
    public let description: String
    /// Each documented parameter (without its `:`) and its meaning, in order.
    public let parameters: [(name: String, meaning: String)]
    /// The example command lines.
    public let example: String
    /// The whole file, comment included.
    public let sql: String

    /// Parses the leading comment of `sql`.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
        let comment = sql.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("--") }
            .map { String($0.dropFirst(2)) }
        description = comment.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var parameters: [(String, String)] = []
        var example: [String] = []
        var section = ""
        for line in comment.dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                section = ""
            } else if trimmed == "Parameters:" || trimmed == "Example:" {
                section = trimmed
            } else if section == "Parameters:", trimmed.hasPrefix(":") {
                let name = trimmed.dropFirst().prefix { !$0.isWhitespace }
                let meaning = trimmed.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                parameters.append((String(name), meaning))
            } else if section == "Example:" {
                example.append(trimmed)
            }
        }
        self.parameters = parameters
        self.example = example.joined(separator: "\n")
    }

    /// Every named query embedded in the binary, by name.
    public static var all: [NamedQuery] {
        Database.namedQueries.map { NamedQuery(name: $0.name, sql: $0.sql) }.sorted { $0.name < $1.name }
    }

    /// The named query called `name`, or nil.
    public static func named(_ name: String) -> NamedQuery? {
        all.first { $0.name == name }
    }

    /// The SQL to run for a command-line argument: a named query's text, or the argument itself
    /// when it looks like SQL (holds whitespace).
    ///
    /// - Throws: `QueryError.unknownQuery` for a single word that names no query.
    public static func sql(forArgument argument: String) throws -> String {
        if let query = named(argument) { return query.sql }
        if views.contains(where: { $0.name == argument }) { return "SELECT * FROM \"\(argument)\"" }
        guard argument.contains(where: \.isWhitespace) else { throw QueryError.unknownQuery(argument) }
        return argument
    }

    /// The views of the schema a user queries (`podtrail query VIEW` runs `SELECT * FROM VIEW`),
    /// in the order of `Queries/`, each with the first line of the comment that documents it in
    /// its file (`-- name: what it holds`); the `*_stale` views and their helpers, parts of the
    /// analysis caches, are left out.
    public static let views: [(name: String, description: String)] = Database.viewDefinitions.flatMap { file in
        let lines = file.sql.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.indices.compactMap { i -> (String, String)? in
            guard lines[i].hasPrefix("CREATE VIEW ") else { return nil }
            let name = String(lines[i].dropFirst("CREATE VIEW ".count).prefix { $0 != " " })
            guard !name.hasSuffix("_stale"), !name.hasPrefix("stale_") else { return nil }
            // The documenting comment's first sentence, which may run over several lines.
            guard let start = lines.firstIndex(where: { $0.hasPrefix("-- \(name):") }) else { return (name, "see Docs/SCHEMA.md") }
            var text = String(lines[start].dropFirst("-- \(name):".count))
            for line in lines[(start + 1)...] {
                guard line.hasPrefix("-- "), !text.contains(". "), !text.hasSuffix(".") else { break }
                text += " " + line.dropFirst(3)
            }
            let sentence = text.trimmingCharacters(in: .whitespaces)
            return (name, sentence.range(of: ". ").map { String(sentence[..<$0.lowerBound]) + "." } ?? sentence)
        }
    }

    /// The SQL in the file at `path`.
    ///
    /// - Throws: `QueryError.unreadableFile` when it is missing, unreadable or not UTF-8.
    public static func sql(fromFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw QueryError.unreadableFile(path)
        }
        return text
    }

    /// The `--list` text: each query's name and description, then its parameters indented.
    public static func listing(_ queries: [NamedQuery] = all) -> String {
        let width = queries.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for query in queries {
            lines.append(query.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + query.description)
            let parameterWidth = query.parameters.map(\.name.count).max() ?? 0
            for parameter in query.parameters {
                let name = (":" + parameter.name).padding(toLength: parameterWidth + 3, withPad: " ", startingAt: 0)
                lines.append(String(repeating: " ", count: width + 4) + name + parameter.meaning)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The names of queries and views within a few edits of `name` (at most a third of its
    /// length, and 3), closest first, at most three.
    public static func closestNames(to name: String) -> [String] {
        ClosestNames.closest(to: name, among: all.map(\.name) + views.map(\.name), limit: min(3, max(1, name.count / 3)))
    }

    /// The `--list` text's second part: each view and what it holds.
    public static func viewListing() -> String {
        let width = views.map(\.name.count).max() ?? 0
        return "\nViews (podtrail query VIEW runs SELECT * FROM VIEW; columns in Docs/SCHEMA.md):\n"
            + views.map { $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.description + "\n" }.joined()
    }

    /// The named queries (then, `withViews`, the views) as rows (`name`, `description`, `parameters`,
    /// `example`) for `--list --format csv|json|md|table`; parameters are space-separated
    /// `:name`s; a view's description starts with `view: `.
    public static func listResult(_ queries: [NamedQuery] = all, withViews: Bool = false) -> QueryResult {
        QueryResult(
            columns: ["name", "description", "parameters", "example"],
            rows: queries.map { query in
                [.text(query.name), .text(query.description),
                 .text(query.parameters.map { ":" + $0.name }.joined(separator: " ")), .text(query.example)]
            } + (withViews ? views : []).map { view in [.text(view.name), .text("view: " + view.description), .text(""), .text("podtrail query \(view.name)")] })
    }

    public static func == (lhs: NamedQuery, rhs: NamedQuery) -> Bool {
        lhs.name == rhs.name && lhs.sql == rhs.sql
    }
}
