/// What a report takes from `status_durations` for its window, folded row by row as the rows
/// are read (a week has two million): each status's total seconds and pods for report.md, and
/// the text of status_durations.csv.
struct StatusTotals {
    /// Total seconds per displayed status.
    private(set) var seconds: [String: Double] = [:]
    /// Pods per displayed status: the view has one row per pod and status, so its rows.
    private(set) var pods: [String: Int] = [:]
    /// status_durations.csv, when asked for.
    private(set) var csv: CSVWriter?

    private static let status = ReportColumns.statusDurations.firstIndex(of: "status")!
    private static let secondsColumn = ReportColumns.statusDurations.firstIndex(of: "seconds")!

    init(keepingCSV: Bool) {
        csv = keepingCSV ? CSVWriter(header: ReportColumns.statusDurations) : nil
    }

    /// Adds one row, its values in `ReportColumns.statusDurations` order.
    mutating func add(_ values: [SQLValue]) {
        let status = values[Self.status].string ?? ""
        seconds[status, default: 0] += values[Self.secondsColumn].double ?? 0
        pods[status, default: 0] += 1
        csv?.append(values)
    }

    /// The CSV text added since the last call (the header first), leaving none held: for
    /// writing status_durations.csv to its file as the rows are read.
    mutating func takeCSVText() -> String {
        csv?.takeText() ?? ""
    }

    /// UTF-8 bytes of CSV text held.
    var heldCSVBytes: Int { csv?.text.utf8.count ?? 0 }
}
