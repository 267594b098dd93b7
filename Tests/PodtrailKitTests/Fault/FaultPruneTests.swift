import Foundation
import Testing

@testable import PodtrailKit
@testable import PodtrailSimulator

/// `podtrail prune` killed with SIGKILL at any point: nothing newer than the cut is lost, no pod
/// is both rolled up and held, and a run again gives the database of one clean prune. Runs the
/// built binary; serialized, as each test is timing-bound.
@Suite(.serialized)
struct FaultPruneTests {
    static let killPoints = 10

    /// What must not change whatever happens to a prune: the rows newer than the cut (the pods
    /// reaching past it, with their analyses, and the later events), one line per row.
    static func newerThanTheCut(_ path: String, cut: Timestamp) throws -> [String] {
        let connection = try Connection(path: path, mode: .readOnly)
        let kept = "SELECT cluster, pod_uid FROM pod_spans WHERE NOT julianday(known_until) < julianday(?) OR known_until IS NULL"
        let cut = SQLValue.text(cut.description)
        return try connection.rows("""
            SELECT 'snapshot', s.pod_uid, s.resource_version, s.observed_at, s.status FROM pod_snapshots s WHERE (s.pod_uid, s.cluster) IN (\(kept))
            UNION ALL SELECT 'container', c.pod_uid, c.resource_version, c.container, c.state FROM container_snapshots c WHERE (c.pod_uid, c.cluster) IN (\(kept))
            UNION ALL SELECT 'termination', t.pod_uid, t.container, t.finished_at, t.reason FROM container_terminations t WHERE (t.pod_uid, t.cluster) IN (\(kept))
            UNION ALL SELECT 'event', e.uid, e.reason, e.count, e.last_seen FROM events e WHERE julianday(coalesce(e.last_seen, e.first_seen)) >= julianday(?)
            UNION ALL SELECT 'crash loop', c.pod_uid, c.container, c.started_at, c.restarts FROM crash_loops c WHERE (c.pod_uid, c.cluster) IN (\(kept))
            UNION ALL SELECT 'phase', p.pod_uid, p.created_at, p.startup_s, p.lifetime_s FROM phase_durations p WHERE (p.pod_uid, p.cluster) IN (\(kept))
            ORDER BY 1, 2, 3, 4
            """, [cut, cut, cut, cut, cut, cut]).map { $0.map(\.description).joined(separator: " ") }
    }

    /// Every pod is held or rolled up, never both: (pods held, pods rolled up, pods in both).
    static func podLedger(_ path: String) throws -> [Int64] {
        let connection = try Connection(path: path, mode: .readOnly)
        return try connection.rows("""
            SELECT (SELECT count(*) FROM pods), (SELECT count(*) FROM rollup_pods),
                (SELECT count(*) FROM rollup_pods r JOIN pods p ON p.uid = r.pod_uid AND p.cluster = r.cluster)
            """)[0].map { $0.int ?? -1 }
    }

    /// `rollup_days` with each value rounded to a millionth: the hours of container runs are
    /// sums of fractions, whose last bits follow the order the batches added them in.
    static func rollupDays(_ path: String) throws -> [String] {
        try Connection(path: path, mode: .readOnly).rows(
            "SELECT cluster, day, namespace, workload, figure, round(value, 6) FROM rollup_days ORDER BY 1, 2, 3, 4, 5"
        ).map { $0.map(\.description).joined(separator: " ") }
    }

    @Test func aPruneWithoutACutOrWithAnUnreadableOneIsAUsageError() throws {
        let folder = try TestSupport.temporaryFolder()
        for (arguments, message) in [
            ([String](), "Error: give either --before TIME or --keep DURATION."),
            (["--keep", "soon"], "Error: --keep soon: give a duration such as 90d or 2w (at most 365250d)."),
            (["--before", "2026-11-27T00:00:00Z", "--keep", "90d"], "Error: give either --before TIME or --keep DURATION."),
        ] {
            let run = try FaultSupport.run(["prune", "--db", "p.sqlite"] + arguments, in: folder)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.sqlite").path))
    }

    @Test func killNineMidPruneLosesNothingNewerThanTheCutAndARunAgainFinishesTheJob() throws {
        var options = SimulationOptions()
        (options.seed, options.hours, options.podsPerHour, options.nodes) = (13, 30, 40, 4)
        let work = try TestSupport.temporaryFolder()
        _ = try Simulator.run(options, to: work.appendingPathComponent("archive").path)
        let base = work.appendingPathComponent("base.sqlite").path
        do {
            let db = try Database(path: base)
            _ = try Ingestor(database: db, options: IngestOptions(cluster: "default")).ingest(paths: [work.appendingPathComponent("archive").path])
            try db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        func copy(_ name: String) throws {
            let target = work.appendingPathComponent(name).path
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: base, toPath: target)
        }
        let cut = RetentionTests.cut
        let prune = ["prune", "--quiet", "--before", cut.description, "--batch-size", "25"]
        let newer = try Self.newerThanTheCut(base, cut: cut)
        let before = try Self.podLedger(base)
        try copy("clean.sqlite")
        let started = Date()
        let clean = try FaultSupport.run(prune + ["--db", "clean.sqlite"], in: work)
        let duration = Date().timeIntervalSince(started)
        #expect(clean.status == 0, "\(clean.stderr)")
        let cleanPath = work.appendingPathComponent("clean.sqlite").path
        let expected = try FaultSupport.checksum(cleanPath, excluding: ["pruned_at", "value"])
        let expectedDays = try Self.rollupDays(cleanPath)
        let pruned = try Self.podLedger(cleanPath)
        #expect(pruned[1] > 100 && pruned[0] + pruned[1] == before[0] && pruned[2] == 0, "\(pruned)")
        var generator = SplitMix64(seed: 0x5eed)
        var landed = 0
        for point in 0..<Self.killPoints {
            let name = "killed-\(point).sqlite"
            let path = work.appendingPathComponent(name).path
            try copy(name)
            let fraction = (Double(point) + Double(generator.next() % 1000) / 1000) / Double(Self.killPoints)
            let process = try FaultSupport.start(prune + ["--db", name], in: work)
            usleep(useconds_t(fraction * duration * 1_000_000))
            kill(process.0.processIdentifier, SIGKILL)
            if FaultSupport.finish(process).signalled { landed += 1 }
            #expect(try Self.newerThanTheCut(path, cut: cut) == newer, "kill point \(point) at \(fraction)")
            let ledger = try Self.podLedger(path)
            #expect(ledger[0] + ledger[1] == before[0] && ledger[2] == 0, "kill point \(point): \(ledger)")
            let rerun = try FaultSupport.run(prune + ["--db", name], in: work)
            #expect(rerun.status == 0, "kill point \(point): \(rerun.stderr)")
            #expect(try FaultSupport.checksum(path, excluding: ["pruned_at", "value"]) == expected, "kill point \(point) at \(fraction)")
            #expect(try Self.rollupDays(path) == expectedDays, "kill point \(point)")
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(landed >= Self.killPoints / 2, "most kills should land before the prune ends")
    }
}
