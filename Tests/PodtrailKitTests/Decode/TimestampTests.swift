import Testing

@testable import PodtrailKit

struct TimestampTests {
    @Test(arguments: [
        ("2026-11-27T02:00:00Z", "2026-11-27T02:00:00Z", 1_795_744_800_000_000 as Int64),
        ("2026-11-27T02:00:00.678299Z", "2026-11-27T02:00:00.678299Z", 1_795_744_800_678_299),
        ("2026-11-27T04:30:00+02:30", "2026-11-27T02:00:00Z", 1_795_744_800_000_000),
        ("2026-11-26T22:00:00.5-04:00", "2026-11-27T02:00:00.5Z", 1_795_744_800_500_000),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", 0),
        ("2024-02-29T23:59:59.123Z", "2024-02-29T23:59:59.123Z", 1_709_251_199_123_000),
    ])
    func parsesRFC3339ToUTC(text: String, normalised: String, micros: Int64) {
        let timestamp = Timestamp.parse(text)
        #expect(timestamp?.description == normalised)
        #expect(timestamp?.micros == micros)
    }

    @Test(arguments: ["", "0001-01-01T00:00:00Z", "garbage", "2026-13-01T00:00:00Z", "2026-11-27 02:00", "2026-11-27T02:00:00"])
    func unsetOrMalformedTimesAreNil(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}

/// Issue 25: a timestamp is the instant it names or nothing: impossible dates, offsets and
/// years are unknown (NULL, as a missing time), never another instant; nanoseconds are kept.
struct TimestampValidityTests {
    @Test(arguments: [
        "2026-02-30T00:00:00Z", "2025-02-29T12:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-06-31T00:00:00Z", "2026-11-31T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z",
    ])
    func impossibleCalendarDatesAreUnknown(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test(arguments: ["2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2026-01-31T00:00:00Z", "2026-12-31T23:59:59Z"])
    func realDatesAtMonthEndsParse(text: String) {
        #expect(Timestamp.parse(text)?.description == text)
    }

    @Test(arguments: ["2026-11-27T02:00:00+99:99", "2026-11-27T02:00:00+24:00", "2026-11-27T02:00:00-23:60", "2026-11-27T02:00:00+2:00"])
    func offsetsBeyondRFC3339AreUnknown(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func theLargestOffsetsParse() {
        #expect(Timestamp.parse("2026-11-27T23:59:00+23:59")?.description == "2026-11-27T00:00:00Z")
        #expect(Timestamp.parse("2026-11-27T00:00:00-23:59")?.description == "2026-11-27T23:59:00Z")
    }

    @Test(arguments: ["9999-12-31T23:30:00-01:00", "0000-06-01T00:00:00Z", "0001-01-01T00:30:00+01:00"])
    func instantsOutsideYears0001To9999AreUnknown(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func theLastInstantOfYear9999Parses() {
        #expect(Timestamp.parse("9999-12-31T23:59:59.999999999Z")?.description == "9999-12-31T23:59:59.999999999Z")
    }

    @Test func nanosecondsAreKeptAndOrdered() throws {
        let a = try #require(Timestamp.parse("2026-11-27T02:00:00.123456789Z"))
        let b = try #require(Timestamp.parse("2026-11-27T04:00:00.123456788+02:00"))
        #expect(a.description == "2026-11-27T02:00:00.123456789Z")
        #expect(b.description == "2026-11-27T02:00:00.123456788Z")
        #expect(b < a && a != b)
        #expect(a.micros == 1_795_744_800_123_456)
        #expect(Timestamp.parse("2026-11-27T02:00:00.1234567Z")?.description == "2026-11-27T02:00:00.1234567Z")
        #expect(Timestamp.parse("2026-11-27T02:00:00.1234567891Z")?.description == "2026-11-27T02:00:00.123456789Z")
    }

    @Test func nanosecondTimesAreStoredWholeAndSQLOrdersThem() throws {
        func event(_ uid: String, _ time: String) -> String {
            #"{"kind":"Event","metadata":{"uid":"\#(uid)","name":"\#(uid)","namespace":"ns"},"involvedObject":{"kind":"Pod","name":"p","uid":"pu"},"#
                + #""reason":"Pulled","firstTimestamp":"\#(time)","lastTimestamp":"\#(time)"}"#
        }
        let (db, _) = try TestSupport.ingest(event("late", "2026-11-27T02:00:00.900000001Z") + "\n" + event("early", "2026-11-27T02:00:00.100000009Z") + "\n")
        #expect(try TestSupport.rows(db, "SELECT uid, first_seen FROM events ORDER BY julianday(first_seen)") == [
            "early|2026-11-27T02:00:00.100000009Z", "late|2026-11-27T02:00:00.900000001Z",
        ])
    }

    @Test func aRecordWithAnImpossibleTimeIsKeptWithThatTimeUnknown() throws {
        let event = #"{"kind":"Event","metadata":{"uid":"u","name":"u","namespace":"ns"},"involvedObject":{"kind":"Pod","name":"p","uid":"pu"},"#
            + #""reason":"Pulled","firstTimestamp":"2026-02-30T10:00:00Z","lastTimestamp":"2026-03-02T10:00:00+99:99"}"#
        let (db, summary) = try TestSupport.ingest(event + "\n")
        #expect(summary.records == 1 && summary.rejects == 0)
        #expect(try TestSupport.rows(db, "SELECT first_seen IS NULL, last_seen IS NULL FROM events") == ["1|1"])
    }

    /// A grace period no apiserver writes (negative, or over 100 years: HostileNumberTests)
    /// rejects the snapshot without a trap; one in range that reaches before the year 0001 leaves
    /// the deletion request unknown and keeps the pod.
    @Test(arguments: [
        ("9223372036854775807", "2026-11-27T03:00:00Z", false), ("-9223372036854775807", "2026-11-27T03:00:00Z", false),
        ("-1000000000000", "2026-11-27T03:00:00Z", false), ("3153600000", "0050-01-01T00:00:00Z", true),
    ])
    func aDeletionRequestOutsideTheYearsIsUnknown(grace: String, deletion: String, kept: Bool) throws {
        let pod = #"{"kind":"Pod","metadata":{"uid":"p","namespace":"ns","name":"p","creationTimestamp":"2026-11-27T02:00:00Z","#
            + #""deletionTimestamp":"\#(deletion)","deletionGracePeriodSeconds":\#(grace)},"status":{"phase":"Running"}}"#
        let (db, summary) = try TestSupport.ingest(pod + "\n")
        if kept {
            #expect(try TestSupport.rows(db, "SELECT deletion_requested_at IS NULL, created_at FROM pods") == ["1|2026-11-27T02:00:00Z"])
        } else {
            #expect(summary.rejects == 1)
            #expect(try TestSupport.rows(db, "SELECT count(*) FROM rejects WHERE reason LIKE '%deletionGracePeriodSeconds%'") == ["1"])
        }
    }
}
