import ArgumentParser
import Foundation
import PodtrailKit

extension TimelineFormat: ExpressibleByArgument {}

extension Podtrail {
    /// `podtrail timeline`: what happened to a pod (or a namespace, node, workload), in order.
    struct Timeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a post-mortem timeline of a pod, or of a namespace, node or workload.",
            discussion: """
                Merges the events about the pods (and their nodes), the status changes of their \
                snapshots and their container terminations into one ordered stream. --since and \
                --until take RFC 3339 times (2026-11-27T02:10:00Z), dates, or durations back from \
                now (90s, 15m, 24h, 7d). See Docs/TIMELINE.md.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The pod as NAMESPACE/NAME (the most recent pod of that name unless --uid).")
        var pod: String?

        @Option(help: "The pod uid (picks one pod when a name was reused).") var uid: String?
        @Option(help: "Every pod of a namespace.") var namespace: String?
        @Option(help: "Every pod on a node, and the node's events.") var node: String?
        @Option(help: "Every pod of a workload, as NAMESPACE/NAME (e.g. shop/web).") var workload: String?
        @Option(help: "Only this cluster.") var cluster: String?
        @Option(help: "Earliest time shown: RFC 3339 or a duration back from now (24h, 7d).") var since: String?
        @Option(help: "Latest time shown: RFC 3339 or a duration back from now.") var until: String?
        @Option(help: "Output format: text, md, csv or json.") var format: TimelineFormat = .text
        @Option(help: "Only these reasons, comma-separated (e.g. OOMKilled,BackOff).") var reasons: String?
        @Flag(help: "Only warnings: Warning events, failed terminations, troubled statuses, node trouble.") var warningsOnly = false
        @Option(help: "The most rows shown; past it the timeline stops and says from when rows were left out.")
        var limit = TimelineOptions.defaultLimit

        func validate() throws {
            let scopes = [pod != nil || uid != nil, namespace != nil, node != nil, workload != nil].filter { $0 }.count
            guard scopes == 1 else { throw ValidationError("Give exactly one of POD, --uid, --namespace, --node or --workload.") }
            if let workload, !workload.contains("/") { throw ValidationError("--workload takes NAMESPACE/NAME, e.g. shop/web.") }
            guard limit >= 1 else { throw ValidationError("--limit takes a number of rows, 1 or more.") }
            do { _ = try TimeWindow(since: since, until: until) } catch { throw ValidationError("\(error)") }
        }

        func run() throws {
            let db = try Database(path: database.db, readOnly: true)
            let options = TimelineOptions(
                scope: scope, window: try TimeWindow(since: since, until: until), cluster: cluster,
                reasons: Set((reasons ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
                warningsOnly: warningsOnly, limit: limit)
            if format.streams {
                // Rows are written as the timeline settles them: a long window's output starts at once.
                let out = Terminal.BufferedOutput()
                var writer = TimelineWriter(format: format, write: out.write)
                let timeline = try PodtrailKit.Timeline.stream(database: db, options: options, header: { writer.header($0) },
                                                               row: { writer.row($0) })
                writer.finish(timeline)
                out.flush()
                if let truncation = timeline.truncation { Terminal.warn(truncation.note) }
                return
            }
            let timeline = try PodtrailKit.Timeline(database: db, options: options)
            let terminal = isatty(STDOUT_FILENO) == 1
            print(format.render(timeline, width: terminal ? Self.terminalWidth() : nil,
                                color: terminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil), terminator: "")
        }

        private var scope: TimelineScope {
            if let pod { return .pod(pod, uid: uid) }
            if let uid { return .uid(uid) }
            if let namespace { return .namespace(namespace) }
            if let node { return .node(node) }
            let parts = (workload ?? "").split(separator: "/", maxSplits: 1).map(String.init)
            return .workload(namespace: parts[0], name: parts[1])
        }

        /// The terminal's columns ($COLUMNS, else the window size, else 100).
        private static func terminalWidth() -> Int {
            if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
            return 100
        }
    }
}
