import PodtrailKit
/// Simulated time: whole seconds and microseconds since the Unix epoch, formatted as Kubernetes
/// writes them, without Foundation or the wall clock.
enum SimTime {
    /// `2026-11-27T00:00:00Z`: the default start of a simulation.
    static let defaultStart: Int64 = 1_795_737_600

    /// RFC 3339 with whole seconds (`metav1.Time`): `2026-11-27T02:00:00Z`.
    static func iso(_ seconds: Int64) -> String {
        let (date, time) = civil(seconds)
        return date + "T" + time + "Z"
    }

    /// Appends `iso(seconds)` as UTF-8 bytes without building strings.
    static func appendISO(_ seconds: Int64, to bytes: inout [UInt8]) {
        let (year, month, day, rest) = fields(seconds)
        func two(_ value: Int) {
            bytes.append(UInt8(48 + value / 10))
            bytes.append(UInt8(48 + value % 10))
        }
        two(year / 100)
        two(year % 100)
        bytes.append(45)
        two(month)
        bytes.append(45)
        two(day)
        bytes.append(84)
        two(rest / 3600)
        bytes.append(58)
        two(rest / 60 % 60)
        bytes.append(58)
        two(rest % 60)
        bytes.append(90)
    }

    /// RFC 3339 with exactly six fractional digits (`metav1.MicroTime`).
    static func isoMicro(_ micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = Int(micros - seconds * 1_000_000)
        let (date, time) = civil(seconds)
        return date + "T" + time + "." + pad(fraction, 6) + "Z"
    }

    /// `YYYYMMDD-HH` of the hour holding `seconds`, for archive file names.
    static func hourStamp(_ seconds: Int64) -> String {
        let (date, time) = civil(seconds)
        return String(date.filter { $0 != "-" }) + "-" + String(time.prefix(2))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (the `--start` option); nil when malformed.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58,
            bytes[16] == 58, bytes[19] == 90
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        return Timestamp.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Go's `time.Duration.String()` for a duration in milliseconds (`850ms`, `2.345s`, `1m3.2s`).
    static func goDuration(milliseconds ms: Int64) -> String {
        if ms == 0 { return "0s" }
        if ms < 1000 { return "\(ms)ms" }
        let hours = ms / 3_600_000
        let minutes = (ms / 60_000) % 60
        let secondsPart = ms % 60_000
        var seconds = String(secondsPart / 1000)
        let fraction = secondsPart % 1000
        if fraction != 0 {
            var digits = pad(Int(fraction), 3)
            while digits.hasSuffix("0") { digits.removeLast() }
            seconds += "." + digits
        }
        if hours > 0 { return "\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(minutes)m\(seconds)s" }
        return seconds + "s"
    }

    private static func civil(_ seconds: Int64) -> (String, String) {
        let (year, month, day, rest) = fields(seconds)
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        let time = pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2)
        return (date, time)
    }

    /// Year, month, day and seconds into the day (the calendar of `Timestamp`).
    private static func fields(_ seconds: Int64) -> (Int, Int, Int, Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = Timestamp.civilFromDays(days)
        return (Int(year), Int(month), Int(day), Int(seconds - days * 86_400))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension JSONWriter {
    /// `"name": "2026-11-27T02:00:00Z"`.
    mutating func time(_ name: String, _ seconds: Int64) {
        key(name)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        text.reserveCapacity(22)
        SimTime.appendISO(seconds, to: &text)
        text.append(UInt8(ascii: "\""))
        raw(text)
    }
}
