import Foundation
import Testing
import AirlockFormats

/// Each rendering Airlock has written must come out byte for byte as before (verdicts are replayed as bytes).
@Suite("RFC 3339 renderings")
struct RFC3339FormatTests {
    static let instants: [Double] = [
        0, 1_610_452_407, 1_667_260_799.999, 1_700_000_000.0005, 1_700_000_000.1239, 1_700_000_000.4567,
        1_700_000_000.9996, 1_700_000_000.9999, 951_782_400, 4_102_444_799.5, -1.5, -86_400,
    ]

    @Test("known renderings", arguments: [
        (1_700_000_000.9999, RFC3339.Rendering.seconds, "2023-11-14T22:13:20Z"),
        (1_700_000_000.9999, .secondsOfNearestMillisecond, "2023-11-14T22:13:21Z"),
        (1_700_000_000.4567, .millisecondsIfFractional, "2023-11-14T22:13:20.457Z"),
        (1_700_000_000.4567, .truncatedMillisecondsIfFractional, "2023-11-14T22:13:20.456Z"),
        (1_700_000_000, .millisecondsIfFractional, "2023-11-14T22:13:20Z"),
        (951_782_400, .seconds, "2000-02-29T00:00:00Z"),
        (-1.5, .seconds, "1969-12-31T23:59:58Z"),
    ])
    func known(seconds: Double, rendering: RFC3339.Rendering, text: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds), rendering) == text)
    }

    @Test(".seconds matches the in-toto layout shape and round-trips", arguments: instants)
    func seconds(t: Double) throws {
        let date = Date(timeIntervalSince1970: t)
        let text = RFC3339.format(date)
        #expect(try #require(InTotoTimestamp.parse(text)).timeIntervalSince1970 == t.rounded(.down))
        #expect(try #require(RFC3339.parse(text)).timeIntervalSince1970 == t.rounded(.down))
    }

    @Test(".secondsOfNearestMillisecond is what ISO8601DateFormatter wrote into verdicts", arguments: instants)
    func verdictTime(t: Double) throws {
        let date = Date(timeIntervalSince1970: t)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let text = RFC3339.format(date, .secondsOfNearestMillisecond)
        #expect(text == formatter.string(from: date))
        #expect(RFC3339.parse(text) != nil)
    }

    @Test(".millisecondsIfFractional is what the test kit's trusted roots held", arguments: instants)
    func roundedMilliseconds(t: Double) throws {
        let date = Date(timeIntervalSince1970: t)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        formatter.formatOptions = whole ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        let text = RFC3339.format(date, .millisecondsIfFractional)
        #expect(text == formatter.string(from: date))
        let parsed = try #require(RFC3339.parse(text))
        #expect(abs(parsed.timeIntervalSince1970 - t) <= 0.0005 + 1e-6)
    }

    @Test(".truncatedMillisecondsIfFractional is what formatInstant showed", arguments: instants)
    func truncatedMilliseconds(t: Double) throws {
        let date = Date(timeIntervalSince1970: t)
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        let text = RFC3339.format(date, .truncatedMillisecondsIfFractional)
        #expect(text == date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: !whole)))
        let parsed = try #require(RFC3339.parse(text))
        #expect(parsed.timeIntervalSince1970 <= t + 1e-6 && t - parsed.timeIntervalSince1970 < 0.001)
    }
}
