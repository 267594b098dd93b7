import ArgumentParser
import PodtrailKit

extension Podtrail {
    /// `podtrail rebuild`: recompute every pod's derived data.
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every analysis cached in the database with this podtrail's definitions.",
            discussion: """
                Opening a database whose cached analyses were computed by another podtrail \
                recomputes them on its own; rebuild does it on demand (after editing a view by \
                hand, or to time it). Exit codes: 0 done; 1 the database cannot be written.
                """)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            var rebuilt = false
            let db = try Database(path: database.db, progress: { Terminal.warn($0); rebuilt = true })
            if !rebuilt { try db.rebuild(progress: Terminal.warn) }
        }
    }
}
