import Foundation

/// The triggers that list in `stale_pods` the pods whose events may have changed, generated from
/// the one rule that gives an event without a pod uid its pod: the subquery of
/// `Queries/pod_events.sql` that follows the line `-- podtrail: the pod of an event without a uid`
/// (the newest pod of that namespace and name created at or before the event's first_seen),
/// which may read the event only as `e.cluster`, `e.namespace`, `e.object_name` and `e.first_seen`.
///
/// They list:
///   * an Event about a pod inserted or updated: the pod it belongs to (its involvedObject.uid,
///     or the rule's pod), and for an update that changes whom or when it names, the pod it
///     belonged to before;
///   * a pod inserted, or its namespace, name or created_at changed: the pod an event without a
///     uid at that name and creation time belonged to without this pod (the rule among the other
///     pods), at its new place and, for a change, at its old one; the events that move move
///     between that pod and this one.
/// Each lookup is one search of the pods_name_created index. The rule picks one pod on a tie of
/// created_at, and the triggers ask it the same question, so they list the pod it picks.
/// (NOT EXISTS, not INSERT OR IGNORE: inside the writer's upsert, SQLite applies the outer
/// statement's conflict policy to the trigger's insert, and a pod written twice would fail.)
enum EventPlacement {
    /// The line that precedes the rule in `Queries/pod_events.sql`.
    static let marker = "-- podtrail: the pod of an event without a uid"

    /// The rule: the subquery after `marker` in `sql`, up to its closing parenthesis.
    ///
    /// - Throws: `PlumbingError` when `sql` has no marker or the subquery does not close.
    static func rule(in sql: String) throws -> String {
        guard let marker = sql.range(of: marker), let lineEnd = sql[marker.upperBound...].firstIndex(of: "\n") else {
            throw PlumbingError(file: "pod_events", problem: "no line \(Self.marker)")
        }
        let start = sql.index(after: lineEnd)
        guard let end = SQLScan.first(")", in: sql[start...]) else {
            throw PlumbingError(file: "pod_events", problem: "the subquery after \(Self.marker) does not close")
        }
        return sql[start..<end].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n            ")
    }

    /// The rule for the event or pod `row` (`new` or `old`) of a trigger on `table`, among the
    /// pods other than `row` when `table` is `pods`.
    static func rule(_ rule: String, for row: String, on table: String) throws -> String {
        let columns = table == "events"
            ? ["cluster": "cluster", "namespace": "namespace", "object_name": "object_name", "first_seen": "first_seen"]
            : ["cluster": "cluster", "namespace": "namespace", "object_name": "name", "first_seen": "created_at"]
        var text = rule
        for (column, field) in columns {
            text = text.replacingOccurrences(of: "\\be\\.\(column)\\b", with: "\(row).\(field)", options: .regularExpression)
        }
        if text.range(of: "\\be\\.", options: .regularExpression) != nil {
            throw PlumbingError(file: "pod_events", problem: "the rule reads the event beyond cluster, namespace, object_name and first_seen")
        }
        guard table == "pods" else { return text }
        guard text.components(separatedBy: "ORDER BY").count == 2 else {
            throw PlumbingError(file: "pod_events", problem: "the rule has not exactly one ORDER BY")
        }
        return text.replacingOccurrences(of: "ORDER BY", with: "AND p.uid <> \(row).uid\n            ORDER BY")
    }

    /// One trigger statement: the pod the rule gives `row` listed stale, when `condition` holds.
    static func listing(_ rule: String, for row: String, on table: String, when condition: String? = nil) throws -> String {
        """
            INSERT INTO stale_pods (cluster, uid)
            SELECT o.cluster, o.uid FROM pods o
            WHERE \(condition.map { $0 + " AND " } ?? "")o.cluster = \(row).cluster AND o.uid = (
                    \(try self.rule(rule, for: row, on: table)))
                AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = o.uid AND cluster = o.cluster);
        """
    }

    /// The triggers, as SQL that drops and creates each (they keep the names schema v5 gave them).
    static func triggers(from podEvents: String) throws -> String {
        let rule = try rule(in: podEvents)
        let movedFrom = """
            old.object_kind = 'Pod' AND ifnull(old.object_uid, '') = ''
                    AND (old.object_uid IS NOT new.object_uid OR old.object_kind IS NOT new.object_kind
                        OR old.namespace IS NOT new.namespace OR old.object_name IS NOT new.object_name
                        OR old.first_seen IS NOT new.first_seen)
            """
        return """
            DROP TRIGGER IF EXISTS events_stale_after_insert;
            CREATE TRIGGER events_stale_after_insert AFTER INSERT ON events WHEN new.object_kind = 'Pod' BEGIN
                INSERT INTO stale_pods (cluster, uid)
                SELECT new.cluster, new.object_uid
                WHERE new.object_uid <> ''
                    AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.object_uid AND cluster = new.cluster);
            \(try listing(rule, for: "new", on: "events", when: "ifnull(new.object_uid, '') = ''"))
            END;
            DROP TRIGGER IF EXISTS events_stale_after_update;
            CREATE TRIGGER events_stale_after_update AFTER UPDATE ON events
            WHEN new.object_kind = 'Pod' OR old.object_kind = 'Pod' BEGIN
                INSERT INTO stale_pods (cluster, uid)
                SELECT new.cluster, new.object_uid
                WHERE new.object_kind = 'Pod' AND new.object_uid <> ''
                    AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.object_uid AND cluster = new.cluster);
            \(try listing(rule, for: "new", on: "events", when: "new.object_kind = 'Pod' AND ifnull(new.object_uid, '') = ''"))
                -- The pod it belonged to before, when the update changes whom or when it names.
                INSERT INTO stale_pods (cluster, uid)
                SELECT old.cluster, old.object_uid
                WHERE old.object_kind = 'Pod' AND old.object_uid <> ''
                    AND (old.object_uid IS NOT new.object_uid OR new.object_kind IS NOT 'Pod')
                    AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = old.object_uid AND cluster = old.cluster);
            \(try listing(rule, for: "old", on: "events", when: movedFrom))
            END;
            DROP TRIGGER IF EXISTS pods_neighbours_after_insert;
            CREATE TRIGGER pods_neighbours_after_insert AFTER INSERT ON pods BEGIN
            \(try listing(rule, for: "new", on: "pods"))
            END;
            DROP TRIGGER IF EXISTS pods_neighbours_after_update;
            CREATE TRIGGER pods_neighbours_after_update AFTER UPDATE ON pods
            WHEN old.created_at IS NOT new.created_at OR old.namespace IS NOT new.namespace OR old.name IS NOT new.name BEGIN
            \(try listing(rule, for: "new", on: "pods"))
            \(try listing(rule, for: "old", on: "pods"))
            END;
            """
    }
}
