import ArgumentParser
import PodtrailKit
import PodtrailSimulator

extension Podtrail {
    /// `podtrail simulate`: write a simulated cluster's archives and their ground truth.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the event and pod status archives of a simulated cluster, with truth.json.",
            discussion: """
                Output is byte-for-byte reproducible for equal flags. Formats: \
                \(ArchiveStream.allCases.map(\.rawValue).joined(separator: ", ")).
                """)

        @Option(name: .long, help: "The output folder (created if needed).")
        var out: String

        @Option(name: .long, help: "The random seed.")
        var seed: UInt64 = 1

        @Option(name: .long, help: "Hours of cluster life to simulate.")
        var hours = 6

        @Option(name: .long, help: "New pods per hour (DaemonSet pods come on top).")
        var podsPerHour = 120

        @Option(name: .long, help: "Worker nodes.")
        var nodes = 6

        @Option(name: .long, help: "First simulated second, YYYY-MM-DDTHH:MM:SSZ.")
        var start = "2026-11-27T00:00:00Z"

        @Option(name: .long, help: "Comma-separated formats to write (default: all).")
        var formats: String?

        @Option(name: .long, help: "gzip level, 1 (fastest) to 9 (smallest).")
        var level = 6

        @Option(name: .long, help: "Percent of pods whose first snapshots are not archived (first seen after restarts).")
        var latePods = 0

        @Option(name: .long, help: "Hours a-b (from the start, b excluded) in which only events are archived.")
        var eventsOnlyHours: String?

        @Flag(name: .long, help: "Kubelet events in the second of the scheduler's µs Scheduled event.")
        var sameSecondEvents = false

        func validate() throws {
            guard SimulationOptions.parseStart(start) != nil else {
                throw ValidationError("--start must look like 2026-11-27T00:00:00Z")
            }
            guard hours >= 1, nodes >= 1, podsPerHour >= 0, (1...9).contains(level) else {
                throw ValidationError("--hours and --nodes must be at least 1, --pods-per-hour at least 0, --level 1 to 9")
            }
            guard (0...100).contains(latePods) else { throw ValidationError("--late-pods must be 0 to 100") }
            if let eventsOnlyHours, SimulationOptions.parseHours(eventsOnlyHours) == nil {
                throw ValidationError("--events-only-hours must look like 2-3 (hours from the start, the second excluded)")
            }
            for name in formatNames where ArchiveStream(rawValue: name) == nil {
                throw ValidationError("unknown format '\(name)'; use \(ArchiveStream.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if formats != nil, !formatNames.contains(where: { $0.hasPrefix("pods-") }) || !formatNames.contains(where: { $0.hasPrefix("events-") }) {
                throw ValidationError("--formats needs at least one pods-* and one events-* format")
            }
        }

        private var formatNames: [String] {
            formats.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        }

        func run() throws {
            var options = SimulationOptions()
            (options.seed, options.hours, options.podsPerHour, options.nodes) = (seed, hours, podsPerHour, nodes)
            options.start = SimulationOptions.parseStart(start)!
            options.compressionLevel = level
            (options.latePodsPercent, options.sameSecondEvents) = (latePods, sameSecondEvents)
            options.eventsOnlyHours = eventsOnlyHours.flatMap(SimulationOptions.parseHours)
            if formats != nil { options.streams = Set(formatNames.compactMap(ArchiveStream.init(rawValue:))) }
            let summary = try Simulator.run(options, to: out)
            print("\(summary.pods) pods, \(summary.podSnapshots) pod snapshots, \(summary.eventObservations) event records, "
                  + "\(summary.files) files, \(summary.bytes) bytes in \(out)")
        }
    }
}
