/// One row read from a view, its values in the requested column order.
struct ReportRow {
    /// The values, in the order of the columns asked for.
    let values: [SQLValue]
    /// Column name → position in `values`.
    let index: [String: Int]

    /// The value of `column` (NULL when the row has no such column).
    subscript(_ column: String) -> SQLValue {
        index[column].map { values[$0] } ?? .null
    }

    /// The text of `column`, `fallback` when NULL.
    func text(_ column: String, _ fallback: String = "") -> String {
        self[column].string ?? fallback
    }
}
