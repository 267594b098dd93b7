import Foundation

/// A time range given on the command line: `--since` and `--until`, each optional.
///
/// A bound is either an RFC 3339 instant (`2026-11-27T02:10:00Z`, `…02:10:00.5+01:00`), a
/// bare date (`2026-11-27`, midnight UTC), or a duration back from now (`90s`, `15m`, `24h`,
/// `7d`, `2w`, combined like `1h30m`). Shared by every command that filters by time.
public struct TimeWindow: Sendable, Equatable {
    /// The earliest instant included, nil for no lower bound.
    public var since: Timestamp?
    /// The latest instant included, nil for no upper bound.
    public var until: Timestamp?

    /// The window with no bounds.
    public static let unbounded = TimeWindow(since: nil, until: nil)

    /// Creates a window from two optional bounds.
    public init(since: Timestamp?, until: Timestamp?) {
        self.since = since
        self.until = until
    }

    /// Parses the two command-line bounds; durations count back from `now`.
    ///
    /// - Throws: `TimeWindowError` naming the flag whose text is unreadable, or when the
    ///   window ends before it starts.
    public init(since: String?, until: String?, now: Date = Date()) throws {
        let nowStamp = Timestamp(micros: Int64((now.timeIntervalSince1970 * 1_000_000).rounded()))
        self.since = try since.map { try Self.bound($0, flag: "--since", now: nowStamp) }
        self.until = try until.map { try Self.bound($0, flag: "--until", now: nowStamp) }
        if let start = self.since, let end = self.until, end < start {
            throw TimeWindowError.reversed(since: start.description, until: end.description)
        }
    }

    /// True when the window has neither bound.
    public var isUnbounded: Bool { since == nil && until == nil }

    /// True when the span `[start, end]` touches the window (a point when `end` is nil).
    public func overlaps(start: Timestamp, end: Timestamp? = nil) -> Bool {
        if let since, (end ?? start) < since { return false }
        if let until, until < start { return false }
        return true
    }

    /// The lower bound as stored text (for SQL `julianday(:since)`), or nil.
    public var sinceText: String? { since?.description }
    /// The upper bound as stored text (for SQL `julianday(:until)`), or nil.
    public var untilText: String? { until?.description }

    /// The longest duration a bound or window may span: 1000 years of 365.25 days (365250d).
    public static let longestDuration = 365_250.0 * 86_400

    /// The instants a bound may name: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z,
    /// the years SQLite's date functions (`julianday`) read.
    public static let instants: ClosedRange<Int64> =
        Timestamp.daysFromCivil(year: 1, month: 1, day: 1) * 86_400_000_000
        ... Timestamp.daysFromCivil(year: 10_000, month: 1, day: 1) * 86_400_000_000 - 1

    /// Parses one bound: RFC 3339, a date, or a duration before `now`.
    ///
    /// - Throws: `TimeWindowError.unreadable`; `.tooLong` for a duration past `longestDuration`;
    ///   `.outOfRange` for an instant outside `instants` (`9999-12-31T23:59:59-23:59`).
    public static func bound(_ text: String, flag: String, now: Timestamp) throws -> Timestamp {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let stamp: Timestamp
        if let parsed = Timestamp.parse(trimmed) ?? Timestamp.parse(trimmed + "T00:00:00Z") {
            stamp = parsed
        } else if let seconds = duration(trimmed) {
            guard seconds <= longestDuration else { throw TimeWindowError.tooLong(flag: flag, text: text) }
            let (micros, overflow) = now.micros.subtractingReportingOverflow(Int64((seconds * 1_000_000).rounded()))
            guard !overflow else { throw TimeWindowError.outOfRange(flag: flag, text: text) }
            stamp = Timestamp(micros: micros)
        } else {
            throw TimeWindowError.unreadable(flag: flag, text: text)
        }
        guard instants.contains(stamp.micros) else { throw TimeWindowError.outOfRange(flag: flag, text: text) }
        return stamp
    }

    /// Seconds in a duration such as `90s`, `15m`, `24h`, `7d`, `2w`, `1h30m`, `1.5h`; nil
    /// when `text` is not one. Not bounded (400 digits give infinity): callers compare with
    /// `longestDuration`.
    public static func duration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return sawUnit && number.isEmpty ? total : nil
    }
}

/// Why a time window could not be read.
public enum TimeWindowError: Error, Equatable, CustomStringConvertible {
    /// A bound is neither RFC 3339, a date, nor a duration.
    case unreadable(flag: String, text: String)
    /// `--until` is before `--since`.
    case reversed(since: String, until: String)
    /// A duration longer than `TimeWindow.longestDuration`.
    case tooLong(flag: String, text: String)
    /// A bound outside the years 0001 to 9999.
    case outOfRange(flag: String, text: String)

    /// One line naming the flag and what to write instead.
    public var description: String {
        switch self {
        case .unreadable(let flag, let text):
            "\(flag) \(text): give an RFC 3339 time in the years 0001 to 9999 UTC (2026-11-27T02:10:00Z), a date (2026-11-27) or a duration back from now (90s, 15m, 24h, 7d)."
        case .reversed(let since, let until):
            "--until \(until) is before --since \(since): swap them."
        case .tooLong(let flag, let text):
            "\(flag) \(text): longer than 1000 years (365250d); give a shorter duration or an RFC 3339 time."
        case .outOfRange(let flag, let text):
            "\(flag) \(text): outside the years 0001 to 9999 (UTC); give a time in that range."
        }
    }
}
