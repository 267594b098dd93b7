import Foundation

/// Helper SQL functions podtrail registers on every connection it opens.
///
/// They make ad-hoc queries natural (`k8s_bytes('512Mi')`, `duration_text(schedule_s)`); the
/// named queries and views never use them, so those still run in the stock `sqlite3` shell.
/// Each returns NULL for NULL or malformed input rather than failing the query.
public enum SQLFunctions {
    /// Name, argument count and implementation of every helper function, in documentation order.
    public static let all: [(name: String, argumentCount: Int, body: @Sendable ([SQLValue]) -> SQLValue)] = [
        ("k8s_quantity", 1, { quantity($0[0]).map { .real($0) } ?? .null }),
        ("k8s_bytes", 1, { text($0[0]).flatMap(Quantity.bytes).map { .integer(Int64($0)) } ?? .null }),
        ("k8s_millicores", 1, { text($0[0]).flatMap(Quantity.millicores).map { .integer(Int64($0)) } ?? .null }),
        ("go_duration", 1, { text($0[0]).flatMap(goDuration).map { .real($0) } ?? .null }),
        ("duration_text", 1, { $0[0].double.map { .text(durationText($0)) } ?? .null }),
        ("bytes_text", 1, { $0[0].double.map { .text(bytesText($0)) } ?? .null }),
    ]

    /// Registers every helper function on `connection`.
    public static func register(on connection: Connection) throws {
        for function in all {
            try connection.createFunction(function.name, argumentCount: function.argumentCount, deterministic: true) {
                function.body($0)
            }
        }
    }

    /// A Kubernetes quantity in base units: numbers pass through, text is parsed (`512Mi`, `100m`).
    static func quantity(_ value: SQLValue) -> Double? {
        if let number = value.double { return number.isFinite ? number : nil }
        return text(value).flatMap(Quantity.value)
    }

    /// The value as text when it is text or a number; nil for NULL and blobs.
    private static func text(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text): text
        case .integer, .real: value.description
        default: nil
        }
    }

    /// The longest Go `time.Duration`, in seconds: int64 nanoseconds (about 292 years).
    public static let maximumGoDuration = 9_223_372_036.854_775_807

    /// Seconds in a Go `time.Duration` string (`2.345s`, `1m3.2s`, `850ms`, `1h0m0s`, `1.5µs`).
    ///
    /// - Returns: nil unless the whole text is an optional sign and number+unit pairs, or `0`;
    ///   nil too past `maximumGoDuration`, which Go's `time.ParseDuration` refuses as well.
    public static func goDuration(_ text: String) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += value * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        guard total.isFinite, total <= maximumGoDuration else { return nil }
        return sign * total
    }

    /// Seconds as compact text: `2.3s` under 10 s, else whole `45s`, `3m07s`, `1h02m03s`, `2d03h00m00s`.
    public static func durationText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "" }
        let sign = seconds < 0 ? "-" : ""
        let magnitude = abs(seconds)
        // Past 9e15 s (285 million years) Int() would trap: whole days as a real.
        if magnitude >= 9e15 { return sign + String(format: "%.0fd", (magnitude / 86_400).rounded()) }
        if magnitude < 10 {
            let text = String(format: "%.1f", magnitude)
            return text == "10.0" ? sign + "10s" : sign + text + "s"
        }
        let whole = Int(magnitude.rounded())
        let (days, hours, minutes, secs) = (whole / 86_400, whole / 3600 % 24, whole / 60 % 60, whole % 60)
        let body: String
        if days > 0 {
            body = String(format: "%dd%02dh%02dm%02ds", days, hours, minutes, secs)
        } else if hours > 0 {
            body = String(format: "%dh%02dm%02ds", hours, minutes, secs)
        } else if minutes > 0 {
            body = String(format: "%dm%02ds", minutes, secs)
        } else {
            body = "\(secs)s"
        }
        return sign + body
    }

    /// Bytes in binary units with at most one decimal: `512Mi`, `1.5Gi`, `900` (under 1 KiB).
    public static func bytesText(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "" }
        let units = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var value = abs(bytes)
        var unit = ""
        for next in units where value >= 1024 {
            value /= 1024
            unit = next
        }
        let sign = bytes < 0 ? "-" : ""
        if unit.isEmpty { return sign + String(Int(value.rounded())) }
        var text = String(format: "%.1f", value)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return sign + text + unit
    }
}
