/// Kubernetes resource quantities (`512Mi`, `1G`, `100m`, `0.5`, `1e3`) as numbers.
public enum Quantity {
    /// The largest memory quantity kept, in bytes: 9e18 (just under 8 EiB, Int64's limit).
    public static let maximumBytes = 9_000_000_000_000_000_000
    /// The largest CPU quantity kept, in millicores: 9e18 (9e15 cores).
    public static let maximumMillicores = 9_000_000_000_000_000_000

    /// The quantity's value in base units (bytes for memory, cores for CPU); nil when malformed
    /// or not a finite number (`1e308Ei`, `nan`, 400 digits).
    public static func value(_ text: String) -> Double? {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
            ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
            ("P", 1e15), ("E", 1e18),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var number = Substring(trimmed)
        var multiplier = 1.0
        if let (suffix, factor) = suffixes.first(where: { trimmed.hasSuffix($0.0) }) {
            number = number.dropLast(suffix.count)
            multiplier = factor
        }
        guard let value = Double(number), value.isFinite, (value * multiplier).isFinite else { return nil }
        return value * multiplier
    }

    /// A memory quantity in whole bytes (rounded up, as Kubernetes does), or nil when malformed,
    /// negative or above `maximumBytes`.
    public static func bytes(_ text: String?) -> Int? {
        guard let text, let value = value(text), value >= 0, value <= Double(maximumBytes) else { return nil }
        return Int(value.rounded(.up))
    }

    /// A CPU quantity in millicores (rounded up), or nil when malformed, negative or above
    /// `maximumMillicores`.
    public static func millicores(_ text: String?) -> Int? {
        guard let text, let value = value(text), value >= 0, value * 1000 <= Double(maximumMillicores) else { return nil }
        return Int((value * 1000).rounded(.up))
    }
}

import Foundation
