import Foundation
import Testing
@testable import AirlockFormats

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test("valid timestamps", arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2021-01-12T11:53:27Z", 1_610_452_407.0),
        ("2022-10-31T23:59:59.999Z", 1_667_260_799.999),
        ("2024-02-29T12:00:00+02:00", 1_709_200_800.0),
        ("2000-03-01T00:00:00.5-00:30", 951_870_600.5),
        ("2025-09-23t00:00:00z", 1_758_585_600.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func valid(text: String, seconds: Double) throws {
        let d = try #require(RFC3339.parse(text))
        #expect(abs(d.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test("rejects invalid timestamps", arguments: [
        "2021-01-12 11:53:27Z", "2021-01-12T11:53:27", "2021-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2021-01-12T24:00:00Z", "2021-01-12T11:60:00Z", "2021-01-12T11:53:60Z", "2021-01-12T11:53:27.Z",
        "2021-01-12T11:53:27.1234567890Z", "2021-1-12T11:53:27Z", "2021-01-12T11:53:27+0200", "2021-01-12T11:53:27Zjunk",
        "", "2100-02-29T00:00:00Z",
    ])
    func invalid(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test("time ranges include both ends")
    func ranges() {
        let r = TimeRange(start: Date(timeIntervalSince1970: 10), end: Date(timeIntervalSince1970: 20))
        #expect(r.contains(Date(timeIntervalSince1970: 10)) && r.contains(Date(timeIntervalSince1970: 20)))
        #expect(!r.contains(Date(timeIntervalSince1970: 9.999)) && !r.contains(Date(timeIntervalSince1970: 20.001)))
        #expect(TimeRange(start: .distantPast, end: nil).contains(.distantFuture))
    }
}
