/// How long one image took to pull in a window: the kubelet's `Pulled` events of the
/// `image_pulls` view, their figures (`pull_s`, including waiting) repeated `count` times,
/// nearest-rank percentiles (`Percentile`) over the pulls that carry a figure.
struct ImagePullTime: Equatable {
    /// The image as the events name it.
    let image: String
    /// Pulls done (`Successfully pulled image ...` occurrences).
    let pulls: Int
    /// `Container image ... already present on machine` occurrences (no pull).
    let alreadyPresent: Int
    /// Pulls whose message gives a time.
    let timed: Int
    let p50: Double?
    let p90: Double?
    let p99: Double?
    let max: Double?

    /// The `image_pulls` columns read.
    static let columns = ["image", "already_present", "pull_s", "count", "first_seen"]

    /// The images of `rows` (`image_pulls` rows), in image order.
    static func times(of rows: [ReportRow]) -> [ImagePullTime] {
        var pulled: [String: (pulls: Int, present: Int, figures: [Double])] = [:]
        for row in rows {
            let image = row.text("image")
            let count = Int(Swift.max(1, row["count"].int ?? 1))
            var entry = pulled[image, default: (0, 0, [])]
            if row["already_present"].int == 1 {
                entry.present += count
            } else {
                entry.pulls += count
                if let seconds = row["pull_s"].double { entry.figures += Array(repeating: seconds, count: count) }
            }
            pulled[image] = entry
        }
        return pulled.sorted { $0.key < $1.key }.map { image, entry in
            let sorted = entry.figures.sorted()
            return ImagePullTime(
                image: image, pulls: entry.pulls, alreadyPresent: entry.present, timed: sorted.count,
                p50: Percentile.nearestRank(50, of: sorted), p90: Percentile.nearestRank(90, of: sorted),
                p99: Percentile.nearestRank(99, of: sorted), max: sorted.last)
        }
    }

    /// The row of `image_pull_times.csv` (`ReportColumns.imagePullTimes`).
    var csvRow: [SQLValue] {
        [.text(image), .integer(Int64(pulls)), .integer(Int64(alreadyPresent)), .integer(Int64(timed))]
            + [p50, p90, p99, max].map { $0.map(SQLValue.real) ?? .null }
    }
}
