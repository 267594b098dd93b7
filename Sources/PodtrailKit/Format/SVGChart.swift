import Foundation

/// The Mermaid charts podtrail writes (`Markdown.pie`, `Markdown.barChart`) drawn as inline SVG,
/// for report.html: no script and no fetch draws them. A block of another kind gives nil.
public enum SVGChart {
    /// The SVG of a Mermaid block (its lines, without the fences); `id` keeps ids unique in a page.
    public static func svg(mermaid lines: [String], id: Int) -> String? {
        let trimmed = lines.map { $0.trimmingSpaces() }
        switch trimmed.first {
        case "pie showData", "pie": return pie(trimmed.dropFirst(), id: id)
        case "xychart-beta": return bars(trimmed.dropFirst(), id: id)
        default: return nil
        }
    }

    /// The ten colours slices and bars take, in turn.
    static let colours = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// A pie: `title T` and `"label" : value` lines; a legend with each value and its share.
    static func pie(_ lines: ArraySlice<String>, id: Int) -> String? {
        var title = ""
        var slices: [(label: String, value: Double)] = []
        for line in lines {
            if line.hasPrefix("title ") {
                title = String(line.dropFirst(6))
            } else if line.hasPrefix("\""), let close = line.dropFirst().firstIndex(of: "\""),
                let value = Double(line[line.index(after: close)...].drop { $0 == " " || $0 == ":" })
            {
                slices.append((String(line[line.index(after: line.startIndex)..<close]), value))
            }
        }
        let total = slices.reduce(0) { $0 + $1.value }
        guard total > 0 else { return nil }
        let height = max(220, 40 + 22 * slices.count)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pie\" id=\"chart-\(id)\" width=\"560\" height=\"\(height)\" viewBox=\"0 0 560 \(height)\" role=\"img\" aria-label=\"\(MarkdownHTML.escape(title))\">"
        svg += "<title>\(MarkdownHTML.escape(title))</title>"
        svg += "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"600\">\(MarkdownHTML.escape(title))</text>"
        let (cx, cy, r) = (110.0, 125.0, 90.0)
        var angle = -Double.pi / 2
        for (index, slice) in slices.enumerated() {
            let colour = colours[index % colours.count]
            let share = slice.value / total
            let tip = "<title>\(MarkdownHTML.escape(slice.label)): \(number(slice.value))</title>"
            if share >= 1 {
                svg += "<circle class=\"slice\" cx=\"\(number(cx))\" cy=\"\(number(cy))\" r=\"\(number(r))\" fill=\"\(colour)\">\(tip)</circle>"
            } else if share > 0 {
                let end = angle + share * 2 * Double.pi
                let large = share > 0.5 ? 1 : 0
                svg += "<path class=\"slice\" d=\"M\(number(cx)) \(number(cy)) L\(point(cx, cy, r, angle)) A\(number(r)) \(number(r)) 0 \(large) 1 \(point(cx, cy, r, end)) Z\" fill=\"\(colour)\" stroke=\"#fff\">\(tip)</path>"
                angle = end
            }
            let y = 50 + 22 * index
            svg += "<rect x=\"230\" y=\"\(y - 11)\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
            svg += "<text x=\"248\" y=\"\(y)\" font-size=\"13\">\(MarkdownHTML.escape(slice.label)) — \(number(slice.value)) (\(String(format: "%.0f", share * 100))%)</text>"
        }
        return svg + "</svg>"
    }

    /// A bar chart: `title "T"`, `x-axis ["a", …]`, `y-axis "label" 0 --> top`, `bar [n, …]`.
    static func bars(_ lines: ArraySlice<String>, id: Int) -> String? {
        var title = ""
        var labels: [String] = []
        var yLabel = ""
        var values: [Double] = []
        for line in lines {
            if line.hasPrefix("title ") {
                title = unquote(String(line.dropFirst(6)))
            } else if line.hasPrefix("x-axis [") {
                labels = list(line).map(unquote)
            } else if line.hasPrefix("y-axis ") {
                let rest = line.dropFirst(7)
                if rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") {
                    yLabel = String(rest[rest.index(after: rest.startIndex)..<close])
                }
            } else if line.hasPrefix("bar [") {
                values = list(line).compactMap { Double($0) }
            }
        }
        guard !values.isEmpty else { return nil }
        let top = max(1, values.max() ?? 1)
        let (left, right, plotTop, plotHeight) = (50.0, 20.0, 40.0, 180.0)
        let step = max(8.0, min(40.0, 700.0 / Double(values.count)))
        let width = left + right + step * Double(values.count)
        let height = plotTop + plotHeight + 70
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" id=\"chart-\(id)\" width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(MarkdownHTML.escape(title))\">"
        svg += "<title>\(MarkdownHTML.escape(title))</title>"
        svg += "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"600\">\(MarkdownHTML.escape(title))</text>"
        let base = plotTop + plotHeight
        for tick in [0.0, top / 2, top] {
            let y = base - plotHeight * tick / top
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(width - right))\" y2=\"\(number(y))\" stroke=\"#d0d7de\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" font-size=\"11\" text-anchor=\"end\">\(number(tick))</text>"
        }
        svg += "<text x=\"12\" y=\"\(number(plotTop + plotHeight / 2))\" font-size=\"11\" transform=\"rotate(-90 12 \(number(plotTop + plotHeight / 2)))\" text-anchor=\"middle\">\(MarkdownHTML.escape(yLabel))</text>"
        // At most about 24 x labels: every n-th.
        let every = max(1, (values.count + 23) / 24)
        for (index, value) in values.enumerated() {
            let x = left + step * Double(index)
            let h = plotHeight * value / top
            let label = index < labels.count ? labels[index] : ""
            svg += "<rect class=\"bar\" x=\"\(number(x + step * 0.15))\" y=\"\(number(base - h))\" width=\"\(number(step * 0.7))\" height=\"\(number(h))\" fill=\"\(colours[0])\"><title>\(MarkdownHTML.escape(label)): \(number(value))</title></rect>"
            if index % every == 0 {
                let lx = x + step / 2
                svg += "<text x=\"\(number(lx))\" y=\"\(number(base + 12))\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-45 \(number(lx)) \(number(base + 12)))\">\(MarkdownHTML.escape(label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The items of `[a, b, …]` on a line, trimmed (labels hold no comma: `Markdown.label`).
    static func list(_ line: String) -> [String] {
        guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]"), open < close else { return [] }
        return line[line.index(after: open)..<close].split(separator: ",").map { String($0).trimmingSpaces() }
    }

    /// `"text"` without its quotes.
    static func unquote(_ text: String) -> String {
        let t = text.trimmingSpaces()
        return t.count >= 2 && t.hasPrefix("\"") && t.hasSuffix("\"") ? String(t.dropFirst().dropLast()) : t
    }

    /// `x,y` of the point at `angle` on the circle.
    static func point(_ cx: Double, _ cy: Double, _ r: Double, _ angle: Double) -> String {
        "\(number(cx + r * cos(angle))) \(number(cy + r * sin(angle)))"
    }

    /// A coordinate or value with at most 2 decimals, trailing zeros dropped.
    static func number(_ value: Double) -> String {
        ReportNumber.plain((value * 100).rounded() / 100)
    }
}
