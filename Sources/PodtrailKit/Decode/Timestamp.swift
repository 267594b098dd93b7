/// A point in time from a Kubernetes object, kept with the precision its source had.
///
/// Parses RFC 3339 (`2026-11-27T02:00:00Z`, `…00.678299Z`, `…00.123456789+02:00`); `null`,
/// `""` and any year-0001 value mean unset and parse to nil. Stored as UTC text with the
/// source's fractional digits, nanoseconds included.
///
/// A text that names no real instant parses to nil, as a missing time does (the field is
/// unknown, the record is kept): a day past its month's end (`2026-02-30`, `2025-02-29`), an
/// offset beyond ±23:59 (RFC 3339's `time-numoffset`), or an instant outside the years
/// 0001–9999 once in UTC (the text form has four year digits). Fractions beyond nine digits
/// are cut to nanoseconds, as Go's `time.Parse` does. SQL compares stored times with
/// `julianday()`, which resolves milliseconds: times less than 1 ms apart tie there (ties are
/// settled by row id), while `Timestamp` itself orders by nanosecond.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var micros: Int64
    /// Nanoseconds past `micros` (0 … 999), from a source with 7 to 9 fractional digits.
    public var nanos: Int
    /// How many fractional-second digits the source had (0 … 9).
    public var fractionDigits: Int

    /// Creates a timestamp from microseconds since the epoch (and nanoseconds past them).
    public init(micros: Int64, nanos: Int = 0, fractionDigits: Int = 0) {
        self.micros = micros
        self.nanos = nanos
        self.fractionDigits = fractionDigits
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.micros != rhs.micros ? lhs.micros < rhs.micros : lhs.nanos < rhs.nanos
    }

    /// The first and last instants the text form can hold: 0001-01-01T00:00:00Z and
    /// 9999-12-31T23:59:59.999999Z, in microseconds since the epoch.
    static let representable: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    /// Seconds since the epoch.
    public var seconds: Double { Double(micros) / 1_000_000 }

    /// Adds whole seconds; nil when the result leaves the years 0001–9999 (never an
    /// arithmetic overflow, whatever `seconds` a record holds).
    public func adding(seconds: Int64) -> Timestamp? {
        let (delta, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        let (sum, overflowSum) = micros.addingReportingOverflow(delta)
        guard !overflow, !overflowSum, Self.representable.contains(sum) else { return nil }
        return Timestamp(micros: sum, nanos: nanos, fractionDigits: fractionDigits)
    }

    /// Parses RFC 3339 text held in `bytes`; nil for empty, year-0001, malformed or impossible
    /// text (see the type's summary). Cost: linear in the text, at most 9 fraction digits kept.
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
        guard year > 1, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        var digits = 0
        if i < n, bytes[i] == 46 {
            i += 1
            while i < n, let d = digit(i) {
                if digits < 9 { fraction = fraction * 10 + d }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { fraction *= 10 }
        }
        guard i < n else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[i] {
        case 90, 122:
            i += 1
        case 43, 45:
            guard i + 6 <= n, let oh = number(i + 1, 2), bytes[i + 3] == 58, let om = number(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (bytes[i] == 45 ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let micros = total * 1_000_000 + fraction / 1000
        guard representable.contains(micros) else { return nil }
        return Timestamp(micros: micros, nanos: Int(fraction % 1000), fractionDigits: min(digits, 9))
    }

    /// Days in `month` of `year` (proleptic Gregorian: February has 29 in years divisible by 4,
    /// except centuries not divisible by 400).
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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
                let shown = min(fractionDigits, 9)
                var scaled = fraction * 1000 + Int64(nanos)
                for _ in shown..<9 { scaled /= 10 }
                put(scaled, width: shown)
            }
            put(byte: 90)
            return try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    package static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
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
