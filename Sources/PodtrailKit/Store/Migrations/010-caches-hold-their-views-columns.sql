-- podtrail schema version 10: every analysis cache holds exactly its view's columns, in the
-- view's order, so that the view and the refresh are generated from the analysis's rule
-- (CachedAnalysis: `SELECT c.* FROM <name>_cache c ... UNION ALL SELECT * FROM <name>_stale`).
-- container_runs_cache and crash_loops_cache lose their `id` column (nothing read it); the rows
-- are kept (through temporary tables: ALTER TABLE RENAME would check the views, which read them).
--
-- From this version on, a cache whose view gains or loses a column is made anew when the views
-- are installed (CachedAnalysis.shapeCache), and the triggers that list the pods whose events
-- may have changed (schema v5's) are installed with the views, generated from pod_events'
-- placement rule (EventPlacement): neither needs a migration.
CREATE TEMP TABLE container_runs_cache_rows AS
SELECT cluster, pod_uid, container, init, started_at, ended_at, terminated, exit_code, reason, running_s
FROM container_runs_cache ORDER BY rowid;
DROP TABLE container_runs_cache;
CREATE TABLE container_runs_cache (
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
INSERT INTO container_runs_cache SELECT * FROM temp.container_runs_cache_rows;
DROP TABLE temp.container_runs_cache_rows;
CREATE INDEX container_runs_cache_pod ON container_runs_cache (pod_uid, cluster);
CREATE INDEX container_runs_cache_started ON container_runs_cache (julianday(started_at));

CREATE TEMP TABLE crash_loops_cache_rows AS
SELECT cluster, pod_uid, namespace, workload, container, started_at, ended_at, duration_s, restarts, backoff_events,
    last_exit_code, last_reason, first_failure_at, ended_by
FROM crash_loops_cache ORDER BY rowid;
DROP TABLE crash_loops_cache;
CREATE TABLE crash_loops_cache (
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
INSERT INTO crash_loops_cache SELECT * FROM temp.crash_loops_cache_rows;
DROP TABLE temp.crash_loops_cache_rows;
CREATE INDEX crash_loops_cache_pod ON crash_loops_cache (pod_uid, cluster);
CREATE INDEX crash_loops_cache_started ON crash_loops_cache (julianday(started_at));
