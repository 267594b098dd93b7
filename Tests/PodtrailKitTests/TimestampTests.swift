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
