import Foundation
import Testing

@testable import PodtrailKit

struct TimeWindowTests {
    static let now = Date(timeIntervalSince1970: 1_795_824_000)  // 2026-11-28T00:00:00Z

    @Test(arguments: [
        ("90s", 90.0), ("15m", 900), ("24h", 86_400), ("7d", 604_800), ("2w", 1_209_600), ("1h30m", 5400), ("1.5h", 5400),
    ])
    func readsDurations(text: String, seconds: Double) {
        #expect(TimeWindow.duration(text) == seconds)
    }

    @Test(arguments: ["", "h", "10", "10x", "yesterday", "-5m", "1h 30m"])
    func rejectsWhatIsNotADuration(text: String) {
        #expect(TimeWindow.duration(text) == nil)
    }

    @Test func countsDurationsBackFromNow() throws {
        let window = try TimeWindow(since: "24h", until: "30m", now: Self.now)
        #expect(window.sinceText == "2026-11-27T00:00:00Z")
        #expect(window.untilText == "2026-11-27T23:30:00Z")
    }

    @Test func readsRFC3339TimesAndDates() throws {
        let window = try TimeWindow(since: "2026-11-27T03:10:00.5+01:00", until: "2026-11-28", now: Self.now)
        #expect(window.sinceText == "2026-11-27T02:10:00.5Z")
        #expect(window.untilText == "2026-11-28T00:00:00Z")
        #expect(try TimeWindow(since: nil as String?, until: nil).isUnbounded)
    }

    @Test func namesTheFlagOfAnUnreadableBound() {
        #expect(throws: TimeWindowError.unreadable(flag: "--until", text: "soon")) {
            try TimeWindow(since: "1h", until: "soon", now: Self.now)
        }
        #expect(throws: TimeWindowError.reversed(since: "2026-11-27T02:00:00Z", until: "2026-11-27T01:00:00Z")) {
            try TimeWindow(since: "2026-11-27T02:00:00Z", until: "2026-11-27T01:00:00Z")
        }
    }

    @Test func keepsSpansThatTouchTheWindow() throws {
        let window = try TimeWindow(since: "2026-11-27T02:00:00Z", until: "2026-11-27T02:10:00Z")
        let at = { Timestamp.parse("2026-11-27T" + $0 + "Z")! }
        #expect(window.overlaps(start: at("02:00:00")))
        #expect(window.overlaps(start: at("02:10:00")))
        #expect(!window.overlaps(start: at("01:59:59.999")))
        #expect(window.overlaps(start: at("01:00:00"), end: at("02:00:00")))
        #expect(!window.overlaps(start: at("02:10:00.001"), end: at("03:00:00")))
    }
}
