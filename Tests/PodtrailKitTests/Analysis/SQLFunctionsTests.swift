import Testing

@testable import PodtrailKit

/// The helper SQL functions every podtrail connection has.
struct SQLFunctionsTests {
    @Test func everyConnectionOfADatabaseHasTheHelpers() throws {
        let db = try Database(path: ":memory:")
        let row = try db.connection.rows("""
            SELECT k8s_bytes('512Mi'), k8s_millicores('250m'), k8s_quantity('1.5Gi'), k8s_bytes('1G'),
                go_duration('1m3.2s'), duration_text(3723), bytes_text(536870912), k8s_bytes('lots'), duration_text(NULL)
            """)
        #expect(row == [[
            .integer(536_870_912), .integer(250), .real(1_610_612_736), .integer(1_000_000_000),
            .real(63.2), .text("1h02m03s"), .text("512Mi"), .null, .null,
        ]])
    }

    @Test(arguments: [
        ("2.345s", 2.345), ("1m3.2s", 63.2), ("850ms", 0.85), ("1h0m0s", 3600), ("1.5µs", 1.5e-6), ("12ns", 12e-9),
        ("-1.5s", -1.5), ("0", 0), ("2h45m", 9900), ("1.5us", 1.5e-6),
    ])
    func parsesGoDurations(text: String, seconds: Double) throws {
        let parsed = try #require(SQLFunctions.goDuration(text))
        #expect(abs(parsed - seconds) < 1e-12)
    }

    @Test(arguments: ["", "s", "1x", "1.2.3s", "5", "ms"])
    func refusesMalformedGoDurations(text: String) {
        #expect(SQLFunctions.goDuration(text) == nil)
    }

    @Test func formatsDurationsCompactly() {
        let cases: [(Double, String)] = [
            (0, "0.0s"), (2.345, "2.3s"), (9.96, "10s"), (45, "45s"), (187, "3m07s"), (3723, "1h02m03s"),
            (183_600, "2d03h00m00s"), (-90, "-1m30s"),
        ]
        for (seconds, text) in cases { #expect(SQLFunctions.durationText(seconds) == text, "\(seconds)") }
    }

    @Test func formatsBytesInBinaryUnits() {
        let cases: [(Double, String)] = [(900, "900"), (1024, "1Ki"), (1_610_612_736, "1.5Gi"), (268_435_456, "256Mi")]
        for (bytes, text) in cases { #expect(SQLFunctions.bytesText(bytes) == text, "\(bytes)") }
    }
}
