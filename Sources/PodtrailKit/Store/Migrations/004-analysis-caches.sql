-- podtrail schema version 4: caches for the analyses that need a window over every snapshot of a
-- pod (pod_status_segments, status_durations, container_runs). Each cache holds the view's rows
-- for the pods whose rows were last computed; `stale_pods` lists the pods written since (the
-- triggers below add every pod whose `pods` row an ingest inserts or updates, and an ingest
-- writes that row for every new snapshot). The views read the cache for every other pod and
-- compute the stale pods on the spot (the *_stale views), so they are exact at every moment;
-- each ingest recomputes the pods it touched once, after its last file (AnalysisCache.refresh),
-- which leaves `stale_pods` empty, and a report then reads rows instead of sorting every snapshot.
CREATE TABLE stale_pods (
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    PRIMARY KEY (uid, cluster)
) WITHOUT ROWID;
-- (NOT EXISTS, not INSERT OR IGNORE: inside the writer's upsert, SQLite applies the outer
-- statement's conflict policy to the trigger's insert, and a pod written twice would fail.)
CREATE TRIGGER pods_stale_after_insert AFTER INSERT ON pods BEGIN
    INSERT INTO stale_pods (cluster, uid) SELECT new.cluster, new.uid
    WHERE NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.uid AND cluster = new.cluster);
END;
CREATE TRIGGER pods_stale_after_update AFTER UPDATE ON pods BEGIN
    INSERT INTO stale_pods (cluster, uid) SELECT new.cluster, new.uid
    WHERE NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.uid AND cluster = new.cluster);
END;

-- The rows of pod_status_segments (same columns), one per snapshot, in the pod's order.
CREATE TABLE pod_status_segments_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    snapshot_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    phase TEXT,
    status TEXT,
    deleted INTEGER NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    seconds REAL,
    PRIMARY KEY (pod_uid, cluster, n)
) WITHOUT ROWID;

-- The rows of status_durations (same columns), one per pod and status.
CREATE TABLE status_durations_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    pod TEXT,
    workload TEXT,
    created_at TEXT,
    status TEXT NOT NULL,
    seconds REAL,
    segments INTEGER NOT NULL,
    first_segment INTEGER NOT NULL,
    first_seen_at TEXT,
    PRIMARY KEY (pod_uid, cluster, status)
) WITHOUT ROWID;
CREATE INDEX status_durations_cache_created ON status_durations_cache (julianday(created_at));

-- The rows of container_runs (same columns), one per observed run of a container.
CREATE TABLE container_runs_cache (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    container TEXT NOT NULL,
    init INTEGER,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    terminated INTEGER NOT NULL,
    exit_code INTEGER,
    reason TEXT,
    running_s REAL
);
CREATE INDEX container_runs_cache_pod ON container_runs_cache (pod_uid, cluster);
CREATE INDEX container_runs_cache_started ON container_runs_cache (julianday(started_at));

-- Every pod of an existing database is computed on the spot until the first ingest (or the
-- open that migrated it) fills the caches.
INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods;
