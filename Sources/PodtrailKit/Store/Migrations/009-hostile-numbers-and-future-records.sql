-- podtrail schema version 9: hostile numbers and future-dated records (#25).
--
-- sources.future_records: the records of a file dated more than an hour after the ingest that
-- read it (clock skew or bad input); they stay in the tables but never move the end of a
-- nightly window.
ALTER TABLE sources ADD COLUMN future_records INTEGER NOT NULL DEFAULT 0;

-- An Event count outside Kubernetes' int32 is not one an apiserver wrote, and two of them
-- overflowed every sum(count) ("integer overflow"). podtrail now rejects such Events at ingest;
-- those an older podtrail stored move to rejects the same way, their pods recomputed.
INSERT INTO rejects (cluster, source_id, line, offset, reason, excerpt)
SELECT cluster, source_id, NULL, NULL,
    'Event count ' || count || ' is outside the range of Kubernetes'' int32 count (0 to 2147483647)', uid
FROM events WHERE count > 2147483647 AND source_id IS NOT NULL;
UPDATE sources SET rejects = rejects
    + (SELECT count(*) FROM events e WHERE e.source_id = sources.id AND e.count > 2147483647)
WHERE id IN (SELECT source_id FROM events WHERE count > 2147483647);
DELETE FROM events WHERE count > 2147483647;

-- phase_durations and crash_loops no longer give negative durations: recompute every pod.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);
