-- podtrail schema version 1. Timestamps are ISO-8601 UTC text ('2026-11-27T02:00:00Z',
-- '2026-11-27T02:00:00.678299Z') with the precision of the source; compare them with
-- julianday() when precisions may differ. Booleans are 0/1. Every table carries `cluster`.

-- The ingest ledger: one row per input file (or standard input) read.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    format TEXT NOT NULL,
    json_bytes INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    rejects INTEGER NOT NULL DEFAULT 0,
    first_record_at TEXT,
    last_record_at TEXT,
    ingested_at TEXT NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (path, cluster)
);
CREATE INDEX sources_fingerprint ON sources (fingerprint);

-- One row per distinct Event object (by uid), its latest observed state.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    namespace TEXT,
    name TEXT,
    object_kind TEXT,
    object_name TEXT,
    object_uid TEXT,
    field_path TEXT,
    container TEXT,
    reason TEXT,
    message TEXT,
    type TEXT,
    count INTEGER NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    source_component TEXT,
    source_host TEXT,
    api_version TEXT NOT NULL,
    resource_version TEXT,
    source_id INTEGER REFERENCES sources (id),
    UNIQUE (uid, cluster)
);
CREATE INDEX events_object_uid ON events (object_uid);
CREATE INDEX events_object ON events (object_kind, namespace, object_name);
CREATE INDEX events_reason ON events (reason, last_seen);
CREATE INDEX events_last_seen ON events (last_seen);
CREATE INDEX events_type ON events (type, last_seen);

-- One row per pod uid: what the snapshots and events tell about its whole life.
CREATE TABLE pods (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    uid TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    node TEXT,
    workload_kind TEXT,
    workload TEXT,
    workload_inferred INTEGER NOT NULL DEFAULT 0,
    owner_kind TEXT,
    owner_name TEXT,
    created_at TEXT,
    scheduled_at TEXT,
    started_at TEXT,
    ready_at TEXT,
    deletion_requested_at TEXT,
    deleted_at TEXT,
    grace_period_s INTEGER,
    final_phase TEXT,
    final_status TEXT,
    final_reason TEXT,
    final_message TEXT,
    restarts INTEGER NOT NULL DEFAULT 0,
    qos_class TEXT,
    restart_policy TEXT,
    memory_request_bytes INTEGER,
    memory_limit_bytes INTEGER,
    cpu_request_millicores INTEGER,
    cpu_limit_millicores INTEGER,
    first_observed_at TEXT,
    last_observed_at TEXT,
    snapshots INTEGER NOT NULL DEFAULT 0,
    UNIQUE (uid, cluster)
);
CREATE INDEX pods_namespace_name ON pods (namespace, name);
CREATE INDEX pods_workload ON pods (namespace, workload);
CREATE INDEX pods_node ON pods (node);
CREATE INDEX pods_created_at ON pods (created_at);

-- One row per container of a pod, from the pod spec and statuses.
CREATE TABLE containers (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    name TEXT NOT NULL,
    init INTEGER NOT NULL,
    sidecar INTEGER NOT NULL DEFAULT 0,
    image TEXT,
    memory_request_bytes INTEGER,
    memory_limit_bytes INTEGER,
    cpu_request_millicores INTEGER,
    cpu_limit_millicores INTEGER,
    restarts INTEGER NOT NULL DEFAULT 0,
    first_started_at TEXT,
    UNIQUE (pod_uid, name, cluster)
);

-- One row per distinct observed pod state (uid + resourceVersion).
CREATE TABLE pod_snapshots (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    resource_version TEXT NOT NULL,
    observed_at TEXT,
    phase TEXT,
    status TEXT,
    ready INTEGER,
    restarts INTEGER NOT NULL,
    reason TEXT,
    message TEXT,
    node TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    source_id INTEGER REFERENCES sources (id),
    UNIQUE (pod_uid, resource_version, cluster)
);
CREATE INDEX pod_snapshots_observed ON pod_snapshots (pod_uid, observed_at);
CREATE INDEX pod_snapshots_status ON pod_snapshots (status);
CREATE INDEX pod_snapshots_reason ON pod_snapshots (reason, observed_at) WHERE reason IS NOT NULL;

-- One row per container per pod snapshot: the container's state at that observation.
CREATE TABLE container_snapshots (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    resource_version TEXT NOT NULL,
    observed_at TEXT,
    container TEXT NOT NULL,
    init INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    message TEXT,
    ready INTEGER NOT NULL,
    started INTEGER,
    restarts INTEGER NOT NULL,
    started_at TEXT,
    UNIQUE (pod_uid, resource_version, container, cluster)
);
CREATE INDEX container_snapshots_observed ON container_snapshots (pod_uid, container, observed_at);
CREATE INDEX container_snapshots_reason ON container_snapshots (reason, observed_at) WHERE reason IS NOT NULL;

-- One row per distinct container termination (state.terminated and later lastState.terminated
-- of the same run are one row: identified by pod, container and finishedAt).
CREATE TABLE container_terminations (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    pod_uid TEXT NOT NULL,
    container TEXT NOT NULL,
    init INTEGER NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    exit_code INTEGER,
    signal INTEGER,
    reason TEXT,
    message TEXT,
    container_id TEXT,
    first_observed_at TEXT,
    source_id INTEGER REFERENCES sources (id)
);
CREATE UNIQUE INDEX container_terminations_identity
    ON container_terminations (pod_uid, container, ifnull(finished_at, ''), cluster);
CREATE INDEX container_terminations_reason ON container_terminations (reason, finished_at);

-- Every record that could not be used, and every damaged stretch of a file.
CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    cluster TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    line INTEGER,
    offset INTEGER,
    reason TEXT NOT NULL,
    excerpt TEXT
);
CREATE INDEX rejects_source ON rejects (source_id);

-- podtrail's own bookkeeping (the hash of the installed views).
CREATE TABLE podtrail_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
