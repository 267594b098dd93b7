import Foundation

/// A `sources` row's `status`: how far the read of the file got.
enum SourceStatus: String, Sendable {
    /// Being read (or the run reading it was killed: the file is read again).
    case reading
    /// Read to its end.
    case complete
    /// Read up to a damaged or truncated stretch; what came before it is kept.
    case damaged
    /// Not JSON or gzip by its first bytes: nothing read.
    case notJSON = "not-json"
}

/// The `sources` ledger: one row per input read.
enum Sources {
    /// Starts (or restarts, for a file that changed) the ledger row of `path`; the previous
    /// read's rejects are replaced by this read's.
    static func begin(_ connection: Connection, cluster: String, path: String, size: Int, fingerprint: String) throws -> Int64 {
        let now = Timestamp(micros: Int64(Date().timeIntervalSince1970 * 1_000_000)).description
        if let id = try connection.scalar(
            "SELECT id FROM sources WHERE path = ? AND cluster = ?", [.text(path), .text(cluster)]
        ).int {
            _ = try connection.rows("DELETE FROM rejects WHERE source_id = ?", [.integer(id)])
            _ = try connection.rows(
                "UPDATE sources SET size = ?, fingerprint = ?, ingested_at = ?, status = '\(SourceStatus.reading.rawValue)' WHERE id = ?",
                [.integer(Int64(size)), .text(fingerprint), .text(now), .integer(id)])
            return id
        }
        _ = try connection.rows(
            """
            INSERT INTO sources (cluster, path, size, fingerprint, format, ingested_at, status)
            VALUES (?, ?, ?, ?, 'unknown', ?, '\(SourceStatus.reading.rawValue)')
            """,
            [.text(cluster), .text(path), .integer(Int64(size)), .text(fingerprint), .text(now)])
        return connection.lastInsertRowID
    }

    /// Completes the ledger row with what the read found.
    static func finish(_ connection: Connection, id: Int64, stats: SourceStats, size: Int, fingerprint: String) throws {
        _ = try connection.rows(
            """
            UPDATE sources SET size = ?, fingerprint = ?, format = ?, json_bytes = ?, records = ?, duplicates = ?,
                skipped = ?, rejects = ?, first_record_at = ?, last_record_at = ?, status = ?, future_records = ?
            WHERE id = ?
            """,
            [
                .integer(Int64(size)), .text(fingerprint), .text(stats.input?.format.rawValue ?? "unknown"),
                .integer(Int64(stats.input?.jsonBytes ?? 0)), .integer(Int64(stats.records)),
                .integer(Int64(stats.duplicates)), .integer(Int64(stats.skipped)), .integer(Int64(stats.rejects)),
                stats.first.map { .text($0.description) } ?? .null, stats.last.map { .text($0.description) } ?? .null,
                .text(stats.status.rawValue), .integer(Int64(stats.future)), .integer(id),
            ])
    }
}
