import Foundation
import Testing

@testable import PodtrailKit

/// The shippers' and cloud logging's envelopes, on records they really wrote
/// (`Fixtures/real/envelopes/`, each file's origin in the README there).
struct EnvelopeTests {
    /// Ingests the named files of `Fixtures/real/envelopes/` into a fresh database.
    static func ingest(_ names: String...) throws -> (Database, IngestSummary) {
        let db = try Database(path: ":memory:")
        let paths = try names.map { name in
            try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/real/envelopes")).path
        }
        return (db, try Ingestor(database: db, options: IngestOptions(cluster: "real")).ingest(paths: paths))
    }

    @Test func gkeEventsTakeTheEntryTimeForTheTimesTheExporterDropped() throws {
        // GKE's event exporter strips count, firstTimestamp and lastTimestamp (these 2022 entries
        // have none; eventTime is null): the Event's creationTimestamp is its first occurrence and
        // the entry's `timestamp` its last. The cluster-level Endpoints event is no pod's.
        let (db, summary) = try Self.ingest(
            "gke-events-jsonpayload-k8s_pod-pulling.json", "gke-events-jsonpayload-k8s_pod-created.json",
            "gke-events-jsonpayload-k8s_cluster-endpoints.json", "gke-events-textpayload-exporter-started.json")
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, """
            SELECT reason, object_kind, object_name, container, first_seen, last_seen, count, source_host FROM events ORDER BY reason
            """) == [
            "Created|Pod|kube-dns-56494768b7-544n6|prometheus-to-sd|2022-06-01T14:05:32Z|2022-06-01T14:05:32Z|1|gke-cluster-1-default-pool-476246ab-wnl7",
            "FailedToUpdateEndpoint|Endpoints|kube-dns||2022-06-01T14:05:33Z|2022-06-01T14:05:33Z|1|",
            "Pulling|Pod|kube-dns-56494768b7-544n6|prometheus-to-sd|2022-06-01T14:05:30Z|2022-06-01T14:05:30Z|1|gke-cluster-1-default-pool-476246ab-wnl7",
        ])
        // The text entry (the exporter's own notice) is skipped, not rejected.
        #expect(try TestSupport.rows(db, "SELECT skipped FROM sources WHERE path LIKE '%textpayload%'") == ["1"])
    }

    @Test func aLaterEntryTimeIsTheEventsLastOccurrence() throws {
        // In these entries the Event was created at the entry's time. The same entry logged again
        // four minutes later (only `timestamp` changed, as GKE logs a repeated event): its last
        // occurrence moves, its first stays at the Event's creation.
        let url = try #require(Bundle.module.url(
            forResource: "gke-events-jsonpayload-k8s_pod-pulling.json", withExtension: nil, subdirectory: "Fixtures/real/envelopes"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let later = text.replacingOccurrences(of: #""timestamp": "2022-06-01T14:05:30Z""#, with: #""timestamp": "2022-06-01T14:09:30Z""#)
        #expect(later != text)
        let (db, _) = try TestSupport.ingest(later)
        #expect(try TestSupport.rows(db, "SELECT first_seen, last_seen FROM events") == ["2022-06-01T14:05:30Z|2022-06-01T14:09:30Z"])
    }

    @Test func gkeAuditLogsGiveThePodOfACreateAtTheCallsTime() throws {
        // pods.create carries the whole Pod in `response`, observed at the entry's `timestamp`;
        // the two pods.status.patch entries carry only a patch: skipped, not rejected.
        let (db, summary) = try Self.ingest(
            "gke-audit-pods-create.json", "gke-audit-pods-status-patch-1.json", "gke-audit-pods-status-patch-2.json",
            "gke-audit-configmaps-update-real.json")
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT namespace, name, created_at, first_observed_at, final_phase, snapshots FROM pods") == [
            "1-2-deployment-update|nginx-deployment-surge-8655b4b8c5-xf5f4|2024-01-01T01:00:00Z|2024-01-01T01:00:00Z|Pending|1"
        ])
        #expect(try TestSupport.rows(db, "SELECT sum(skipped) FROM sources") == ["3"])
    }

    @Test func fluentBitRecordsAreReadWhateverTheirShape() throws {
        // `[time, record]` pairs: the time is skipped (it is the record's lastTimestamp), the
        // record read; list-mode records have no kind or apiVersion and are Events by shape.
        let (db, summary) = try Self.ingest(
            "fluentbit-kubernetes_events-watch-record.json", "fluentbit-kubernetes_events-list-record.json",
            "fluentbit-kubernetes_events-list-record-eventsv1-origin.json")
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT reason, count, first_seen, last_seen, api_version FROM events ORDER BY reason") == [
            "FailedMount|16|2024-07-31T18:26:51Z|2024-07-31T18:47:15Z|v1",
            // Written through events.k8s.io (its managedFields say so) but read in core/v1 shape.
            "FailedScheduling|1|2023-12-24T13:37:16.335172Z|2023-12-24T13:37:16.335172Z|v1",
            "LeaderElection|1|2023-12-24T09:29:51Z|2023-12-24T09:29:51Z|v1",
        ])
        #expect(try TestSupport.rows(db, "SELECT sum(skipped) FROM sources") == ["3"])
    }

    @Test func otelK8sObjectsBodiesAreTurnedBackIntoObjects() throws {
        // The k8sobjects receiver's watch-mode body {type, object} in OTLP AnyValues: the Event's
        // null first/last timestamps are `{}`, its eventTime a stringValue.
        let (db, summary) = try Self.ingest("otel-k8sobjects-watch-event-core.json")
        #expect(summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT reason, type, message, first_seen, count, source_component FROM events") == [
            "TestEvent|Warning|test event of type warning|2023-01-01T00:00:00.000000Z|1|e2etest-events-core"
        ])
    }

    @Test func otelK8sEventsRecordsAreRejectedWithTheReason() throws {
        // The k8s_events receiver flattens an Event into attributes around its message: nothing to read.
        let (db, summary) = try Self.ingest("otel-k8sevents-receiver-event.json")
        #expect(summary.rejects == 1)
        #expect(try TestSupport.rows(db, "SELECT reason FROM rejects") == [
            "OTLP log record whose body is not an object (the k8s_events receiver flattens Events: archive them with the k8sobjects receiver)"
        ])
    }
}
