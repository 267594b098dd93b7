import PodtrailKit
import Foundation

/// What `podtrail simulate` is asked to produce.
public struct SimulationOptions: Sendable {
    /// The PRNG seed: equal seeds and options give byte-identical output.
    public var seed: UInt64 = 1
    /// The first simulated second (default 2026-11-27T00:00:00Z).
    public var start: Int64 = SimTime.defaultStart
    /// Length of the simulated window.
    public var hours = 6
    /// New pods per hour (DaemonSet pods come on top: one per node and DaemonSet).
    public var podsPerHour = 120
    /// Worker nodes.
    public var nodes = 6
    /// The archive formats to write; the records of a format left out go to another format of
    /// the same family (pods or events).
    public var streams = Set(ArchiveStream.allCases)
    /// zlib level of the archives.
    public var compressionLevel = 6
    /// Percent of pods (0–100) whose first snapshots are not archived, as when a pod-watch
    /// archive starts mid-life: such a pod is first seen after its first restarts, once Ready
    /// after restarts, or after a random 10 min–2 h (off by default).
    public var latePodsPercent = 0
    /// Hours of the window (offsets from the start, lower bound included, upper excluded) in
    /// which the pod streams write nothing while the event streams go on (off by default).
    public var eventsOnlyHours: Range<Int>?
    /// The kubelet admits a pod and pulls or finds its first image in the second the scheduler
    /// bound it: µs `Scheduled` and whole-second kubelet events in the same second (off by default).
    public var sameSecondEvents = false

    /// True when an opt-in option that changes what is archived is on (the truth then says more).
    var hasArchiveGaps: Bool { latePodsPercent > 0 || eventsOnlyHours != nil || sameSecondEvents }

    /// Default options (a 6-hour sample of a small cluster).
    public init() {}

    /// Parses `--start` (`YYYY-MM-DDTHH:MM:SSZ`).
    public static func parseStart(_ text: String) -> Int64? { SimTime.parse(text) }

    /// Parses `--events-only-hours` (`a-b`: hours a up to, not including, b); nil when malformed.
    public static func parseHours(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low >= 0, low < high else { return nil }
        return low..<high
    }
}

/// What a simulation wrote.
public struct SimulationSummary: Sendable {
    /// Pods simulated.
    public var pods = 0
    /// Pod observations archived (distinct resourceVersions).
    public var podSnapshots = 0
    /// Event observations archived (each count change of an Event object is one).
    public var eventObservations = 0
    /// Files written, `truth.json` included.
    public var files = 0
    /// Compressed bytes of the archives.
    public var bytes = 0
    /// Exact duplicate lines injected.
    public var duplicates = 0
}

/// The cluster simulator behind `podtrail simulate`: writes the archives a cluster's exporters
/// would leave for the simulated window, and `truth.json` with the exact answers.
public enum Simulator {
    /// Runs a simulation into `directory` (created if needed).
    public static func run(_ options: SimulationOptions, to directory: String) throws -> SimulationSummary {
        guard options.hours >= 1, options.nodes >= 1, options.podsPerHour >= 0 else {
            throw SimulationError.invalidOption("--hours and --nodes must be at least 1, --pods-per-hour at least 0")
        }
        guard options.streams.contains(where: \.holdsPods), options.streams.contains(where: { !$0.holdsPods }) else {
            throw SimulationError.invalidOption("--formats needs at least one pods-* and one events-* format")
        }
        guard (0...100).contains(options.latePodsPercent) else {
            throw SimulationError.invalidOption("--late-pods must be a percentage, 0 to 100")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SimulationError.cannotWrite(path: directory)
        }
        let run = SimulationRun(options: options, directory: directory)
        try run.simulate()
        return run.summary
    }
}

/// A simulation that could not run or be written.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    /// The output could not be written.
    case cannotWrite(path: String)
    /// An option is out of range.
    case invalidOption(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write \(path): check that the output folder is writable"
        case .invalidOption(let text): text
        }
    }
}
