-- podtrail schema version 15: a container's state is stored against its pod snapshot's id (#27, #29).
--
-- container_snapshots repeated its pod snapshot's identity (cluster, pod uid, resourceVersion,
-- observed_at: 69 bytes a row) in the row and in two indexes led by the pod's random uid, so
-- every nightly run wrote a day's container states into leaves spread over the whole history
-- (two of the largest B-trees a nightly run touched at random). container_states holds the
-- state alone, keyed by `pod_snapshots.id`, which grows with every snapshot written: a day's
-- rows and index entries land at the end of their B-trees. `container_snapshots` is now a view
-- over both with the same columns, in the same order, so every query keeps working.
CREATE TABLE IF NOT EXISTS container_states (
    id INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES pod_snapshots (id),
    container TEXT NOT NULL,
    init INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    message TEXT,
    ready INTEGER NOT NULL,
    started INTEGER,
    restarts INTEGER NOT NULL,
    started_at TEXT,
    UNIQUE (snapshot_id, container)
);

-- The rows of container_snapshots move here with their row ids, and the table gives way to the
-- view (`StoreSQL.containerSnapshotsView`): `Database.moveContainerSnapshots`, right after this
-- migration, in its transaction.

-- A reason's container states (crash loops, image pulls), as container_snapshots (reason,
-- observed_at) served: their times come from the snapshots.
CREATE INDEX IF NOT EXISTS container_states_reason ON container_states (reason) WHERE reason IS NOT NULL;

-- The latest ingest of a cluster, by index: the coverage view asks it for each of its hours
-- (a scan of every file of the history per hour: 0.8 s of a report on a month).
CREATE INDEX IF NOT EXISTS sources_cluster_ingested ON sources (cluster, ingested_at);

-- A report's Warning events, by the window on their first occurrence (the report's
-- warning_reasons): the window's, not every Warning of the history through events_type (0.35 s
-- on a month, read twice by a report).
CREATE INDEX IF NOT EXISTS events_warning_first ON events (type, julianday(first_seen)) WHERE type = 'Warning';

-- A pod's snapshots are found by the unique key's first column, then ordered in memory (a pod
-- holds tens of snapshots, a long crash loop thousands): `pod_snapshots (pod_uid, observed_at)`
-- held the same uids again (5% of a day's database) and was one more B-tree that every nightly
-- run wrote at random places. `pod_snapshots (status)` served no query.
DROP INDEX IF EXISTS pod_snapshots_observed;
DROP INDEX IF EXISTS pod_snapshots_status;
DELETE FROM podtrail_meta
WHERE key IN ('deferred_index:pod_snapshots_observed', 'deferred_index:pod_snapshots_status');
