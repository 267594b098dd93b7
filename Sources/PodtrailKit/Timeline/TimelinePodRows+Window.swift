/// What a windowed timeline needs from outside its window, each read with a bounded query:
/// the pod's first and last instants (elapsed times count from the first), the status run and
/// the container states the window starts in, and the image pulls under way when it starts.
extension TimelinePodRows {
    /// The pod's first row time and last `lastSeen` over every row kind, as the unwindowed
    /// timeline would find them: its `pod_spans` row when `readsSpans` (one lookup), else
    /// `boundsFromRows`.
    func bounds(of pod: TimelinePod) throws -> (begin: Timestamp?, last: Timestamp?) {
        if readsSpans, pod.hasStatus || pod.uid != "\(pod.namespace)/\(pod.name)",
            let span = try store.rows(
                "SELECT known_from, known_until FROM pod_spans WHERE pod_uid = :uid AND cluster = :cluster",
                ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]).first
        {
            return (span.stamp("known_from"), span.stamp("known_until"))
        }
        return try boundsFromRows(of: pod)
    }

    /// `bounds(of:)` from the rows themselves: eight aggregates, each reading one row by index
    /// (memory O(1), time linear in the pod's rows).
    func boundsFromRows(of pod: TimelinePod) throws -> (begin: Timestamp?, last: Timestamp?) {
        var times = lifecycle(pod).map(\.time)
        func extreme(_ sql: String, _ parameters: [String: SQLValue]) throws {
            for order in ["", " DESC"] {
                let rows = try store.rows(sql.replacingOccurrences(of: "{order}", with: order) + " LIMIT 1", parameters)
                if let stamp = rows.first?.stamp("at") { times.append(stamp) }
            }
        }
        let keys = Self.podEventKeys(pod)
        // An event's row starts at its first occurrence and ends at its last.
        for column in ["coalesce(first_seen, last_seen)", "coalesce(last_seen, first_seen)"] {
            try extreme("""
                SELECT \(column) AS at FROM (\(Self.podEvents(where: "\(column) IS NOT NULL")))
                ORDER BY julianday(\(column)){order}
                """, keys)
        }
        if pod.hasStatus {
            try extreme("""
                SELECT observed_at AS at FROM pod_snapshots WHERE pod_uid = :uid AND cluster = :cluster
                    AND observed_at IS NOT NULL ORDER BY julianday(observed_at){order}
                """, keys)
            try extreme("""
                SELECT coalesce(finished_at, first_observed_at) AS at FROM container_terminations
                WHERE pod_uid = :uid AND cluster = :cluster AND coalesce(finished_at, first_observed_at) IS NOT NULL
                ORDER BY julianday(coalesce(finished_at, first_observed_at)){order}
                """, keys)
        }
        return (times.min(), times.max())
    }

    /// The status run the window starts in: its first snapshot (for describing the next
    /// change) and its row, counted up to the last snapshot before `since`. Three queries that
    /// read one row each: the last snapshot before the window, the last one before it that
    /// differs, and the first after that (the run's start).
    func carriedStatus(_ pod: TimelinePod, since: Timestamp?) throws -> (start: TimelineStore.Row, row: TimelineRow)? {
        guard let since, pod.hasStatus else { return nil }
        let columns = "id, observed_at, phase, status, ready, restarts, reason, message, node, deleted"
        let base = "FROM pod_snapshots WHERE pod_uid = :uid AND cluster = :cluster AND observed_at IS NOT NULL"
        var parameters: [String: SQLValue] = ["uid": .text(pod.uid), "cluster": .text(pod.cluster), "since": .text(since.description)]
        guard let last = try store.rows("""
            SELECT \(columns) \(base) AND julianday(observed_at) < julianday(:since)
            ORDER BY julianday(observed_at) DESC, id DESC LIMIT 1
            """, parameters).first, let lastSeen = last.stamp("observed_at") else { return nil }
        parameters["lastAt"] = last["observed_at"]
        parameters["lastID"] = last["id"]
        let same = Self.statusFields.map { "\($0) IS :\($0)" }.joined(separator: " AND ")
        for field in Self.statusFields { parameters[field] = last[field] }
        let change = try store.rows("""
            SELECT \(columns) \(base) AND (julianday(observed_at), id) < (julianday(:lastAt), :lastID) AND NOT (\(same))
            ORDER BY julianday(observed_at) DESC, id DESC LIMIT 1
            """, parameters).first
        parameters["changeAt"] = change?["observed_at"] ?? .null
        parameters["changeID"] = change?["id"] ?? .null
        let after = "(:changeAt IS NULL OR (julianday(observed_at), id) > (julianday(:changeAt), :changeID))"
        let upToLast = "(julianday(observed_at), id) <= (julianday(:lastAt), :lastID)"
        guard let start = try store.rows("""
            SELECT \(columns) \(base) AND \(after) ORDER BY julianday(observed_at), id LIMIT 1
            """, parameters).first, let time = start.stamp("observed_at") else { return nil }
        let count = try store.rows("SELECT count(*) AS n \(base) AND \(after) AND \(upToLast)", parameters).first?.int("n") ?? 1
        var row = statusRow(pod, start, time: time, after: change)
        row.count = count
        row.lastSeen = lastSeen
        return (start, row)
    }

    /// Each container's (state, reason, ready) in its last snapshot before `since`: the states
    /// the window's first container rows are compared with. One row per container.
    func carriedContainerStates(_ pod: TimelinePod, since: Timestamp?) throws -> [String: [SQLValue]] {
        guard let since, pod.hasStatus else { return [:] }
        // SQLite's bare columns: with max(), the other columns come from the row holding the maximum.
        let rows = try store.rows("""
            SELECT container, state, reason, ready, max(printf('%020.9f/%020d', julianday(observed_at), id)) AS at
            FROM container_snapshots WHERE pod_uid = :uid AND cluster = :cluster AND observed_at IS NOT NULL
                AND julianday(observed_at) < julianday(:since)
            GROUP BY container
            """, ["uid": .text(pod.uid), "cluster": .text(pod.cluster), "since": .text(since.description)])
        var states: [String: [SQLValue]] = [:]
        for row in rows {
            if let name = row.text("container") { states[name] = [row["state"], row["reason"], row["ready"]] }
        }
        return states
    }

    /// For the phase chart: each container's last `Pulling` event before `since` and the first
    /// `Pulled` of that container after it (rows not shown; at most two per container).
    func pullsUnderWay(_ pod: TimelinePod, since: Timestamp?) throws -> [TimelineRow] {
        guard let since else { return [] }
        var parameters = Self.podEventKeys(pod)
        parameters["since"] = .text(since.description)
        let pulling = try store.rows("""
            SELECT first_seen, last_seen, count, reason, message, type, container,
                max(printf('%020.9f/%020d', julianday(coalesce(first_seen, last_seen)), event_id)) AS at
            FROM (\(Self.podEvents(where: "reason = 'Pulling' AND julianday(coalesce(first_seen, last_seen)) < julianday(:since)")))
            GROUP BY container
            """, parameters)
        var rows = eventRows(pod, pulling)
        let pulled = """
            reason = 'Pulled' AND ifnull(container, '') = ifnull(:container, '')
                AND julianday(coalesce(first_seen, last_seen)) >= julianday(:at)
            """
        for event in rows {
            parameters["container"] = event.container.isEmpty ? .null : .text(event.container)
            parameters["at"] = .text(event.time.description)
            rows += eventRows(pod, try store.rows("""
                SELECT first_seen, last_seen, count, reason, message, type, container FROM (\(Self.podEvents(where: pulled)))
                ORDER BY julianday(coalesce(first_seen, last_seen)), event_id LIMIT 1
                """, parameters))
        }
        return rows
    }

    /// The time of the pod's first status that is not pending (the phase chart's first run when
    /// no container start is known), found by stepping through the snapshots in order without
    /// keeping them.
    func firstRun(_ pod: TimelinePod) throws -> Timestamp? {
        let row = try store.first("""
            SELECT observed_at, status, phase FROM pod_snapshots WHERE pod_uid = :uid AND cluster = :cluster
                AND observed_at IS NOT NULL ORDER BY julianday(observed_at), id
            """, ["uid": .text(pod.uid), "cluster": .text(pod.cluster)]) { row in
            guard let kind = TimelinePhase.kind(ofStatus: row.text("status") ?? row.text("phase") ?? "Unknown") else { return false }
            return kind != .pending
        }
        return row?.stamp("observed_at")
    }
}
