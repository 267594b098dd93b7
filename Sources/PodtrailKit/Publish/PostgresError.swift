/// A failure talking to PostgreSQL, with the password already removed from its text.
///
/// The kind decides the exit code of `podtrail publish` (README: Exit codes).
public struct PostgresError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, as far as a script needs to know.
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached (down, wrong host or port, TLS refused).
        case cannotConnect
        /// The server refused the user or password.
        case authentication
        /// The connection broke (or the server shut down) during the publish.
        case connectionLost
        /// A statement failed on a working connection.
        case statement
    }

    public var kind: Kind
    /// libpq's or the server's message, without the password.
    public var message: String
    /// `user@host:port/db`.
    public var target: String
    /// The statement that failed, when there was one.
    public var sql: String?
    /// The server's SQLSTATE, when it sent one.
    public var sqlState: String?

    public init(kind: Kind, message: String, target: String, sql: String? = nil, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.target = target
        self.sql = sql
        self.sqlState = sqlState
    }

    public var description: String {
        let where_ = target.isEmpty ? "PostgreSQL" : "PostgreSQL at \(target)"
        switch kind {
        case .cannotConnect where message.contains("certificate"):
            return "cannot connect to \(where_): \(message) — the server's TLS certificate was not trusted: check sslrootcert (the certificate of the authority that signed the server's) and that the certificate names the URL's host; nothing was published"
        case .cannotConnect:
            return "cannot connect to \(where_): \(message) — check that the server runs and the URL's host, port and sslmode; nothing was published"
        case .authentication:
            return "\(where_) refused the login: \(message) — check the user and the password (in the URL, PGPASSWORD or ~/.pgpass); nothing was published"
        case .connectionLost:
            return "lost the connection to \(where_): \(message) — the days finished before it are published (podtrail.publications lists them), the others keep their earlier rows; run the same `podtrail publish` again when the server is back"
        case .statement:
            var text = "\(where_): \(message)"
            if let sqlState { text += " (SQLSTATE \(sqlState))" }
            if let sql { text += " - while executing `\(sql.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines))`" }
            return text
        }
    }
}

extension PostgresError {
    /// The exit code of `podtrail publish` for this error: 4 unreachable or refused (nothing
    /// published), 5 lost mid-publish (run again), 1 any other failure.
    public var exitCode: Int32 {
        switch kind {
        case .cannotConnect, .authentication: 4
        case .connectionLost: 5
        case .statement: 1
        }
    }
}
