import Foundation

/// How reports print numbers: fixed rules so the same database always gives the same bytes.
public enum ReportNumber {
    /// A real for CSV: up to 3 decimals, trailing zeros dropped (`12.5`, `3`, `0.125`).
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A duration in seconds for a Markdown table: `4.2 s`, `12 min`, `3.5 h`, `2.1 d`.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "–" }
        switch seconds {
        case ..<60: return String(format: "%.1f s", seconds)
        case ..<3600: return String(format: "%.1f min", seconds / 60)
        case ..<172_800: return String(format: "%.1f h", seconds / 3600)
        default: return String(format: "%.1f d", seconds / 86_400)
        }
    }

    /// A ratio with two decimals (`0.25`), or `–` when undefined.
    public static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.2f", value)
    }

    /// The change from `previous` to `current` as `+3 (+25%)`, `−2 (−50%)`, `0`, or `+3` when
    /// `previous` is zero.
    public static func change(_ current: Double, from previous: Double, isDuration: Bool = false) -> String {
        let delta = current - previous
        if delta == 0 { return "0" }
        let sign = delta > 0 ? "+" : "−"
        let magnitude = isDuration ? duration(abs(delta)) : plain(abs(delta))
        guard previous != 0 else { return sign + magnitude }
        let percent = Int((abs(delta) / abs(previous) * 100).rounded())
        return "\(sign)\(magnitude) (\(sign)\(percent)%)"
    }
}
