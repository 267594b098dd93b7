import ArgumentParser
import PodtrailKit

extension Podtrail {
    /// `podtrail ingest`: stream archives into the database.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream event and pod status archives (gzip or JSON) into the database.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            _ = try Database(path: database.db)
        }
    }
}
