/// Where a timeline stopped because it reached `TimelineOptions.limit`, and what it left out.
///
/// Everything before `from` is shown; rows at `from` or later inside the window are not.
/// `leftOut` counts them: rows read and dropped, and the records (events, snapshots,
/// terminations) of the window not read at all, so it is a lower bound of the rows a larger
/// limit would show.
public struct TimelineTruncation: Sendable, Equatable {
    /// The first instant not shown.
    public var from: Timestamp
    /// Rows (at least) at `from` or later in the window that were left out.
    public var leftOut: Int
    /// The limit that was reached.
    public var limit: Int

    /// Creates a truncation note.
    public init(from: Timestamp, leftOut: Int, limit: Int) {
        self.from = from
        self.leftOut = leftOut
        self.limit = limit
    }

    /// One line saying what was left out and how to see it.
    public var note: String {
        "\(leftOut) more rows from \(from) on were left out (--limit \(limit)): run again with --since \(from) or a higher --limit"
    }
}
