import Foundation
import Testing

@testable import PodtrailKit

/// The `startup_sli` view against the truth's `startup_sli`, pod by pod.
extension SimulationEndToEndTests {
    /// Every pod's row: `in_population`, `excluded` (the reason's exact text), `watch_at`,
    /// `observed_by` and `sli_s` for every pod, `pull_s` and `init_s` for the pods with
    /// snapshots (the truth has no figure for a pod known only from events); figures within
    /// 0.001 s. The run must leave pods both in and out of the population.
    static func checkStartupSLI(_ run: Ingested) throws {
        let db = run.db
        let rows = (run.truth["pods"] as! [[String: Any]]).map { pod -> [String: Any] in
            var row = pod["startup_sli"] as! [String: Any]
            row["uid"] = pod["uid"]
            row["snapshots"] = pod["snapshots"]
            return row
        }
        let columns = ["in_population", "excluded", "watch_at", "observed_by", "pull_s", "init_s", "sli_s"]
        try load(rows, into: "truth_sli", columns: ["uid", "snapshots"] + columns, db)
        #expect(try db.connection.scalar("SELECT count(*) FROM startup_sli") == .integer(Int64(rows.count)))
        for column in columns {
            let differ: String
            switch column {
            case "watch_at": differ = timesDiffer("t.watch_at", "s.watch_at")
            case "pull_s", "init_s", "sli_s":
                differ = "((t.\(column) IS NULL) != (s.\(column) IS NULL) OR abs(t.\(column) - s.\(column)) > 0.001)"
            default: differ = "t.\(column) IS NOT s.\(column)"
            }
            let scope = column == "pull_s" || column == "init_s" ? "t.snapshots > 0 AND" : ""
            let bad = try examples(db, """
                SELECT t.uid, t.excluded, t.\(column), s.\(column) FROM truth_sli t LEFT JOIN startup_sli s ON s.pod_uid = t.uid
                WHERE s.pod_uid IS NULL OR (\(scope) \(differ))
                """)
            #expect(bad.isEmpty, "startup_sli.\(column) differs: \(bad)")
        }
        let inside = rows.filter { ($0["in_population"] as? Bool) == true }
        #expect(inside.count >= 20)
        #expect(rows.count - inside.count >= 5)
    }
}
