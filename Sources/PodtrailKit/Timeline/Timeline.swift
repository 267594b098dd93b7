/// What a timeline shows: the scope, the time window and the row filters.
public struct TimelineOptions: Sendable, Equatable {
    /// Which pods.
    public var scope: TimelineScope
    /// Rows outside this window are dropped (elapsed times still count from the pod's first row).
    public var window: TimeWindow
    /// Only this cluster, or every cluster when nil.
    public var cluster: String?
    /// Only rows with one of these reasons (case-insensitive); every row when empty.
    public var reasons: Set<String>
    /// Only Warning events, failed terminations, troubled statuses and node trouble.
    public var warningsOnly: Bool
    /// The most rows shown (at least 1); the timeline stops before the rows past it and says
    /// so (`Timeline.truncation`).
    public var limit: Int

    /// The default `limit`.
    public static let defaultLimit = 10_000

    /// Creates options; only the scope is required.
    public init(scope: TimelineScope, window: TimeWindow = .unbounded, cluster: String? = nil,
                reasons: Set<String> = [], warningsOnly: Bool = false, limit: Int = TimelineOptions.defaultLimit) {
        self.scope = scope
        self.window = window
        self.cluster = cluster
        self.reasons = Set(reasons.map { $0.lowercased() })
        self.warningsOnly = warningsOnly
        self.limit = max(1, limit)
    }
}

/// A post-mortem timeline: one ordered stream of lifecycle points, events, status changes and
/// container terminations for one pod or every pod of a namespace, node or workload.
///
/// Rows are ordered by second, then, within one second, by their place in a pod's start-up
/// (`startupRank`: created, FailedScheduling, Scheduled, Pulling, Pulled, Created, Started, then
/// every other row), then by instant (microseconds, never by text), then by source (pod
/// lifecycle, termination, status, event, node). Why the start-up order first: the old event
/// recorder (the kubelet's Pulling … Started) and pod objects write whole seconds, which stand
/// for any instant of that second, while the scheduler's events carry microseconds; ordered by
/// instant, a kubelet's `Pulling` at 04:43:19 would come before the `Scheduled` at
/// 04:43:19.191283 that caused it (a real capture does exactly this). Elapsed times count from
/// the first row of the row's pod, before the window filter; gaps count from the previous row
/// shown (0 for a whole-second row after a microsecond row of its second).
public struct Timeline: Sendable {
    /// The options the timeline was built with.
    public var options: TimelineOptions
    /// The pods shown (one for a pod scope).
    public var pods: [TimelinePod]
    /// For a pod scope: the other pods that had the same `namespace/name`, most recent first.
    public var otherPods: [TimelinePod]
    /// For a pod scope: the header with lifecycle times and phase durations.
    public var summary: TimelineSummary?
    /// For a pod scope: the intervals of the phase chart, clipped to the window.
    public var phases: [TimelinePhase]
    /// The rows, ordered.
    public var rows: [TimelineRow]
    /// Set when the timeline stopped at `options.limit` rows.
    public var truncation: TimelineTruncation?
    /// Rows read from the database to build the timeline (what memory and time are bounded by).
    public var rowsRead: Int
    /// The most rows held at once before they were handed over (`stream` writes the settled
    /// rows as it goes; `init(database:options:)` holds them all).
    public var mostRowsHeld = 0

    /// Builds the timeline of `options.scope` from `database`.
    ///
    /// Bounded: the window is pushed into every query and each query reads at most
    /// `options.limit + 1` rows (`TimelineFetch`), so memory is bounded by the limit (per pod and
    /// row kind, plus one carried-in row per container), never by a pod's history. Elapsed times
    /// and the phase chart still count from the pod's whole history: its first and last
    /// instants, the status run and container states the window starts in, and the image
    /// pulls under way, come from bounded queries (`TimelinePodRows.bounds`, `carriedStatus`).
    /// At most `options.limit` rows are shown; past it the timeline stops at an instant and
    /// says how many rows it left out (`truncation`).
    ///
    /// - Throws: `TimelineError` when nothing matches the scope, or SQLite errors.
    public init(database: Database, options: TimelineOptions) throws {
        var shown: [TimelineRow] = []
        try self.init(database: database, options: options, streams: false, header: { _ in }, row: { shown.append($0) })
        self.rows = shown
    }

    /// Builds the timeline of `options.scope` and hands over its rows as they are settled:
    /// `header` once, before the first row (or at the end when no row is shown), then `row` for
    /// each row shown, in order. The returned timeline holds no rows (they went to `row`), only
    /// what is known at the end: `truncation`, `pods`, `rowsRead`.
    ///
    /// A node's, namespace's or workload's pods are read in the order of their first instant
    /// (`pod_spans`), so the rows of every second before the next pod's first instant are
    /// final: they are written before the next pod is read, and the output of a long window
    /// starts at once, holding at most one limit's rows whatever the window. The rows, their
    /// order, gaps and the truncation are those of `init(database:options:)` (one code path).
    public static func stream(database: Database, options: TimelineOptions, header: (TimelineHeader) throws -> Void,
                              row: (TimelineRow) throws -> Void) throws -> Timeline {
        try Timeline(database: database, options: options, streams: true, header: header, row: row)
    }

    /// The one builder behind `init(database:options:)` and `stream`; `streams` false holds every
    /// row to the end (the tests compare both).
    init(database: Database, options: TimelineOptions, streams: Bool, header: (TimelineHeader) throws -> Void,
         row emit: (TimelineRow) throws -> Void) throws {
        // A timeline reads by index, a few pages per pod: a 16 MB page cache, not the 64 MB a
        // database opens with for reports (a day's window held 115 MB with it, 100 MB is the budget).
        let cacheSize = try database.connection.scalar("PRAGMA cache_size").int ?? -2000
        try database.connection.execute("PRAGMA cache_size = -16384")
        defer { try? database.connection.execute("PRAGMA cache_size = \(cacheSize)") }
        let store = TimelineStore(connection: database.connection)
        let (pods, others, exists) = try TimelinePodQuery(store: store).pods(options.scope, cluster: options.cluster, window: options.window)
        let podRows = TimelinePodRows(store: store, readsSpans: try TimelinePodRows.readsSpans(store))
        let context = TimelineContextRows(store: store)
        var fetch = TimelineFetch(window: options.window, cap: options.limit + 1)
        // Every pod's first and last instants first (one `pod_spans` row each): the pods are read
        // in the order of their first instant, and a namespace's node rows need every span.
        var spans: [String: (begin: Timestamp, end: Timestamp)] = [:]
        var ordered: [(pod: TimelinePod, begin: Timestamp, last: Timestamp)] = []
        for pod in pods {
            let bounds = try podRows.bounds(of: pod)
            guard let begin = bounds.begin, let last = bounds.last else { continue }
            spans[pod.uid] = (begin, pod.deletedAt ?? last)
            ordered.append((pod, begin, last))
        }
        ordered = ordered.enumerated().sorted { ($0.element.begin, $0.offset) < ($1.element.begin, $1.offset) }.map(\.element)
        var output = TimelineOutput(options: options, header: TimelineHeader(options: options, otherPods: others))
        var held = try Self.contextRows(options, pods: pods, spans: spans, context: context, fetch: &fetch)
            .filter { Self.isShown($0, options: options) }
        var mostHeld = held.count
        for (pod, begin, last) in ordered {
            // Every row still to be read is at or after this pod's first instant: the seconds
            // before it are settled.
            if streams, !options.scope.isSinglePod { try output.settle(&held, before: Self.second(begin), fetch: fetch, emit: emit, header: header) }
            var rows = try podRows.rows(of: pod, fetch: &fetch)
            let end = pod.deletedAt ?? last
            if options.scope.isSinglePod, let node = pod.node {
                rows += try context.nodeEvents(node: node, cluster: pod.cluster, begin: begin, end: end, allReasons: false, fetch: &fetch)
            }
            for index in rows.indices { rows[index].elapsed = TimelineDuration.seconds(from: begin, to: rows[index].time) }
            if options.scope.isSinglePod {
                var charted = pod
                if charted.startedAt == nil, options.window.since != nil { charted.startedAt = try podRows.firstRun(pod) }
                let pulls = try podRows.pullsUnderWay(pod, since: options.window.since)
                output.header.phases = TimelinePhase.phases(of: charted, rows: rows + pulls, end: end).compactMap { $0.clipped(to: options.window) }
                output.header.summary = try TimelineSummary(pod: pod, begin: begin, last: last, store: store)
            }
            // Only rows that will be shown count towards the limit: a pod's milestones before the
            // window (its creation a month earlier) must not make the cut.
            held += rows.filter { Self.isShown($0, options: options) }
            mostHeld = max(mostHeld, held.count)
            if output.written + held.count > 2 * options.limit { Self.cut(&held, at: options.limit - output.written, fetch: &fetch) }
        }
        if !exists && output.written == 0 && held.isEmpty { throw TimelineError.notFound(options.scope.title) }
        self.options = options
        self.otherPods = others
        self.summary = output.header.summary
        self.phases = output.header.phases
        self.truncation = try output.finish(held, fetch: &fetch, emit: emit, header: header)
        self.rows = []
        self.rowsRead = store.counter.rows
        self.mostRowsHeld = mostHeld
        let shown = output.pods
        self.pods = options.scope.isSinglePod ? pods : pods.filter { shown.contains($0.uid) }
    }

    /// Drops the rows from the `(limit + 1)`-th earliest on, counting them as not read and
    /// making their instant the fetch's cut: across many pods, rows held stay under
    /// `2 × limit` plus one pod's.
    /// `limit` counts from the rows still held (the rows written are all earlier).
    private static func cut(_ rows: inout [TimelineRow], at limit: Int, fetch: inout TimelineFetch) {
        let times = rows.map(\.time).sorted()
        let cut = min(times[limit], fetch.cut ?? times[limit])
        let kept = rows.filter { $0.time < cut }
        fetch.notRead += rows.count - kept.count
        fetch.cut = cut
        rows = kept
    }

    /// The first instant not shown when `rows` (arranged) hold more than `limit`: the start of
    /// the second of the first row past the limit, so that a second is shown whole (rows of
    /// one second are ordered by start-up rank, not instant), or that row's own instant when
    /// the limit falls inside the first second shown.
    /// `written`: rows already written before `rows` (all of earlier seconds).
    static func limitCut(_ rows: [TimelineRow], limit: Int, written: Int = 0) -> Timestamp {
        let first = rows[limit - written].time
        let second = Timestamp(micros: Self.second(first) * 1_000_000)
        return written > 0 || rows.prefix(limit - written).contains { $0.time < second } ? second : first
    }

    /// Node and controller rows of multi-pod scopes.
    private static func contextRows(_ options: TimelineOptions, pods: [TimelinePod], spans: [String: (begin: Timestamp, end: Timestamp)],
                                    context: TimelineContextRows, fetch: inout TimelineFetch) throws -> [TimelineRow] {
        switch options.scope {
        case .pod, .uid:
            return []
        case .node(let node):
            return try context.nodeEvents(node: node, cluster: options.cluster, begin: nil, end: nil, allReasons: true, fetch: &fetch)
        case .namespace(let namespace), .workload(let namespace, _):
            var workload: String?
            if case .workload(_, let name) = options.scope { workload = name }
            var rows = try context.objectEvents(namespace: namespace, workload: workload, cluster: options.cluster, fetch: &fetch)
            let byNode = Dictionary(grouping: pods.filter { $0.node != nil && spans[$0.uid] != nil }, by: { $0.node! })
            for (node, onNode) in byNode.sorted(by: { $0.key < $1.key }) {
                let begin = onNode.compactMap { spans[$0.uid]?.begin }.min()
                let end = onNode.compactMap { spans[$0.uid]?.end }.max()
                rows += try context.nodeEvents(node: node, cluster: options.cluster, begin: begin, end: end, allReasons: false, fetch: &fetch)
            }
            return rows
        }
    }

    /// The whole second holding `time` (seconds since the epoch, rounded down).
    static func second(_ time: Timestamp) -> Int64 {
        time.micros >= 0 ? time.micros / 1_000_000 : (time.micros + 1) / 1_000_000 - 1
    }

    /// A row's place in a pod's start-up, the order of rows that share one second: the pod's
    /// creation, the scheduler's FailedScheduling and Scheduled, then the kubelet's Pulling,
    /// Pulled, Created, Started (`pkg/kubelet/kuberuntime`'s order for each container) and the
    /// first container running; every other row after them.
    static func startupRank(_ row: TimelineRow) -> Int {
        switch (row.source, row.reason) {
        case (.pod, "Created"): 0
        case (.event, "FailedScheduling"): 1
        case (.pod, "Scheduled"), (.event, "Scheduled"): 2
        case (.event, "Pulling"): 3
        case (.event, "Pulled"): 4
        case (.event, "Created"): 5
        case (.event, "Started"), (.pod, "Started"): 6
        default: 7
        }
    }

    /// Orders, filters by window, reason and severity, and fills in the gaps.
    /// True when `row` is shown: it touches the window and passes `--reasons` and `--warnings-only`.
    static func isShown(_ row: TimelineRow, options: TimelineOptions) -> Bool {
        options.window.overlaps(start: row.firstSeen, end: row.lastSeen)
            && (options.reasons.isEmpty || options.reasons.contains(row.reason.lowercased()))
            && (!options.warningsOnly || row.isWarning)
    }

    /// `previous`: the row shown just before these (the first row's gap counts from it).
    static func arrange(_ rows: [TimelineRow], options: TimelineOptions, after previous: TimelineRow? = nil) -> [TimelineRow] {
        let ordered = rows.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            let (second, other) = (Self.second(a.time), Self.second(b.time))
            if second != other { return second < other }
            let (rank, otherRank) = (Self.startupRank(a), Self.startupRank(b))
            if rank != otherRank { return rank < otherRank }
            if a.time != b.time { return a.time < b.time }
            if a.source != b.source { return a.source < b.source }
            if a.pod != b.pod { return a.pod < b.pod }
            return lhs.offset < rhs.offset
        }.map(\.element)
        var kept = ordered.filter { isShown($0, options: options) }
        if let previous, !kept.isEmpty { kept[0].gap = max(0, TimelineDuration.seconds(from: previous.time, to: kept[0].time)) }
        for index in kept.indices.dropFirst() {
            // A whole-second row after a microsecond one of its second: no measurable gap.
            kept[index].gap = max(0, TimelineDuration.seconds(from: kept[index - 1].time, to: kept[index].time))
        }
        return kept
    }
}
