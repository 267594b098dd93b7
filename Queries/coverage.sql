-- coverage: what the archives hold, one row per cluster and UTC hour from the first hour with
-- data to the last, gaps included; hours more than an hour after the latest ingest (future-dated
-- records: clock skew or bad input) are left out.
--   pod_snapshots  pod snapshots stored whose observed_at lies in the hour
--   events         Event objects stored whose first occurrence lies in the hour (one per uid,
--                  however often it repeated)
--   data           'both', 'pod status only', 'events only' or 'gap'
-- What each lacks: without pod status, an hour's pod phases, startup, restarts, OOM kills and
-- time in status are unknown (crash loops, evictions and scheduling still show in events);
-- without events, back-offs, image pulls, scheduling events and node OOM events are unknown.
-- Reports and `podtrail stats` read it to say so instead of printing 0.
DROP VIEW IF EXISTS coverage;
CREATE VIEW coverage AS
WITH RECURSIVE span AS (
    -- Up to the hour of the latest ingest plus one hour: a record dated 9999-12-31 (see
    -- sources.future_records) would otherwise list every hour until then, 70 million of them.
    SELECT c.cluster, min(c.hour) AS first, max(c.hour) AS last FROM coverage_hours c
    WHERE c.hour <= ifnull((SELECT strftime('%Y-%m-%dT%H:00:00Z', max(s.ingested_at), '+1 hour') FROM sources s
        WHERE s.cluster = c.cluster), c.hour)
    GROUP BY c.cluster
),
hours (cluster, hour, last) AS (
    SELECT cluster, first, last FROM span
    UNION ALL
    SELECT cluster, strftime('%Y-%m-%dT%H:00:00Z', hour, '+1 hour'), last FROM hours WHERE hour < last
)
SELECT
    h.cluster,
    h.hour,
    ifnull(c.pod_snapshots, 0) AS pod_snapshots,
    ifnull(c.events, 0) AS events,
    CASE
        WHEN c.pod_snapshots > 0 AND c.events > 0 THEN 'both'
        WHEN c.pod_snapshots > 0 THEN 'pod status only'
        WHEN c.events > 0 THEN 'events only'
        ELSE 'gap'
    END AS data
FROM hours h
LEFT JOIN coverage_hours c ON c.cluster = h.cluster AND c.hour = h.hour;
