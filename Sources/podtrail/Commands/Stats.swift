import ArgumentParser
import PodtrailKit

extension Podtrail {
    /// `podtrail stats`: what the database holds.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the database holds: time range, clusters, counts, rejects, sources.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let db = try Database(path: database.db, readOnly: true)
            print(try DatabaseStats(db.connection).render(), terminator: "")
        }
    }
}
