/// The writer's statements. They hold no merge rule: which observation wins is decided in Swift
/// (`PodRow.merge`, `ContainerRow.merge`, `EventRecord.order`), against the stored row read
/// back first, and the statements write the result.
enum StoreSQL {
    private static let eventColumns = """
        INSERT INTO events (cluster, uid, namespace, name, object_kind, object_name, object_uid, field_path,
            container, reason, message, type, count, first_seen, last_seen, source_component, source_host,
            api_version, resource_version, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
        """

    /// Stores a new event; nothing when its uid is stored already.
    static let insertEvent = eventColumns + " ON CONFLICT (uid, cluster) DO NOTHING"

    /// Stores an event, replacing the stored observation of its uid.
    static let replaceEvent = eventColumns + """
         ON CONFLICT (uid, cluster) DO UPDATE SET
            namespace = excluded.namespace, name = excluded.name, object_kind = excluded.object_kind,
            object_name = excluded.object_name, object_uid = excluded.object_uid, field_path = excluded.field_path,
            container = excluded.container, reason = excluded.reason, message = excluded.message,
            type = excluded.type, count = excluded.count, first_seen = excluded.first_seen,
            last_seen = excluded.last_seen, source_component = excluded.source_component,
            source_host = excluded.source_host, api_version = excluded.api_version,
            resource_version = excluded.resource_version, source_id = excluded.source_id
        """

    /// What `EventRecord.order` reads of a stored event (?1 cluster, ?2 uid).
    static let selectEventOrder = "SELECT count, last_seen, resource_version FROM events WHERE uid = ?2 AND cluster = ?1"

    static let upsertSnapshot = """
        INSERT INTO pod_snapshots (cluster, pod_uid, resource_version, observed_at, phase, status, ready, restarts,
            reason, message, node, deleted, source_id, observed_by, observed_key)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
        ON CONFLICT (pod_uid, resource_version, cluster) DO UPDATE SET deleted = 1,
            -- The key's deleted digit (character 22, `ObservationOrder.sortKey`).
            observed_key = substr(pod_snapshots.observed_key, 1, 21) || '1' || substr(pod_snapshots.observed_key, 23)
        WHERE excluded.deleted = 1 AND pod_snapshots.deleted = 0
        """

    /// The snapshots of an older schema without `observed_key`, and setting it.
    static let snapshotsWithoutKey = """
        SELECT id, observed_at, deleted, resource_version, phase, restarts FROM pod_snapshots
        WHERE id > ?1 AND observed_key IS NULL AND observed_at IS NOT NULL ORDER BY id LIMIT 10000
        """
    static let setObservedKey = "UPDATE pod_snapshots SET observed_key = ?2 WHERE id = ?1"

    /// The pod's first Ready: the earliest `Ready=True` transition seen, when that is provably the
    /// first. `lastTransitionTime` is the latest flip: a pod seen Ready after restarts may have been
    /// Ready before them. So the transition counts when the observation showing it has no restarts,
    /// or when the pod was observed before any restart (an observation with no restarts) and an
    /// observation at or before the transition saw it not Ready with as many restarts as the Ready
    /// one, so that no restart, and with it no earlier Ready, came between. Otherwise NULL: first
    /// Ready unknown (an archive that starts after the pod's first restart cannot tell). A
    /// readiness flap without a restart between two observations cannot be seen: the rule assumes
    /// the observations catch each flip, as a watch stream does.
    private static func firstReady(at time: String, restarts: String, uid: String, cluster: String) -> String {
        "(CASE WHEN \(time) IS NULL THEN NULL WHEN \(restarts) = 0 THEN \(time) "
            + "WHEN EXISTS (SELECT 1 FROM pod_snapshots s WHERE s.pod_uid = \(uid) AND s.cluster = \(cluster) "
            + "AND s.ready = 0 AND s.restarts = \(restarts) AND julianday(s.observed_at) <= julianday(\(time))) "
            + "AND EXISTS (SELECT 1 FROM pod_snapshots s WHERE s.pod_uid = \(uid) AND s.cluster = \(cluster) AND s.restarts = 0) "
            + "THEN \(time) END)"
    }

    /// Writes a row that `rules` merged with the stored one: every column is replaced (the
    /// merge happened in Swift, `PodRow.merge`). Parameters: ?1 cluster, then `keys`, then
    /// `columns`; `extra` adds columns computed from the parameters.
    private static func store<Row>(
        _ table: String, keys: [String], columns: [StoredColumn<Row>], extra: [(String, String)] = []
    ) -> String {
        let names = keys + columns.map(\.name) + extra.map(\.0)
        let values = (1...(keys.count + columns.count + 1)).map { "?\($0)" } + extra.map(\.1)
        return "INSERT INTO \(table) (cluster, \(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) "
            + "ON CONFLICT (\(keys.joined(separator: ", ")), cluster) DO UPDATE SET "
            + names.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    /// Reads the stored row of a key (?1 cluster, then the key columns).
    private static func select<Row>(_ table: String, keys: [String], columns: [StoredColumn<Row>]) -> String {
        "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(table) WHERE "
            + (keys.enumerated().map { "\($1) = ?\($0 + 2)" } + ["cluster = ?1"]).joined(separator: " AND ")
    }

    /// Parameter number of a pod column (?3 is the first of `PodRow.columns`).
    private static func podParameter(_ name: String) -> String {
        "?\(PodRow.columns.firstIndex { $0.name == name }! + 3)"
    }

    static let storePod = store("pods", keys: ["uid"], columns: PodRow.columns, extra: [("ready_at", firstReady(
        at: podParameter("ready_transition_at"), restarts: podParameter("ready_transition_restarts"), uid: "?2", cluster: "?1"))])
    static let selectPod = select("pods", keys: ["uid"], columns: PodRow.columns)
    static let storeContainer = store("containers", keys: ["pod_uid", "name"], columns: ContainerRow.columns)
    static let selectContainer = select("containers", keys: ["pod_uid", "name"], columns: ContainerRow.columns)

    /// Adds a flush's counts to an hour of `coverage_hours`.
    static let upsertCoverage = """
        INSERT INTO coverage_hours (cluster, hour, pod_snapshots, events) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (cluster, hour) DO UPDATE SET
            pod_snapshots = coverage_hours.pod_snapshots + excluded.pod_snapshots,
            events = coverage_hours.events + excluded.events
        """

    /// `container_snapshots` since schema v15: each container state with its pod snapshot's
    /// identity, the columns and order of the table it replaced. The snapshots come first: a
    /// query that starts from pods (`stale_pods x CROSS JOIN container_snapshots`) keeps its
    /// order (x, then the pod's snapshots by uid, then their states by snapshot id), and one
    /// that starts from a reason still reads `container_states_reason` first.
    static let containerSnapshotsView = """
        CREATE VIEW container_snapshots AS
        SELECT c.id, s.cluster, s.pod_uid, s.resource_version, s.observed_at, c.container, c.init, c.state, c.reason,
            c.message, c.ready, c.started, c.restarts, c.started_at
        FROM pod_snapshots s JOIN container_states c ON c.snapshot_id = s.id
        """

    /// Moves the rows of the table `container_snapshots` (schema v14 and older) to
    /// `container_states`, keeping their row ids, and drops the table and the indexes a
    /// backfill had set aside for it. Rows are read in the snapshots' order, so the new
    /// table's index is written in order.
    static let moveContainerSnapshots = """
        INSERT INTO container_states (id, snapshot_id, container, init, state, reason, message, ready, started,
            restarts, started_at)
        SELECT c.id, s.id, c.container, c.init, c.state, c.reason, c.message, c.ready, c.started, c.restarts,
            c.started_at
        FROM pod_snapshots s CROSS JOIN container_snapshots c
            ON c.pod_uid = s.pod_uid AND c.resource_version = s.resource_version AND c.cluster = s.cluster
        ORDER BY s.id, c.container;
        DROP TABLE container_snapshots;
        DELETE FROM podtrail_meta
        WHERE key IN ('deferred_index:container_snapshots_observed', 'deferred_index:container_snapshots_reason');
        """

    /// The id of a stored snapshot (?1 cluster, ?2 pod uid, ?3 resourceVersion).
    static let selectSnapshotID = "SELECT id FROM pod_snapshots WHERE pod_uid = ?2 AND resource_version = ?3 AND cluster = ?1"

    /// A container's state in a pod snapshot (?1 the snapshot's id): `container_snapshots` is
    /// the view joining it to its snapshot (schema v15).
    static let insertContainerSnapshot = """
        INSERT OR IGNORE INTO container_states (snapshot_id, container, init, state, reason, message, ready, started,
            restarts, started_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """

    static let insertTermination = """
        INSERT OR IGNORE INTO container_terminations (cluster, pod_uid, container, init, started_at, finished_at,
            exit_code, signal, reason, message, container_id, first_observed_at, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        """

    /// A stored termination's first observation (?1 cluster, ?2 pod uid, ?3 container, ?4 finished_at).
    static let selectTerminationObserved = """
        SELECT first_observed_at FROM container_terminations
        WHERE pod_uid = ?2 AND container = ?3 AND ifnull(finished_at, '') = ifnull(?4, '') AND cluster = ?1
        """

    /// Moves a stored termination's first observation earlier (?5 the time, ?6 its source).
    static let updateTerminationObserved = """
        UPDATE container_terminations SET first_observed_at = ?5, source_id = ?6
        WHERE pod_uid = ?2 AND container = ?3 AND ifnull(finished_at, '') = ifnull(?4, '') AND cluster = ?1
        """

    static let insertReject = """
        INSERT INTO rejects (cluster, source_id, line, offset, reason, excerpt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """
}
