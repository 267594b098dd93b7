import Testing

@testable import PodtrailKit

/// A small hand-built database for report tests: the analysis views replaced by tables with
/// the views' columns (issue 4's contract) holding rows whose figures are worked out by hand,
/// so the report is tested apart from the analyses.
///
/// Report window: 2026-11-27 (UTC). Previous window: 2026-11-26, holding one pod (cart-0),
/// one crash-loop episode with 5 restarts and one OOM kill.
enum ReportFixture {
    static let window = TimeWindow(since: Timestamp.parse("2026-11-27T00:00:00Z"), until: Timestamp.parse("2026-11-28T00:00:00Z"))

    static func database() throws -> Database {
        let db = try Database(path: ":memory:")
        let c = db.connection
        try c.execute(
            """
            DROP VIEW IF EXISTS phase_durations; CREATE TABLE phase_durations (pod_uid, namespace, workload, node, created_at,
              schedule_s, image_pull_s, start_s, startup_s, startup_no_pull_s, pending_s, running_s, terminating_s, lifetime_s);
            DROP VIEW IF EXISTS crash_loops; CREATE TABLE crash_loops (pod_uid, namespace, workload, container, started_at,
              ended_at, duration_s, restarts, backoff_events, last_exit_code, last_reason);
            DROP VIEW IF EXISTS evictions; CREATE TABLE evictions (cluster, pod_uid, namespace, workload, node, evicted_at, cause,
              resource, message);
            DROP VIEW IF EXISTS oom_kills; CREATE TABLE oom_kills (pod_uid, namespace, workload, node, container, killed_at,
              memory_limit);
            DROP VIEW IF EXISTS oom_rates; CREATE TABLE oom_rates (cluster, namespace, workload, container, oom_kills, container_starts,
              running_hours, oom_per_100_starts, oom_per_container_hour);
            DROP VIEW IF EXISTS container_runs; CREATE TABLE container_runs (cluster, pod_uid, container, init, started_at,
              ended_at, terminated, exit_code, reason, running_s);
            DROP VIEW IF EXISTS status_durations; CREATE TABLE status_durations (pod_uid, namespace, workload, status, seconds);
            DROP VIEW IF EXISTS node_oom_events; CREATE TABLE node_oom_events (cluster, node, reason, occurrences, first_seen);
            """)
        let pods: [(String, String, String, String, String)] = [
            ("c0", "shop", "cart-7d9f-aaaaa", "cart", "2026-11-26T00:00:00Z"),
            ("c1", "shop", "cart-7d9f-bbbbb", "cart", "2026-11-27T01:00:00Z"),
            ("c2", "shop", "cart-7d9f-ccccc", "cart", "2026-11-27T02:00:00Z"),
            ("w1", "shop", "web|0", "web", "2026-11-27T03:00:00.5Z"),
            ("e1", "batch", "etl-1", "etl", "2026-11-27T04:00:00Z"),
        ]
        for (uid, namespace, name, workload, created) in pods {
            _ = try c.rows(
                """
                INSERT INTO pods (cluster, uid, namespace, name, workload, created_at, first_observed_at, last_observed_at)
                VALUES ('prod', ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', ?, '+1 hour'))
                """, [.text(uid), .text(namespace), .text(name), .text(workload), .text(created), .text(created), .text(created)])
        }
        try c.execute(
            """
            INSERT INTO phase_durations VALUES
              ('c0', 'shop', 'cart', 'n1', '2026-11-26T00:00:00Z', 1, 2, 3, 20, 18, 5, 3000, NULL, 3600),
              ('c1', 'shop', 'cart', 'n1', '2026-11-27T01:00:00Z', 1, 4, 2, 10, 6, 7, 3000, 30, 3600),
              ('c2', 'shop', 'cart', 'n1', '2026-11-27T02:00:00Z', 2, 0, 25, 30, 30, 27, 600, NULL, 3600),
              ('w1', 'shop', 'web', 'n2', '2026-11-27T03:00:00.5Z', 0.5, 0, 1, 5, 5, 1.5, 60, NULL, 3600),
              ('e1', 'batch', 'etl', 'n1', '2026-11-27T04:00:00Z', 3, NULL, NULL, NULL, NULL, 3600, NULL, NULL, 3600);
            INSERT INTO crash_loops VALUES
              ('c0', 'shop', 'cart', 'app', '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z', 3600, 5, 5, 1, 'Error'),
              ('c1', 'shop', 'cart', 'app', '2026-11-27T05:00:00Z', '2026-11-27T05:30:00Z', 1800, 4, 6, 1, 'Error'),
              ('c2', 'shop', 'cart', 'app', '2026-11-27T06:00:00Z', '2026-11-27T06:10:00Z', 600, 2, 3, 137, 'OOMKilled'),
              ('w1', 'shop', 'web', 'nginx|proxy', '2026-11-27T07:00:00Z', NULL, NULL, 1, 1, -1, '=cmd|'' /C calc''!A0');
            INSERT INTO evictions VALUES
              ('prod', 'c2', 'shop', 'cart', 'n1', '2026-11-27T08:00:00Z', 'memory-pressure', 'memory',
               'The node was low on resource: memory. Container app was using 600Mi, request is 100Mi.' || char(10) || '| injected | row |'),
              ('prod', 'w1', 'shop', 'web', 'n2', '2026-11-27T09:00:00Z', 'disk-pressure', 'ephemeral-storage',
               '<script>alert(1)</script> `rm -rf`'),
              ('prod', 'e1', 'batch', 'etl', 'n1', '2026-11-27T10:00:00Z', 'memory-pressure', 'memory', '-1 weird, "quoted"');
            INSERT INTO oom_kills VALUES
              ('c0', 'shop', 'cart', 'n1', 'app', '2026-11-26T12:00:00Z', 268435456),
              ('c2', 'shop', 'cart', 'n1', 'app', '2026-11-27T06:05:00Z', 268435456),
              ('c2', 'shop', 'cart', 'n1', 'app', '2026-11-27T06:09:30.25Z', 268435456),
              ('e1', 'batch', 'etl', 'n1', 'etl-worker', '2026-11-27T11:15:00Z', NULL);
            INSERT INTO oom_rates VALUES
              ('prod', 'shop', 'cart', 'app', 3, 12, 30.5, 25.0, 0.0984),
              ('prod', 'batch', 'etl', 'etl-worker', 1, 2, 1.5, 50.0, 0.6667),
              ('prod', 'shop', 'web', 'nginx|proxy', 0, 5, 20.0, 0.0, 0.0);
            -- Runs started in the window: cart/app 4 × 1800 s (c1) + 4 × 900 s (c2) = 8 starts, 3 h,
            -- with 2 kills in the window: 25 per 100 starts, 0.666667 per hour; etl-worker 2 × 2700 s
            -- = 1.5 h, 1 kill: 50, 0.666667; nginx|proxy 5 × 4 h, no kill: 0, 0. c0's runs are the day before.
            INSERT INTO container_runs (cluster, pod_uid, container, init, started_at, running_s) VALUES
              ('prod', 'c0', 'app', 0, '2026-11-26T10:00:00Z', 3600), ('prod', 'c0', 'app', 0, '2026-11-26T11:00:00Z', 3600),
              ('prod', 'c1', 'app', 0, '2026-11-27T01:00:00Z', 1800), ('prod', 'c1', 'app', 0, '2026-11-27T01:30:00Z', 1800),
              ('prod', 'c1', 'app', 0, '2026-11-27T02:00:00Z', 1800), ('prod', 'c1', 'app', 0, '2026-11-27T02:30:00Z', 1800),
              ('prod', 'c2', 'app', 0, '2026-11-27T05:00:00Z', 900), ('prod', 'c2', 'app', 0, '2026-11-27T05:15:00Z', 900),
              ('prod', 'c2', 'app', 0, '2026-11-27T05:30:00Z', 900), ('prod', 'c2', 'app', 0, '2026-11-27T06:05:10Z', 900),
              ('prod', 'e1', 'etl-worker', 0, '2026-11-27T04:00:00Z', 2700), ('prod', 'e1', 'etl-worker', 0, '2026-11-27T11:15:10Z', 2700),
              ('prod', 'w1', 'nginx|proxy', 0, '2026-11-27T03:00:00Z', 14400), ('prod', 'w1', 'nginx|proxy', 0, '2026-11-27T07:00:00Z', 14400),
              ('prod', 'w1', 'nginx|proxy', 0, '2026-11-27T11:00:00Z', 14400), ('prod', 'w1', 'nginx|proxy', 0, '2026-11-27T15:00:00Z', 14400),
              ('prod', 'w1', 'nginx|proxy', 0, '2026-11-27T19:00:00Z', 14400);
            INSERT INTO status_durations VALUES
              ('c0', 'shop', 'cart', 'Running', 99),
              ('c1', 'shop', 'cart', 'Running', 3000), ('c1', 'shop', 'cart', 'CrashLoopBackOff', 1800),
              ('c2', 'shop', 'cart', 'Running', 600), ('w1', 'shop', 'web', 'Pending', 30);
            INSERT INTO node_oom_events VALUES ('prod', 'n1', 'SystemOOM', 2, '2026-11-27T06:05:00Z'),
              ('prod', 'n1', 'OOMKilling', 1, '2026-11-26T12:00:00Z');
            INSERT INTO events (cluster, uid, namespace, object_kind, object_name, reason, count, first_seen, last_seen, api_version)
            VALUES ('prod', 'ev1', NULL, 'Node', 'n1', 'SystemOOM', 2, '2026-11-27T06:05:00Z', '2026-11-27T06:09:00Z', 'v1'),
                   ('prod', 'ev2', NULL, 'Node', 'n1', 'OOMKilling', 1, '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z', 'v1');
            -- What the archives held (the writer keeps this as it stores rows): a snapshot and an
            -- event in each pod's first hour, and the node events' hours.
            INSERT INTO coverage_hours (cluster, hour, pod_snapshots, events)
            SELECT 'prod', strftime('%Y-%m-%dT%H:00:00Z', created_at), 1, 1 FROM pods
            UNION ALL SELECT 'prod', '2026-11-27T06:00:00Z', 0, 1
            UNION ALL SELECT 'prod', '2026-11-26T12:00:00Z', 0, 1;
            -- Every view the report reads has the cluster column (the rows above are prod's).
            ALTER TABLE phase_durations ADD COLUMN cluster DEFAULT 'prod';
            ALTER TABLE phase_durations ADD COLUMN scheduled_at; ALTER TABLE phase_durations ADD COLUMN started_at;
            ALTER TABLE phase_durations ADD COLUMN ready_at; ALTER TABLE phase_durations ADD COLUMN deletion_requested_at;
            ALTER TABLE phase_durations ADD COLUMN deleted_at; ALTER TABLE phase_durations ADD COLUMN notes;
            ALTER TABLE crash_loops ADD COLUMN cluster DEFAULT 'prod';
            ALTER TABLE oom_kills ADD COLUMN cluster DEFAULT 'prod';
            ALTER TABLE status_durations ADD COLUMN cluster DEFAULT 'prod';
            -- The terminations view reads phase_durations: c1 went in 30 s (its grace period),
            -- w1 in 120 s (90 s over), e1 was never seen gone (unknown).
            ALTER TABLE phase_durations ADD COLUMN pod;
            UPDATE phase_durations SET pod = (SELECT name FROM pods WHERE uid = pod_uid);
            UPDATE phase_durations SET deletion_requested_at = '2026-11-27T01:59:00Z', deleted_at = '2026-11-27T01:59:30Z' WHERE pod_uid = 'c1';
            UPDATE phase_durations SET deletion_requested_at = '2026-11-27T07:30:00Z', deleted_at = '2026-11-27T07:32:00Z', terminating_s = 120
              WHERE pod_uid = 'w1';
            UPDATE phase_durations SET deletion_requested_at = '2026-11-27T05:00:00Z' WHERE pod_uid = 'e1';
            UPDATE pods SET grace_period_s = 30 WHERE uid IN ('c1', 'w1', 'e1');
            -- w1 was observed and never Ready: never_ready's one pod (seen 03:00:00.5 to 04:00:00).
            UPDATE pods SET snapshots = 2, final_phase = 'Running', final_status = 'CrashLoopBackOff', restarts = 4 WHERE uid = 'w1';
            -- Warning events: on the 27th BackOff 6 (w1) + 3 (c2) and FailedScheduling 4 (e1, two
            -- causes); on the 26th BackOff 5 (c0). An image that failed to pull for c1 (2 failed
            -- pulls; back-offs the larger of 7 and 5), and pulls: cart:1.0 in 3 s and 12 s
            -- (including waiting), nginx already present twice.
            INSERT INTO events (cluster, uid, namespace, object_kind, object_name, object_uid, container, reason, message, type, count,
              first_seen, last_seen, api_version) VALUES
              ('prod', 'w-1', 'shop', 'Pod', 'web|0', 'w1', 'nginx|proxy', 'BackOff', 'Back-off restarting failed container', 'Warning', 6,
               '2026-11-27T05:00:00Z', '2026-11-27T05:20:00Z', 'v1'),
              ('prod', 'w-2', 'shop', 'Pod', 'cart-7d9f-ccccc', 'c2', 'app', 'BackOff', 'Back-off restarting failed container', 'Warning', 3,
               '2026-11-27T06:00:00Z', '2026-11-27T06:09:00Z', 'v1'),
              ('prod', 'w-3', 'batch', 'Pod', 'etl-1', 'e1', NULL, 'FailedScheduling',
               '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
               'Warning', 4, '2026-11-27T04:00:00Z', '2026-11-27T04:20:00Z', 'v1'),
              ('prod', 'w-4', 'shop', 'Pod', 'cart-7d9f-aaaaa', 'c0', 'app', 'BackOff', 'Back-off restarting failed container', 'Warning', 5,
               '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z', 'v1'),
              ('prod', 'p-1', 'shop', 'Pod', 'cart-7d9f-bbbbb', 'c1', 'app', 'Failed',
               'Failed to pull image "registry.example.com/shop/cart:bad": rpc error: code = NotFound desc = not found', 'Warning', 2,
               '2026-11-27T01:00:10Z', '2026-11-27T01:01:00Z', 'v1'),
              ('prod', 'p-2', 'shop', 'Pod', 'cart-7d9f-bbbbb', 'c1', 'app', 'BackOff', 'Back-off pulling image "registry.example.com/shop/cart:bad"',
               'Normal', 7, '2026-11-27T01:00:20Z', '2026-11-27T01:05:00Z', 'v1'),
              ('prod', 'p-3', 'shop', 'Pod', 'cart-7d9f-bbbbb', 'c1', 'app', 'Failed', 'Error: ImagePullBackOff', 'Warning', 5,
               '2026-11-27T01:00:20Z', '2026-11-27T01:05:00Z', 'v1'),
              ('prod', 'p-4', 'shop', 'Pod', 'cart-7d9f-bbbbb', 'c1', 'app', 'Pulled',
               'Successfully pulled image "registry.example.com/shop/cart:1.0" in 2.5s (3s including waiting)', 'Normal', 1,
               '2026-11-27T01:06:00Z', '2026-11-27T01:06:00Z', 'v1'),
              ('prod', 'p-5', 'shop', 'Pod', 'cart-7d9f-ccccc', 'c2', 'app', 'Pulled',
               'Successfully pulled image "registry.example.com/shop/cart:1.0" in 10s (12s including waiting)', 'Normal', 1,
               '2026-11-27T02:00:30Z', '2026-11-27T02:00:30Z', 'v1'),
              ('prod', 'p-6', 'shop', 'Pod', 'web|0', 'w1', 'nginx|proxy', 'Pulled', 'Container image "nginx:1.27" already present on machine',
               'Normal', 2, '2026-11-27T03:00:10Z', '2026-11-27T03:00:10Z', 'v1');
            """)
        return db
    }
}
