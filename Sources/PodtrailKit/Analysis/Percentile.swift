/// Exact percentiles by the nearest-rank method.
///
/// For `n` values sorted ascending, the p-th percentile is the value at rank `ceil(p/100 × n)`
/// (1-based): always one of the observed values, never interpolated. With 10 values, p50 is
/// the 5th, p90 the 9th and p99 the 10th.
public enum Percentile {
    /// The p-th percentile (0 < p ≤ 100) of `sorted` (ascending), nil when empty.
    public static func nearestRank(_ p: Double, of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
