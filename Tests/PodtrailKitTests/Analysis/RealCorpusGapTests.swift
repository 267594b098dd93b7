import Foundation
import Testing

@testable import PodtrailKit

/// The kinds issue #23 found missing from the real corpus, on the real objects found for them
/// (`Fixtures/real/`, origins in its README, facts in FACTS.md). Each expectation is derived by
/// hand from the objects; the comment says how. Gaps still without a real object are listed in
/// the README ("Gaps left").
struct RealCorpusGapTests {
    static func rows(_ db: Database, _ sql: String) throws -> [String] { try TestSupport.rows(db, sql) }

    @Test func eventsV1beta1AsAWatchClientHeldThemAreRead() throws {
        // k8s-watcher logged seven events.k8s.io/v1beta1 Events (a watch of
        // /apis/events.k8s.io/v1beta1/events, every selfLink says so) as Go re-serialised them:
        // no apiVersion or kind, `eventTime` written as `{}`, every time in +08:00. By hand:
        // - the shape (`regarding`, `note`, `deprecated*`, no `involvedObject`) is events.k8s.io,
        //   and nothing declares which version: `events.k8s.io`;
        // - `{}` is no time, so each first occurrence is deprecatedFirstTimestamp, read in UTC
        //   (11:07:19+08:00 → 03:07:19Z);
        // - deprecatedCount 1 each; the reporter is deprecatedSource.component;
        // - the container comes from regarding.fieldPath `spec.containers{fstest}` where there is one.
        // Ties on the second (SuccessfulCreate/Scheduled, Created/Started) are broken here by
        // resourceVersion, which rises in the order the API server stored them.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-daemonset-pod-start.json")
        #expect(try Self.rows(db, """
            SELECT reason, api_version, first_seen, last_seen, count, source_component, object_kind, object_name, container
            FROM events ORDER BY first_seen, CAST(resource_version AS INTEGER)
            """) == [
                "Killing|events.k8s.io|2019-08-05T03:04:29Z|2019-08-05T03:04:29Z|1|kubelet|Pod|fstest-jvfr2|fstest",
                "SuccessfulCreate|events.k8s.io|2019-08-05T03:07:19Z|2019-08-05T03:07:19Z|1|daemonset-controller|DaemonSet|fstest|",
                "Scheduled|events.k8s.io|2019-08-05T03:07:19Z|2019-08-05T03:07:19Z|1|default-scheduler|Pod|fstest-ltlx6|",
                "Pulling|events.k8s.io|2019-08-05T03:07:23Z|2019-08-05T03:07:23Z|1|kubelet|Pod|fstest-ltlx6|fstest",
                "Pulled|events.k8s.io|2019-08-05T03:07:24Z|2019-08-05T03:07:24Z|1|kubelet|Pod|fstest-ltlx6|fstest",
                "Created|events.k8s.io|2019-08-05T03:07:26Z|2019-08-05T03:07:26Z|1|kubelet|Pod|fstest-ltlx6|fstest",
                "Started|events.k8s.io|2019-08-05T03:07:26Z|2019-08-05T03:07:26Z|1|kubelet|Pod|fstest-ltlx6|fstest",
            ])
    }

    @Test func podsKnownOnlyFromV1beta1EventsHaveNoFiguresButTheirScheduling() throws {
        // No pod status was archived: the two pods the events are about (regarding.uid
        // 484fcc36-… and 22eb61ec-…) are known from events only, created_at unknown, every
        // duration NULL. fstest-ltlx6's Scheduled event (03:07:19Z, no PodScheduled condition to
        // compare with) is its scheduled_at; fstest-jvfr2 has only a Killing event.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-daemonset-pod-start.json")
        #expect(try Self.rows(db, """
            SELECT pod, created_at, scheduled_at, schedule_s, start_s, startup_s, notes FROM phase_durations ORDER BY pod
            """) == [
                "fstest-jvfr2||||||known from events only",
                "fstest-ltlx6||2019-08-05T03:07:19Z||||known from events only",
            ])
        #expect(try Self.rows(db, "SELECT pod, in_population, excluded FROM startup_sli ORDER BY pod") == [
            "fstest-jvfr2|0|known from events only", "fstest-ltlx6|0|known from events only",
        ])
    }

    @Test func aPodKnownFromEventsTakesItsNodeFromTheKubeletsEvents() throws {
        // fstest-ltlx6's first event is the scheduler's Scheduled (no source host); its Pulling,
        // Pulled, Created and Started come from the kubelet on host 172.31.90.50 (and Scheduled
        // says "to 172.31.90.50"). Every event naming the pod merges into its row, so the node is
        // the kubelet's host whichever event came first (it was NULL while only the first counted).
        // fstest-jvfr2's only event, Killing, is the kubelet's on 172.31.81.121.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-daemonset-pod-start.json")
        #expect(try Self.rows(db, "SELECT name, node, snapshots FROM pods ORDER BY name") == [
            "fstest-jvfr2|172.31.81.121|0", "fstest-ltlx6|172.31.90.50|0",
        ])
    }

    @Test func aPulledEventWithoutAFigureGivesNoPullTime() throws {
        // Pulled "Successfully pulled image \"chinglinwen/fs\"": the kubelet wording before the
        // pull duration was added (1.18) names no time. The events around it do not give one
        // either: Pulling at 03:07:23 and Pulled at 03:07:24 are whole seconds (their name
        // suffixes, 03:07:23.521 and 03:07:24.725, are the recorder's clock, not a field). So the
        // pull is kept, not already present, with no figure: pulled_s and pull_s NULL, not 0.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-daemonset-pod-start.json")
        #expect(try Self.rows(db, "SELECT container, message, count, first_seen, already_present, pulled_s, pull_s FROM image_pulls") == [
            "fstest|Successfully pulled image \"chinglinwen/fs\"|1|2019-08-05T03:07:24Z|0||"
        ])
    }

    @Test func aV1beta1PodStartKeepsItsOrderInTheTimeline() throws {
        // fstest-ltlx6's five events: Scheduled 03:07:19, Pulling 03:07:23, Pulled 03:07:24,
        // Created and Started both 03:07:26 (whole seconds). The start-up order puts Created
        // before Started within their shared second.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-daemonset-pod-start.json")
        let timeline = try Timeline(database: db, options: TimelineOptions(scope: .pod(namespace: "yunwei", name: "fstest-ltlx6", uid: nil)))
        #expect(timeline.rows.filter { $0.source == .event }.map(\.reason) == ["Scheduled", "Pulling", "Pulled", "Created", "Started"])
    }

    @Test func aNodeEventRecreatedByTheRecorderKeepsItsFirstOccurrence() throws {
        // ImageGCFailed about Node 172.31.90.51 (regarding.uid is the node's name, as the kubelet
        // sets it): deprecatedCount 256, first 2019-03-30T13:06:59+08:00, last
        // 2019-04-04T10:03:31+08:00. The object itself was created 2019-04-04T02:48:19+08:00,
        // five days after its first occurrence: the recorder re-created an expired event with the
        // count and first time it remembered. The occurrences span the first to the last time
        // (05:06:59Z on 30 March to 02:03:31Z on 4 April), not the object's creation; the
        // reporter is the kubelet on that node; an event about a node makes no pod.
        let db = try RealCorpusTests.ingest("k8swatcher-eventsv1beta1-node-imagegcfailed.json")
        #expect(try Self.rows(db, """
            SELECT reason, type, api_version, object_kind, object_name, object_uid, count, first_seen, last_seen,
                source_component, source_host, substr(message, 1, 46) FROM events
            """) == [
                "ImageGCFailed|Warning|events.k8s.io|Node|172.31.90.51|172.31.90.51|256|2019-03-30T05:06:59Z|2019-04-04T02:03:31Z|"
                    + "kubelet|172.31.90.51|(combined from similar events): wanted to free"
            ])
        #expect(try Self.rows(db, "SELECT count(*) FROM pods") == ["0"])
    }
}
