/// How to ingest.
public struct IngestOptions: Sendable {
    /// The cluster label written on every row.
    public var cluster: String
    /// Treat any reject as a failure (exit code 1).
    public var strict: Bool
    /// The largest record accepted, in bytes.
    public var maxRecordBytes: Int

    public init(cluster: String = "default", strict: Bool = false, maxRecordBytes: Int = RecordFramer.defaultMaxRecordBytes) {
        self.cluster = cluster
        self.strict = strict
        self.maxRecordBytes = maxRecordBytes
    }
}

/// Progress of a running ingest, for a terminal display.
public struct IngestProgress: Sendable {
    public var path: String
    public var bytesRead: Int
    public var bytesTotal: Int
    public var records: Int
    public var seconds: Double
}

/// What an ingest did, for the summary line, `sources` and the exit code.
public struct IngestSummary: Sendable, Equatable {
    /// Files read in this run.
    public var files = 0
    /// Files skipped because the ledger shows the same content was already ingested.
    public var alreadyIngested = 0
    /// Files found in folders that are neither gzip nor JSON (skipped, listed in `sources`).
    public var notJSON = 0
    /// Records stored or merged (events and pod observations).
    public var records = 0
    /// Records that added nothing new (already stored).
    public var duplicates = 0
    /// Records counted and skipped: bookmarks, watch errors, other kinds.
    public var skipped = 0
    /// Records and damaged stretches recorded in `rejects`.
    public var rejects = 0
    /// Of `rejects`, valid records SQLite could not store whole (a value or row over
    /// `SQLITE_LIMIT_LENGTH`): data lost, so the exit code is 1.
    public var unstorable = 0
    /// Compressed (file) bytes read.
    public var bytesRead = 0
    /// Decompressed JSON bytes read.
    public var jsonBytes = 0
    /// Files that were corrupt or truncated somewhere (everything before the damage is kept).
    public var damaged: [String] = []
    /// Paths that could not be read at all, with the reason.
    public var failures: [String] = []
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Of `seconds`, those spent after the last file: building the indexes a backfill set aside
    /// and recomputing the analysis caches of the pods this run wrote.
    public var finishingSeconds = 0.0

    public init() {}

    /// 0 when every input was read; 1 when some input was unreadable, corrupt or truncated,
    /// a valid record was too large to store, or (with `strict`) anything was rejected.
    public func exitCode(strict: Bool) -> Int32 {
        if !damaged.isEmpty || !failures.isEmpty || unstorable > 0 { return 1 }
        if strict && rejects > 0 { return 1 }
        return 0
    }

    /// The one-line summary printed at the end of a run.
    public var line: String {
        var parts = ["\(files) files read"]
        if alreadyIngested > 0 { parts.append("\(alreadyIngested) already ingested") }
        if notJSON > 0 { parts.append("\(notJSON) not JSON (skipped)") }
        parts.append("\(records) records")
        parts.append("\(duplicates) duplicates skipped")
        if skipped > 0 { parts.append("\(skipped) other records skipped") }
        parts.append("\(rejects) rejects")
        if unstorable > 0 { parts.append("\(unstorable) of them too large for SQLite") }
        if !damaged.isEmpty { parts.append("\(damaged.count) damaged files") }
        if !failures.isEmpty { parts.append("\(failures.count) unreadable") }
        let megabytes = Double(jsonBytes) / 1_000_000
        var time = String(format: "%.1f MB JSON in %.2f s", megabytes, seconds)
        if finishingSeconds >= 0.01 {
            time += String(format: " (%.2f s of it building indexes and analysis caches)", finishingSeconds)
        }
        parts.append(time)
        return parts.joined(separator: ", ")
    }
}

import Foundation
