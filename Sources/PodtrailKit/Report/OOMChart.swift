/// The "OOM kills per hour" bar chart (per day when the span is longer than 72 hours).
enum OOMChart {
    /// Hourly or daily buckets from the window's start (or the first kill) to its end (or the
    /// last kill), as a Mermaid `xychart-beta` block; empty when more than 120 bars would be needed.
    static func chart(_ kills: [Timestamp], window: TimeWindow) -> String {
        guard let first = kills.min(), let last = kills.max() else { return "" }
        let hour: Int64 = 3_600_000_000
        let start = window.since ?? first
        let end = window.until ?? Timestamp(micros: last.micros + 1)
        var size = hour
        if end.micros - start.micros > 72 * hour { size = 24 * hour }
        let origin = floor(start.micros, size)
        let count = Int((end.micros - 1 - origin) / size) + 1
        guard count > 0, count <= 120 else { return "" }
        var values = Array(repeating: 0, count: count)
        for kill in kills {
            let index = Int((floor(kill.micros, size) - origin) / size)
            if values.indices.contains(index) { values[index] += 1 }
        }
        let labels = (0..<count).map { index -> String in
            let text = Timestamp(micros: origin + Int64(index) * size).description
            return size == hour ? String(text.dropFirst(5).prefix(8)).replacingOccurrences(of: "T", with: " ") + "h" : String(text.prefix(10))
        }
        let unit = size == hour ? "hour" : "day"
        return Markdown.barChart(title: "Container OOM kills per \(unit) (UTC)", xLabels: labels, yLabel: "OOM kills", values: values) + "\n"
    }

    /// `micros` rounded down to a multiple of `size` (correct for times before 1970 too).
    private static func floor(_ micros: Int64, _ size: Int64) -> Int64 {
        let remainder = micros % size
        return remainder < 0 ? micros - remainder - size : micros - remainder
    }
}
