/// The sections over events and pods: Warning reasons, image pull failures and pull times,
/// scheduling failures, pods never Ready, terminations. Each reads its view (defined once in
/// `Queries/`) within the scope, at the time the view documents.
extension ReportData {
    /// Fills the report's own window's sections from their views.
    mutating func readEventSections(connection: Connection, scope: ReportScope) throws {
        let reader = ViewReader(connection: connection, scope: scope)
        imagePullFailures = try reader.rows(of: "image_pull_failures", columns: ReportColumns.imagePullFailures, timeColumn: "first_seen")
        // The pulls last seen in the window (the image-pull-times query's rule), read through
        // events (reason, last_seen): a month of history costs the window's pulls, not every pull.
        imagePullTimes = try reader.rows(
            of: "image_pulls", columns: ImagePullTime.columns, timeColumn: "last_seen", splitting: [], ordered: false, textRange: true
        ).map { ImagePullTime.times(of: $0[0]) }
        schedulingFailures = try reader.rows(of: "scheduling_failures", columns: ReportColumns.schedulingFailures, timeColumn: "first_seen")
        neverReady = try reader.rows(of: "never_ready", columns: ReportColumns.neverReady, timeColumn: "created_at")
        terminations = try reader.rows(of: "terminations", columns: ReportColumns.terminations, timeColumn: "deletion_requested_at")
    }

    /// The `warning_reasons` rows over the Warning events first seen in the scope's window (the
    /// view's own SELECT run over them), nil without the views.
    static func warningReasons(connection: Connection, scope: ReportScope) throws -> [ReportRow]? {
        try ViewReader(connection: connection, scope: scope).aggregateRows(
            of: "warning_reasons", over: "warning_events", columns: ReportColumns.warningReasons, timeColumn: "first_seen")
    }
}
