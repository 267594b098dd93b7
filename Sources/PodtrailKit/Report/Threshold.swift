/// A `--fail-on` condition over a summary figure: `KEY OP VALUE`, e.g. `oom_kills>0`,
/// `startup_p90>=60s`, `evictions>10`. KEY is a `ReportFigure` key; OP one of `>`, `>=`, `<`,
/// `<=`, `==`; VALUE a number, or for a duration figure a number of seconds or a duration
/// (`90s`, `2m`, `1h`). The condition names what must not happen: it is breached when it holds,
/// or when the window's data cannot tell (the figure is unknown).
public struct Threshold: Equatable, Sendable, CustomStringConvertible {
    public let key: String
    public let comparison: String
    public let limit: Double
    /// The condition as written.
    public let description: String

    /// The comparisons, longest first (so `>=` is not read as `>`).
    static let comparisons = [">=", "<=", "==", ">", "<"]

    /// Parses `KEY OP VALUE` (spaces allowed around OP).
    ///
    /// - Throws: `ThresholdError` naming what is wrong and the keys there are.
    public init(parsing text: String) throws {
        description = text
        guard let comparison = Self.comparisons.first(where: { text.contains($0) }),
            let range = text.range(of: comparison)
        else { throw ThresholdError.malformed(text) }
        let key = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let figure = ReportFigure.all.first(where: { $0.key == key }) else { throw ThresholdError.unknownKey(text, key: key) }
        let seconds = figure.isDuration ? TimeWindow.duration(value) : nil
        guard let limit = Double(value) ?? seconds, limit.isFinite else { throw ThresholdError.badValue(text, value: value) }
        self.key = key
        self.comparison = comparison
        self.limit = limit
    }

    /// Nil when the condition does not hold; else what the figure was ("3", "unknown (no pod
    /// status data)").
    func breach(in data: ReportData) -> String? {
        guard let figure = ReportFigure.all.first(where: { $0.key == key }) else { return nil }
        if let reason = figure.unknown(data) { return "unknown (\(reason))" }
        guard let value = figure.value(data) else { return "unknown (the database has no such analysis)" }
        let holds =
            switch comparison {
            case ">": value > limit
            case ">=": value >= limit
            case "<": value < limit
            case "<=": value <= limit
            default: value == limit
            }
        return holds ? (figure.isDuration ? ReportNumber.duration(value) : ReportNumber.plain(value)) : nil
    }
}

/// Why a `--fail-on` condition could not be read.
public enum ThresholdError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownKey(String, key: String)
    case badValue(String, value: String)

    public var description: String {
        let keys = ReportFigure.all.map(\.key).joined(separator: ", ")
        switch self {
        case .malformed(let text): return "--fail-on \(text): write KEY OP VALUE, e.g. oom_kills>0 (OP: >, >=, <, <=, ==)."
        case .unknownKey(let text, let key): return "--fail-on \(text): no figure \(key); the figures are \(keys)."
        case .badValue(let text, let value):
            return "--fail-on \(text): \(value) is not a number (or, for startup_p90, a duration such as 60s or 2m)."
        }
    }
}
