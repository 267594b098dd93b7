-- podtrail schema version 12: the Events without a pod uid, by their pod's name (#27).
--
-- An Event whose exporter dropped involvedObject.uid belongs to the newest pod of its namespace
-- and name created before it (Queries/pod_events.sql). The per-pod refresh of a nightly run and
-- a pod's timeline look those events up by namespace and name; through
-- events (object_kind, namespace, object_name) that lookup read every Event of every pod that
-- ever had the name (a StatefulSet's, a static pod's: a month of them) to keep the few without
-- a uid. This index holds only those few, with every column the lookup reads, so it costs
-- nothing to keep and the lookup no longer grows with the history.
CREATE INDEX IF NOT EXISTS events_pod_name_without_uid
ON events (object_kind, namespace, object_name, cluster, object_uid) WHERE ifnull(object_uid, '') = '';
