/// What a machine-readable timeline writes before its rows: the scope and window, and for one
/// pod its summary, the other pods of its name and its phase chart.
public struct TimelineHeader: Sendable {
    /// The options the timeline is built with.
    public var options: TimelineOptions
    /// For a pod scope: the header with lifecycle times and phase durations.
    public var summary: TimelineSummary?
    /// For a pod scope: the other pods that had the same `namespace/name`.
    public var otherPods: [TimelinePod]
    /// For a pod scope: the intervals of the phase chart, clipped to the window.
    public var phases: [TimelinePhase]

    /// Creates a header.
    public init(options: TimelineOptions, summary: TimelineSummary? = nil, otherPods: [TimelinePod] = [], phases: [TimelinePhase] = []) {
        self.options = options
        self.summary = summary
        self.otherPods = otherPods
        self.phases = phases
    }

    /// The header of a built timeline.
    public init(_ timeline: Timeline) {
        self.init(options: timeline.options, summary: timeline.summary, otherPods: timeline.otherPods, phases: timeline.phases)
    }
}

/// The rows a timeline has handed over, in order: what settles the rows held (arranged, gaps
/// counted from the last row written) and the limit and truncation at the end.
struct TimelineOutput {
    let options: TimelineOptions
    /// Written before the first row (or at the end when no row is shown).
    var header: TimelineHeader
    /// Rows written so far.
    private(set) var written = 0
    /// The uids of the pods of the rows written.
    private(set) var pods: Set<String> = []
    /// The last row written.
    private var last: TimelineRow?
    private var headerWritten = false

    init(options: TimelineOptions, header: TimelineHeader) {
        self.options = options
        self.header = header
    }

    /// Writes the held rows of the seconds before `second` that lie before the fetch's cut,
    /// unless they would take the timeline past its limit (then everything waits for
    /// `finish`, which cuts as the whole timeline would).
    ///
    /// Why this is exact: every row still to be read lies at or after `second` (the caller's
    /// next pod begins there) and every later cut lies after the rows written (a cut is the
    /// instant of a row not yet written), so these rows' places, gaps and fate are final.
    mutating func settle(_ held: inout [TimelineRow], before second: Int64, fetch: TimelineFetch,
                         emit: (TimelineRow) throws -> Void, header: (TimelineHeader) throws -> Void) throws {
        func settled(_ row: TimelineRow) -> Bool { Timeline.second(row.time) < second && fetch.cut.map { row.time < $0 } ?? true }
        let ready = held.filter(settled)
        guard !ready.isEmpty, written + ready.count <= options.limit else { return }
        held.removeAll(where: settled)
        try write(Timeline.arrange(ready, options: options, after: last), emit: emit, header: header)
    }

    /// Writes what is left of `held`: drops the rows at or after the fetch's cut, arranges the
    /// rest and stops at the limit (`Timeline.limitCut`), counting what it left out. Writes the
    /// header when no row was written. Returns the truncation, if any.
    mutating func finish(_ held: [TimelineRow], fetch: inout TimelineFetch, emit: (TimelineRow) throws -> Void,
                         header: (TimelineHeader) throws -> Void) throws -> TimelineTruncation? {
        var held = held
        var leftOut = fetch.notRead
        if let cut = fetch.cut {
            let kept = held.filter { $0.time < cut }
            leftOut += Timeline.arrange(held.filter { !($0.time < cut) }, options: options).count
            held = kept
        }
        var arranged = Timeline.arrange(held, options: options, after: last)
        if written + arranged.count > options.limit {
            let cut = Timeline.limitCut(arranged, limit: options.limit, written: written)
            let kept = arranged.prefix { $0.time < cut }
            leftOut += arranged.count - kept.count
            arranged = Array(kept)
            fetch.cut = min(fetch.cut ?? cut, cut)
        }
        try write(arranged, emit: emit, header: header)
        if !headerWritten { try header(self.header) }
        headerWritten = true
        return fetch.cut.map { TimelineTruncation(from: $0, leftOut: leftOut, limit: options.limit) }
    }

    private mutating func write(_ rows: [TimelineRow], emit: (TimelineRow) throws -> Void, header: (TimelineHeader) throws -> Void) throws {
        guard !rows.isEmpty else { return }
        if !headerWritten { try header(self.header) }
        headerWritten = true
        for row in rows {
            try emit(row)
            pods.insert(row.podUID)
        }
        written += rows.count
        last = rows.last
    }
}
