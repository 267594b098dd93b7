/// What a timeline reads: the window, pushed into every query, and the most rows one query
/// may return.
///
/// Every query of a pod's rows is ordered by time and reads at most `cap` rows (the limit plus
/// one, to tell that more exist). A query that reaches the cap drops its last row, makes that
/// row's time a cut (`cut`: the earliest of them) and counts the window's rows it did not read
/// (`notRead`, with one `count(*)` over the same query). Memory is bounded by the rows read:
/// per pod, `cap` per kind (events, snapshots, container snapshots, terminations, node events)
/// plus one carried-in row per container; across pods, rows past the limit are cut as pods
/// are read (`Timeline.init`).
struct TimelineFetch {
    /// The window asked for.
    var window: TimeWindow
    /// Rows one query reads at most: the limit plus one.
    var cap: Int
    /// The earliest instant a capped query stopped at.
    var cut: Timestamp?
    /// Rows of the window that capped queries did not read.
    var notRead = 0

    /// The window's bounds as named parameters: `since`, and `until` ended early at `cut`
    /// (rows after a cut are not shown, so they need not be read).
    var parameters: [String: SQLValue] {
        var until = window.until
        if let cut, until.map({ cut < $0 }) ?? true { until = cut }
        return ["since": .optional(window.sinceText), "until": .optional(until?.description)]
    }

    /// Runs `sql` (ordered by time, without LIMIT) reading at most `cap` rows; `time` gives a
    /// row's instant.
    mutating func rows(_ store: TimelineStore, _ sql: String, _ parameters: [String: SQLValue],
                       time: (TimelineStore.Row) -> Timestamp?) throws -> [TimelineStore.Row] {
        let bound = parameters.merging(self.parameters) { _, window in window }
        var rows = try store.rows(sql + "\nLIMIT \(cap)", bound)
        guard rows.count >= cap, let last = rows.popLast(), let at = time(last) else { return rows }
        let total = try store.rows("SELECT count(*) AS n FROM (\(sql))", bound).first?.int("n") ?? rows.count
        notRead += max(0, total - rows.count)
        if cut.map({ at < $0 }) ?? true { cut = at }
        return rows
    }
}
