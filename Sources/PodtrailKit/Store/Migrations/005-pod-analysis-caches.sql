-- podtrail schema version 5: caches for the per-pod analyses built on events as well as
-- snapshots (phase_durations, crash_loops, evictions). Like schema v4's caches, each holds the
-- view's rows for every pod not listed in `stale_pods`, and the views compute the stale pods on
-- the spot (the *_stale views), so they are exact at every moment.
--
-- A pod's rows in these views depend on its own rows (pods, snapshots, terminations: the v4
-- triggers list it when those are written) and on the Events that pod_events gives it. The
-- triggers below list, in `stale_pods`, every pod whose events may have changed:
--   * an Event about a pod inserted or updated: the pod it belongs to (its involvedObject.uid,
--     or for an event without one the newest pod of its namespace and name created at or
--     before its first_seen, the rule of pod_events); for an update that changes whom or when
--     the event names, also the pod it belonged to before;
--   * a pod inserted, or its namespace, name or created_at changed: the pods of that name that
--     an event without a uid may move from (the newest created at or before it, all of them on
--     a tie), at its new place and, for a change, at its old one.
-- Each lookup is one search of the pods_name_created index (pods' indexes are never set aside).
-- (NOT EXISTS, not INSERT OR IGNORE: see migration 004.)
CREATE TRIGGER events_stale_after_insert AFTER INSERT ON events WHEN new.object_kind = 'Pod' BEGIN
    INSERT INTO stale_pods (cluster, uid)
    SELECT new.cluster, new.object_uid
    WHERE new.object_uid <> ''
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.object_uid AND cluster = new.cluster);
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE ifnull(new.object_uid, '') = ''
        AND p.namespace = new.namespace AND p.name = new.object_name AND p.cluster = new.cluster
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = new.namespace AND q.name = new.object_name AND q.cluster = new.cluster
                AND julianday(q.created_at) <= julianday(new.first_seen))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
END;
CREATE TRIGGER events_stale_after_update AFTER UPDATE ON events
WHEN new.object_kind = 'Pod' OR old.object_kind = 'Pod' BEGIN
    INSERT INTO stale_pods (cluster, uid)
    SELECT new.cluster, new.object_uid
    WHERE new.object_kind = 'Pod' AND new.object_uid <> ''
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = new.object_uid AND cluster = new.cluster);
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE new.object_kind = 'Pod' AND ifnull(new.object_uid, '') = ''
        AND p.namespace = new.namespace AND p.name = new.object_name AND p.cluster = new.cluster
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = new.namespace AND q.name = new.object_name AND q.cluster = new.cluster
                AND julianday(q.created_at) <= julianday(new.first_seen))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
    -- The pod it belonged to before, when the update changes whom or when it names.
    INSERT INTO stale_pods (cluster, uid)
    SELECT old.cluster, old.object_uid
    WHERE old.object_kind = 'Pod' AND old.object_uid <> ''
        AND (old.object_uid IS NOT new.object_uid OR new.object_kind IS NOT 'Pod')
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = old.object_uid AND cluster = old.cluster);
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE old.object_kind = 'Pod' AND ifnull(old.object_uid, '') = ''
        AND (old.object_uid IS NOT new.object_uid OR old.object_kind IS NOT new.object_kind
            OR old.namespace IS NOT new.namespace OR old.object_name IS NOT new.object_name
            OR old.first_seen IS NOT new.first_seen)
        AND p.namespace = old.namespace AND p.name = old.object_name AND p.cluster = old.cluster
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = old.namespace AND q.name = old.object_name AND q.cluster = old.cluster
                AND julianday(q.created_at) <= julianday(old.first_seen))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
END;
CREATE TRIGGER pods_neighbours_after_insert AFTER INSERT ON pods BEGIN
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE p.namespace = new.namespace AND p.name = new.name AND p.cluster = new.cluster AND p.uid <> new.uid
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = new.namespace AND q.name = new.name AND q.cluster = new.cluster
                AND q.uid <> new.uid AND julianday(q.created_at) <= julianday(new.created_at))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
END;
CREATE TRIGGER pods_neighbours_after_update AFTER UPDATE ON pods
WHEN old.created_at IS NOT new.created_at OR old.namespace IS NOT new.namespace OR old.name IS NOT new.name BEGIN
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE p.namespace = new.namespace AND p.name = new.name AND p.cluster = new.cluster AND p.uid <> new.uid
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = new.namespace AND q.name = new.name AND q.cluster = new.cluster
                AND q.uid <> new.uid AND julianday(q.created_at) <= julianday(new.created_at))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
    INSERT INTO stale_pods (cluster, uid)
    SELECT p.cluster, p.uid FROM pods p
    WHERE p.namespace = old.namespace AND p.name = old.name AND p.cluster = old.cluster AND p.uid <> old.uid
        AND julianday(p.created_at) = (
            SELECT max(julianday(q.created_at)) FROM pods q
            WHERE q.namespace = old.namespace AND q.name = old.name AND q.cluster = old.cluster
                AND q.uid <> old.uid AND julianday(q.created_at) <= julianday(old.created_at))
        AND NOT EXISTS (SELECT 1 FROM stale_pods WHERE uid = p.uid AND cluster = p.cluster);
END;

-- The pods whose v4 cached rows were just recomputed but whose rows in the caches below are
-- not yet: filled and emptied inside the refresh's transaction (AnalysisCache.refresh), so
-- empty for every other connection. The *_stale views count these pods as stale too.
CREATE TABLE refreshing_pods (
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    PRIMARY KEY (uid, cluster)
) WITHOUT ROWID;

-- The rows of phase_durations (same columns), one per pod.
CREATE TABLE phase_durations_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    pod TEXT,
    workload_kind TEXT,
    workload TEXT,
    node TEXT,
    created_at TEXT,
    scheduled_at TEXT,
    started_at TEXT,
    ready_at TEXT,
    deletion_requested_at TEXT,
    deleted_at TEXT,
    schedule_s REAL,
    image_pull_s REAL,
    start_s REAL,
    startup_s REAL,
    startup_no_pull_s REAL,
    pending_s REAL,
    running_s REAL,
    terminating_s REAL,
    lifetime_s REAL,
    PRIMARY KEY (pod_uid, cluster)
) WITHOUT ROWID;
CREATE INDEX phase_durations_cache_created ON phase_durations_cache (julianday(created_at));

-- The rows of crash_loops (same columns), one per episode.
CREATE TABLE crash_loops_cache (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    workload TEXT,
    container TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    duration_s REAL,
    restarts INTEGER,
    backoff_events INTEGER,
    last_exit_code INTEGER,
    last_reason TEXT,
    first_failure_at TEXT,
    ended_by TEXT
);
CREATE INDEX crash_loops_cache_pod ON crash_loops_cache (pod_uid, cluster);
CREATE INDEX crash_loops_cache_started ON crash_loops_cache (julianday(started_at));

-- The rows of evictions (same columns), one per pod uid.
CREATE TABLE evictions_cache (
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    namespace TEXT,
    pod TEXT,
    workload TEXT,
    node TEXT,
    evicted_at TEXT,
    cause TEXT,
    resource TEXT,
    container TEXT,
    usage TEXT,
    request TEXT,
    threshold TEXT,
    available TEXT,
    message TEXT,
    sources TEXT,
    PRIMARY KEY (pod_uid, cluster)
) WITHOUT ROWID;
CREATE INDEX evictions_cache_evicted ON evictions_cache (julianday(evicted_at));

-- Every pod of an existing database, and every pod uid its events name, is computed on the
-- spot until the open that migrated it fills the caches.
INSERT INTO stale_pods (cluster, uid) SELECT cluster, uid FROM pods WHERE true
ON CONFLICT DO NOTHING;
INSERT INTO stale_pods (cluster, uid)
SELECT DISTINCT cluster, object_uid FROM events WHERE object_kind = 'Pod' AND object_uid <> ''
ON CONFLICT DO NOTHING;
