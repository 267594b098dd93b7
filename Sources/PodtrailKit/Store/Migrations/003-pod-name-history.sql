-- podtrail schema version 3: the pods of one namespace and name by creation time, so that an
-- event without the pod's uid finds the newest pod of its name created before it (pod_events)
-- in one index search, however often a StatefulSet reused the name (a name recreated 10,000
-- times made every such event sort all 10,000 pods).
CREATE INDEX pods_name_created ON pods (namespace, name, julianday(created_at));
