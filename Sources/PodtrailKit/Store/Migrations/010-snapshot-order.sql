-- podtrail schema version 10: one order for a pod's observations (#26).
--
-- pod_snapshots.observed_key: the snapshot's place among its pod's snapshots as sortable text
-- (ObservationOrder.sortKey: exact observation time, DELETED after live, resourceVersion,
-- phase, restarts). The analyses order snapshots by it and then by id, so that snapshots of
-- the same second no longer take the order their files were read in. The writer fills it;
-- podtrail fills the rows of older databases right after this migration.
ALTER TABLE pod_snapshots ADD COLUMN observed_key TEXT;

-- Every pod's analyses are recomputed with the new order.
INSERT INTO stale_pods (cluster, uid)
SELECT p.cluster, p.uid FROM pods p
WHERE NOT EXISTS (SELECT 1 FROM stale_pods s WHERE s.uid = p.uid AND s.cluster = p.cluster);
