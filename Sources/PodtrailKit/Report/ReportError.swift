/// Why a report could not be made.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    /// An analysis view lacks a column the report reads.
    case viewMismatch(view: String, column: String)
    /// An output could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .viewMismatch(let view, let column):
            "the analysis view \(view) has no column \(column): the database's views and this podtrail disagree; reopen it with this podtrail's ingest to reinstall them."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)."
        }
    }
}
