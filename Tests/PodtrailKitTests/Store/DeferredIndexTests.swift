import Foundation
import Testing

@testable import PodtrailKit

/// A backfill (the first ingest into an empty database) writes without the secondary indexes
/// of the tables it fills row by row and builds them at the end: the database it leaves is the
/// one an index-by-index ingest leaves, and answers never depend on whether the indexes exist.
@Suite struct DeferredIndexTests {
    /// Every index of the database: name, table and SQL, sorted.
    static func indexes(_ db: Database) throws -> [String] {
        try TestSupport.rows(db, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    }

    /// The secondary (not unique) indexes of the four tables, named in the migrations.
    static let secondary = [
        "container_states_reason", "container_terminations_finished", "container_terminations_reason",
        "events_controller_time", "events_last_seen", "events_node_time", "events_object", "events_object_uid",
        "events_pod_name_without_uid", "events_pod_without_uid_time", "events_reason", "events_type", "events_warning_first", "pod_snapshots_reason",
    ]

    @Test func anEmptyDatabaseSetsAsideExactlyTheSecondaryIndexesAndBuildsThemAgain() throws {
        let db = try Database(path: ":memory:")
        let fresh = try Self.indexes(db)
        #expect(try DeferredIndexes.deferIfEmpty(db.connection))
        let kept = try Self.indexes(db)
        #expect(kept.count == fresh.count - Self.secondary.count)
        #expect(try TestSupport.rows(db, "SELECT substr(key, 16) FROM podtrail_meta WHERE key LIKE 'deferred_index:%' ORDER BY key") == Self.secondary)
        // Asking again (the next run after a stopped backfill) keeps them aside.
        #expect(try DeferredIndexes.deferIfEmpty(db.connection))
        #expect(try Self.indexes(db) == kept)
        try DeferredIndexes.build(db.connection)
        #expect(try Self.indexes(db) == fresh)
        #expect(try !DeferredIndexes.isPending(db.connection))
    }

    @Test func aBackfillLeavesEveryIndexAndTheRowsOfAnIngestIntoAFilledDatabase() throws {
        let files = try AnalysisCacheTests.sampleFiles()
        let backfill = try Database(path: ":memory:")
        _ = try Ingestor(database: backfill).ingest(paths: files)
        #expect(try !DeferredIndexes.isPending(backfill.connection))
        #expect(try Self.indexes(backfill) == Self.indexes(try Database(path: ":memory:")))

        // The same files, the events alone first (a backfill), then the rest into a filled
        // database (indexes kept current row by row).
        let stepwise = try Database(path: ":memory:")
        let events = try #require(files.first { $0.hasSuffix("/events") })
        _ = try Ingestor(database: stepwise).ingest(paths: [events])
        #expect(try !DeferredIndexes.deferIfEmpty(stepwise.connection))
        _ = try Ingestor(database: stepwise).ingest(paths: files.filter { $0 != events })
        #expect(try Self.indexes(stepwise) == Self.indexes(backfill))
        for table in DeferredIndexes.tables {
            let columns = table == "events" ? "cluster, uid, reason, count, first_seen, last_seen" : "*"
            let order = "ORDER BY 1, 2, 3"
            let a = try TestSupport.rows(backfill, "SELECT \(columns) FROM \(table) \(order)").map { Self.dropIDs($0, table) }
            let b = try TestSupport.rows(stepwise, "SELECT \(columns) FROM \(table) \(order)").map { Self.dropIDs($0, table) }
            #expect(a.sorted() == b.sorted(), "\(table)")
            #expect(!a.isEmpty, "\(table) has rows in SampleLogs")
        }
        #expect(try AnalysisCacheTests.contents(backfill) == AnalysisCacheTests.contents(stepwise))
    }

    /// Row ids and source ids follow the order the files were read in; the rest must be equal.
    static func dropIDs(_ row: String, _ table: String) -> String {
        table == "events" ? row : row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().joined(separator: "|")
    }

    @Test func answersAreTheSameWithTheIndexesSetAside() throws {
        let db = try Database(path: ":memory:")
        _ = try Ingestor(database: db).ingest(paths: [AnalysisCacheTests.sampleLogs.path])
        let before = try AnalysisCacheTests.contents(db)
        let timeline = try TestSupport.rows(db, "SELECT * FROM pod_events ORDER BY event_id")
        #expect(try db.connection.transaction { try DeferredIndexes.setAside(db.connection) } == Self.secondary.count)
        #expect(try AnalysisCacheTests.contents(db) == before)
        #expect(try TestSupport.rows(db, "SELECT * FROM pod_events ORDER BY event_id") == timeline)
        try DeferredIndexes.build(db.connection)
        #expect(try AnalysisCacheTests.contents(db) == before)
    }

    @Test func aBackfillStoppedBeforeItsIndexesIsFinishedByTheNextIngest() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("stopped.sqlite").path
        do {
            // A backfill that set its indexes aside, then stopped before writing anything more.
            let first = try Database(path: path)
            #expect(try DeferredIndexes.deferIfEmpty(first.connection))
        }
        let next = try Database(path: path)
        #expect(try DeferredIndexes.isPending(next.connection))
        let summary = try Ingestor(database: next).ingest(paths: [AnalysisCacheTests.sampleLogs.path])
        #expect(summary.records > 0)
        #expect(try !DeferredIndexes.isPending(next.connection))
        #expect(try Self.indexes(next) == Self.indexes(try Database(path: ":memory:")))
    }
}
