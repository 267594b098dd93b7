import Foundation

@testable import PodtrailKit

/// A small hand-written history for the named-query tests (2026-11-27, cluster c1).
///
/// Pods: shop/web-1 (ready, restarts 5, two OOM kills under a 256Mi limit), shop/web-2 (pending
/// 9 min, crash-looping, never ready, one OOM kill under 512Mi), data/db-0 (never scheduled,
/// ErrImagePull), shop/job-1 (Succeeded, terminated 15 s over its 30 s grace), shop/web-3
/// (evicted on node-a). Events cover scheduling, pulls in every Go duration form, evictions
/// (one of a pod podtrail never saw as a snapshot), back-offs, probes and a node SystemOOM.
enum QueryFixture {
    /// Opens (creating) a database at `path` and inserts the history.
    static func database(path: String = ":memory:") throws -> Database {
        let db = try Database(path: path)
        try db.connection.execute(sql)
        return db
    }

    static let sql = """
        INSERT INTO sources (id, cluster, path, size, fingerprint, format, ingested_at, status) VALUES
            (1, 'c1', 'a.ndjson', 100, 'f1', 'ndjson', '2026-11-28T00:00:00Z', 'ok'),
            (2, 'c1', 'b.ndjson.gz', 50, 'f2', 'gzip', '2026-11-28T00:00:00Z', 'truncated');
        INSERT INTO rejects (cluster, source_id, line, offset, reason, excerpt) VALUES
            ('c1', 1, 9, 400, 'not JSON', 'more'),
            ('c1', 1, 3, 100, 'not JSON', 'garbage'),
            ('c1', 2, 1, 0, 'truncated gzip', NULL);
        INSERT INTO pods (cluster, uid, namespace, name, node, workload, created_at, scheduled_at, started_at,
            ready_at, deletion_requested_at, deleted_at, grace_period_s, final_phase, final_status, final_reason,
            restarts, last_observed_at) VALUES
            ('c1', 'u-web1', 'shop', 'web-1', 'node-a', 'web', '2026-11-27T10:00:00Z', '2026-11-27T10:00:02Z',
                '2026-11-27T10:00:10Z', '2026-11-27T10:00:15Z', NULL, NULL, NULL, 'Running', 'Running', NULL, 5,
                '2026-11-27T11:00:00Z'),
            ('c1', 'u-web2', 'shop', 'web-2', 'node-b', 'web', '2026-11-27T10:00:00Z', '2026-11-27T10:00:30.5Z',
                '2026-11-27T10:09:00Z', NULL, NULL, NULL, NULL, 'Running', 'CrashLoopBackOff', NULL, 2,
                '2026-11-27T10:30:00Z'),
            ('c1', 'u-db0', 'data', 'db-0', NULL, 'db', '2026-11-27T09:00:00Z', NULL, NULL, NULL, NULL, NULL, NULL,
                'Pending', 'Pending', NULL, 0, '2026-11-27T09:20:00Z'),
            ('c1', 'u-job', 'shop', 'job-1', 'node-b', 'job', '2026-11-27T08:00:00Z', '2026-11-27T08:00:01Z',
                '2026-11-27T08:00:03Z', NULL, '2026-11-27T08:10:00Z', '2026-11-27T08:10:45Z', 30, 'Succeeded',
                'Completed', NULL, 0, '2026-11-27T08:10:45Z'),
            ('c1', 'u-ev', 'shop', 'web-3', 'node-a', 'web', '2026-11-27T10:30:00Z', '2026-11-27T10:30:01Z',
                '2026-11-27T10:30:05Z', '2026-11-27T10:30:06Z', '2026-11-27T10:50:00Z', '2026-11-27T10:50:20Z', 30,
                'Failed', 'Evicted', 'Evicted', 0, '2026-11-27T10:50:20Z');
        UPDATE pods SET snapshots = 1;
        INSERT INTO containers (cluster, pod_uid, name, init, image, memory_request_bytes, memory_limit_bytes,
            restarts, first_started_at) VALUES
            ('c1', 'u-web1', 'app', 0, 'web:1.0', 134217728, 268435456, 5, '2026-11-27T10:00:10Z'),
            ('c1', 'u-web1', 'sidecar', 0, 'proxy:2', NULL, NULL, 0, '2026-11-27T10:00:12Z'),
            ('c1', 'u-web2', 'app', 0, 'web:1.1', NULL, 536870912, 2, '2026-11-27T10:09:00Z'),
            ('c1', 'u-db0', 'db', 0, 'db:bad', NULL, NULL, 0, NULL),
            ('c1', 'u-job', 'job', 0, 'job:1', NULL, NULL, 0, '2026-11-27T08:00:03Z');
        INSERT INTO container_terminations (cluster, pod_uid, container, init, finished_at, exit_code, reason) VALUES
            ('c1', 'u-web1', 'app', 0, '2026-11-27T10:20:00Z', 137, 'OOMKilled'),
            ('c1', 'u-web1', 'app', 0, '2026-11-27T10:40:00Z', 137, 'OOMKilled'),
            ('c1', 'u-web1', 'app', 0, '2026-11-27T10:50:00.5Z', 1, 'Error'),
            ('c1', 'u-web2', 'app', 0, '2026-11-27T10:15:00Z', 137, 'OOMKilled'),
            ('c1', 'u-web2', 'app', 0, '2026-11-27T10:20:00Z', 2, 'Error'),
            ('c1', 'u-job', 'job', 0, '2026-11-27T08:05:00Z', 0, 'Completed');
        CREATE TEMP TABLE fixture_container_snapshots (cluster, pod_uid, resource_version, observed_at, container,
            init, state, reason, ready, restarts);
        INSERT INTO fixture_container_snapshots (cluster, pod_uid, resource_version, observed_at, container, init,
            state, reason, ready, restarts) VALUES
            ('c1', 'u-web2', '1', '2026-11-27T10:16:00Z', 'app', 0, 'waiting', 'CrashLoopBackOff', 0, 1),
            ('c1', 'u-web2', '2', '2026-11-27T10:21:00Z', 'app', 0, 'waiting', 'CrashLoopBackOff', 0, 2),
            ('c1', 'u-web2', '3', '2026-11-27T10:25:00Z', 'app', 0, 'running', NULL, 0, 2),
            ('c1', 'u-web1', '5', '2026-11-27T10:41:00Z', 'app', 0, 'waiting', 'CrashLoopBackOff', 0, 4),
            ('c1', 'u-web1', '6', '2026-11-27T10:51:00Z', 'app', 0, 'waiting', 'CrashLoopBackOff', 0, 5),
            ('c1', 'u-web1', '1', '2026-11-27T10:00:05Z', 'sidecar', 0, 'waiting', 'ImagePullBackOff', 0, 0),
            ('c1', 'u-db0', '1', '2026-11-27T09:01:00Z', 'db', 0, 'waiting', 'ErrImagePull', 0, 0),
            ('c1', 'u-db0', '2', '2026-11-27T09:02:00Z', 'db', 0, 'waiting', 'ImagePullBackOff', 0, 0),
            ('c1', 'u-db0', '3', '2026-11-27T09:05:00Z', 'db', 0, 'waiting', 'ErrImagePull', 0, 0);
        -- Container states are stored against their pod snapshot (schema v15).
        INSERT INTO pod_snapshots (cluster, pod_uid, resource_version, observed_at, restarts)
        SELECT DISTINCT cluster, pod_uid, resource_version, observed_at, 0 FROM temp.fixture_container_snapshots;
        INSERT INTO container_states (snapshot_id, container, init, state, reason, ready, restarts)
        SELECT s.id, f.container, f.init, f.state, f.reason, f.ready, f.restarts
        FROM temp.fixture_container_snapshots f JOIN pod_snapshots s
            ON s.pod_uid = f.pod_uid AND s.resource_version = f.resource_version AND s.cluster = f.cluster;
        DROP TABLE temp.fixture_container_snapshots;
        INSERT INTO pod_snapshots (cluster, pod_uid, resource_version, observed_at, phase, status, ready, restarts,
            reason, message, node, deleted) VALUES
            ('c1', 'u-ev', 'e1', '2026-11-27T10:30:06Z', 'Running', 'Running', 1, 0, NULL, NULL, 'node-a', 0),
            ('c1', 'u-ev', 'e2', '2026-11-27T10:45:00.250Z', 'Failed', 'Evicted', 0, 0, 'Evicted',
                'The node was low on resource: memory. ', 'node-a', 0),
            ('c1', 'u-ev', 'e3', '2026-11-27T10:50:20Z', 'Failed', 'Evicted', 0, 0, 'Evicted',
                'The node was low on resource: memory. ', 'node-a', 1),
            ('c1', 'u-web1', 'w1', '2026-11-27T10:00:15Z', 'Running', 'Running', 1, 0, NULL, NULL, 'node-a', 0);
        INSERT INTO events (cluster, uid, namespace, object_kind, object_name, object_uid, container, reason, message,
            type, count, first_seen, last_seen, source_component, source_host, api_version) VALUES
            ('c1', 'ev1', 'data', 'Pod', 'db-0', 'u-db0', NULL, 'FailedScheduling',
                '0/3 nodes are available: 3 Insufficient cpu.', 'Warning', 4,
                '2026-11-27T09:00:00Z', '2026-11-27T09:10:00Z', 'default-scheduler', NULL, 'v1'),
            ('c1', 'ev2', 'data', 'Pod', 'db-0', 'u-db0', NULL, 'FailedScheduling',
                '0/3 nodes are available: 1 node(s) had untolerated taint.', 'Warning', 1,
                '2026-11-27T09:15:00Z', '2026-11-27T09:15:00Z', 'default-scheduler', NULL, 'v1'),
            ('c1', 'ev3', 'shop', 'Pod', 'web-1', 'u-web1', 'app', 'Pulled',
                'Successfully pulled image "web:1.0" in 1m3.2s (1m3.2s including waiting). Image size: 1000 bytes.',
                'Normal', 1, '2026-11-27T10:00:09Z', '2026-11-27T10:00:09Z', 'kubelet', 'node-a', 'v1'),
            ('c1', 'ev4', 'shop', 'Pod', 'web-2', 'u-web2', 'app', 'Pulled',
                'Successfully pulled image "web:1.1" in 850ms (850ms including waiting)', 'Normal', 2,
                '2026-11-27T10:08:59Z', '2026-11-27T10:20:30Z', 'kubelet', 'node-b', 'v1'),
            ('c1', 'ev5', 'shop', 'Pod', 'web-3', 'u-ev', 'app', 'Pulled',
                'Container image "web:1.0" already present on machine', 'Normal', 1,
                '2026-11-27T10:30:04Z', '2026-11-27T10:30:04Z', 'kubelet', 'node-a', 'v1'),
            ('c1', 'ev6', 'shop', 'Pod', 'job-1', 'u-job', 'job', 'Pulled',
                'Successfully pulled image "job:1" in 2.5s', 'Normal', 1,
                '2026-11-27T08:00:02Z', '2026-11-27T08:00:02Z', 'kubelet', 'node-b', 'v1'),
            ('c1', 'ev7', 'shop', 'Pod', 'web-1', 'u-web1', 'app', 'Pulled',
                'Successfully pulled image "web:1.0" in 2.8s (2.8s including waiting)', 'Normal', 1,
                '2026-11-27T11:00:00Z', '2026-11-27T11:00:00Z', 'kubelet', NULL, 'v1'),
            ('c1', 'ev8', 'batch', 'Pod', 'big-0', 'u-big', 'main', 'Pulled',
                'Successfully pulled image "big:1" in 1h2m3s (1h2m3s including waiting)', 'Normal', 1,
                '2026-11-27T07:00:00Z', '2026-11-27T07:00:00Z', 'kubelet', 'node-c', 'v1'),
            ('c1', 'ev9', 'shop', 'Pod', 'web-3', 'u-ev', NULL, 'Evicted',
                'The node was low on resource: memory. ', 'Warning', 1,
                '2026-11-27T10:44:59Z', '2026-11-27T10:44:59Z', 'kubelet', 'node-a', 'v1'),
            ('c1', 'ev10', 'batch', 'Pod', 'gone-0', 'u-gone', NULL, 'Evicted',
                'The node was low on resource: ephemeral-storage. ', 'Warning', 1,
                '2026-11-27T11:05:00Z', '2026-11-27T11:05:00Z', 'kubelet', 'node-b', 'v1'),
            ('c1', 'ev11', 'shop', 'Pod', 'web-2', 'u-web2', 'app', 'BackOff',
                'Back-off restarting failed container app in pod web-2_shop(u-web2)', 'Warning', 6,
                '2026-11-27T10:16:00Z', '2026-11-27T10:24:00Z', 'kubelet', 'node-b', 'v1'),
            ('c1', 'ev12', NULL, 'Node', 'node-a', 'node-a-uid', NULL, 'SystemOOM',
                'System OOM encountered, victim process: app, pid: 4242', 'Warning', 2,
                '2026-11-27T10:19:59Z', '2026-11-27T10:39:59Z', 'kubelet', 'node-a', 'v1'),
            ('c1', 'ev13', 'shop', 'Pod', 'web-2', 'u-web2', NULL, 'Unhealthy',
                'Readiness probe failed: HTTP probe failed with statuscode: 503', 'Warning', 3,
                '2026-11-27T10:09:10Z', '2026-11-27T10:29:50Z', 'kubelet', 'node-b', 'v1'),
            ('c1', 'ev14', 'shop', 'Pod', 'web-2', 'u-web2', NULL, 'FailedScheduling',
                '0/3 nodes are available: 3 Insufficient memory.', 'Warning', 2,
                '2026-11-27T10:00:01Z', '2026-11-27T10:00:20Z', 'default-scheduler', NULL, 'v1');
        """
}
