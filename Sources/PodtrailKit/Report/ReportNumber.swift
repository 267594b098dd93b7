import Foundation

/// How reports print numbers: fixed rules so the same database always gives the same bytes.
public enum ReportNumber {
    /// A real for CSV: up to 3 decimals, trailing zeros dropped (`12.5`, `3`, `0.125`).
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        // Most reals here are already whole milliseconds (SQL's round(x, 3)): when value × 1000
        // lies close to a whole number, and so far from a half that no rounding rule can differ,
        // print that number of thousandths directly; "%.3f" for the rest.
        let thousandths = value * 1000
        if abs(thousandths) < 1e15 {
            let whole = thousandths.rounded()
            if abs(thousandths - whole) < 1e-3 { return plain(thousandths: Int64(whole)) }
        }
        // C's own "%.3f" into a stack buffer (Foundation's String(format:) costs several times
        // more, and a report prints hundreds of thousands of these); the same bytes either way.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 352) { buffer -> String in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.3f", $0) }
            var end = Int(min(max(written, 0), Int32(buffer.count - 1)))
            while end > 0, buffer[end - 1] == 0x30 { end -= 1 }  // trailing "0"
            if end > 0, buffer[end - 1] == 0x2E { end -= 1 }  // a bare "."
            let text = String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: end), as: UTF8.self)
            return text == "-0" ? "0" : text
        }
    }

    /// `thousandths` / 1000 with up to 3 decimals, trailing zeros dropped, and no "-0".
    private static func plain(thousandths: Int64) -> String {
        guard thousandths != 0 else { return "0" }
        let magnitude = thousandths.magnitude
        var text = thousandths < 0 ? "-" : ""
        text += String(magnitude / 1000)
        var fraction = magnitude % 1000
        guard fraction != 0 else { return text }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let decimals = String(fraction)
        return text + "." + String(repeating: "0", count: digits - decimals.count) + decimals
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
        let ratio = abs(delta) / abs(previous) * 100
        // Past 1e15 % (a hostile figure against a tiny one) Int() would trap: print the real.
        let percent = ratio < 1e15 ? String(Int(ratio.rounded())) : String(format: "%.0f", ratio)
        return "\(sign)\(magnitude) (\(sign)\(percent)%)"
    }
}
