/// A point in time from a Kubernetes object, kept with the precision its source had.
///
/// Parses RFC 3339 (`2026-11-27T02:00:00Z`, `…00.678299Z`, `…00+02:00`); `null`, `""` and
/// any year-0001 value mean unset and parse to nil. Stored as UTC text with the source's
/// fractional digits.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var micros: Int64
    /// How many fractional-second digits the source had (0 … 9; more than 6 are kept as 6 + zeros).
    public var fractionDigits: Int

    /// Creates a timestamp from microseconds since the epoch.
    public init(micros: Int64, fractionDigits: Int = 0) {
        self.micros = micros
        self.fractionDigits = fractionDigits
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.micros < rhs.micros }

    /// Seconds since the epoch.
    public var seconds: Double { Double(micros) / 1_000_000 }

    /// Adds whole seconds, saturating at the ends of the Int64 range (never a trap).
    public func adding(seconds: Int64) -> Timestamp {
        let (delta, overflow1) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (sum, overflow2) = micros.addingReportingOverflow(delta)
        let saturated = seconds > 0 ? Int64.max : Int64.min
        return Timestamp(micros: overflow1 || overflow2 ? saturated : sum, fractionDigits: fractionDigits)
    }

    /// Parses RFC 3339 text held in `bytes`; nil for empty, year-0001 or malformed text.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        let n = bytes.count
        guard n >= 20 else { return nil }
        func digit(_ i: Int) -> Int64? {
            let c = bytes[i]
            return c >= 48 && c <= 57 ? Int64(c - 48) : nil
        }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in from..<(from + count) {
                guard let d = digit(i) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
            let day = number(8, 2), bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
            let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58,
            let second = number(17, 2)
        else { return nil }
        guard year > 1, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        var digits = 0
        if i < n, bytes[i] == 46 {
            i += 1
            while i < n, let d = digit(i) {
                if digits < 6 { fraction = fraction * 10 + d }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { fraction *= 10 }
        }
        guard i < n else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[i] {
        case 90, 122:
            i += 1
        case 43, 45:
            guard i + 6 <= n, let oh = number(i + 1, 2), bytes[i + 3] == 58, let om = number(i + 4, 2) else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (bytes[i] == 45 ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(micros: total * 1_000_000 + fraction, fractionDigits: min(digits, 9))
    }

    /// Parses RFC 3339 text; nil when unset or malformed.
    public static func parse(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// UTC text: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with the source's fractional digits.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTC text written into a stack buffer (no allocation).
    public func withText<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civilFromDays(days)
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var n = 0
            func put(_ value: Int64, width: Int) {
                var v = value
                for i in stride(from: n + width - 1, through: n, by: -1) {
                    buffer[i] = UInt8(48 + v % 10)
                    v /= 10
                }
                n += width
            }
            func put(byte: UInt8) {
                buffer[n] = byte
                n += 1
            }
            // Years past 9999 (computed, never parsed) keep all their digits, not the last four.
            put(year, width: year > 9999 ? String(year).count : 4); put(byte: 45)
            put(month, width: 2); put(byte: 45)
            put(day, width: 2); put(byte: 84)
            put(rest / 3600, width: 2); put(byte: 58)
            put(rest % 3600 / 60, width: 2); put(byte: 58)
            put(rest % 60, width: 2)
            if fractionDigits > 0 {
                put(byte: 46)
                let shown = min(fractionDigits, 6)
                var scaled = fraction
                for _ in shown..<6 { scaled /= 10 }
                put(scaled, width: shown)
                for _ in 6..<max(fractionDigits, 6) { put(byte: 48) }
            }
            put(byte: 90)
            return try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }
}
