/// How reports read a `TimeWindow`: half-open, `since <= t < until`, so consecutive windows
/// (last night's and tonight's) never count one thing twice.
extension TimeWindow {
    /// The window's length in seconds when both bounds are set.
    public var length: Double? {
        guard let since, let until else { return nil }
        return Double(until.micros - since.micros) / 1_000_000
    }

    /// The window of equal length that ends where this one starts, when both bounds are set.
    public var previous: TimeWindow? {
        guard let since, let until else { return nil }
        return TimeWindow(since: Timestamp(micros: 2 * since.micros - until.micros), until: since)
    }

    /// True when `time` falls inside the window (`since <= time < until`).
    public func contains(_ time: Timestamp) -> Bool {
        if let since, time < since { return false }
        if let until, !(time < until) { return false }
        return true
    }

    /// An SQL condition on the timestamp expression `column` with its bindings: NULL times
    /// are outside any bounded window and inside the unbounded one.
    func condition(on column: String) -> (sql: String, bindings: [SQLValue]) {
        var parts: [String] = []
        var bindings: [SQLValue] = []
        if let since {
            parts.append("julianday(\(column)) >= julianday(?)")
            bindings.append(.text(since.description))
        }
        if let until {
            parts.append("julianday(\(column)) < julianday(?)")
            bindings.append(.text(until.description))
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), bindings)
    }
}
