public import Foundation

/// A validity window (protobuf `TimeRange`); both ends inclusive, no end means open-ended.
public struct TimeRange: Sendable, Hashable {
    /// The first instant of validity.
    public var start: Date
    /// The last instant of validity, if bounded.
    public var end: Date?

    /// Makes a range.
    public init(start: Date, end: Date?) {
        self.start = start
        self.end = end
    }

    /// Whether `t` lies inside the window, both ends included.
    public func contains(_ t: Date) -> Bool {
        t >= start && (end.map { t <= $0 } ?? true)
    }

    /// Reads `validFor`; `start` is required when `requireStart`, else it defaults to the distant past
    /// (sigstore-go treats a missing CA start as no lower bound).
    static func read(_ o: JSONObjectReader, requireStart: Bool) throws -> TimeRange {
        let start: Date
        if let s = try o.optionalValue("start") {
            start = try timestamp(s)
        } else if requireStart {
            throw FormatError(.missingField, "validity start is required", field: o.childPath("start"))
        } else {
            start = .distantPast
        }
        let end = try o.optionalValue("end").map(timestamp)
        if let end, end < start {
            throw o.error(.invalidField, "validity ends before it starts")
        }
        return TimeRange(start: start, end: end)
    }

    private static func timestamp(_ r: JSONReader) throws -> Date {
        let s = try r.string()
        guard let d = RFC3339.parse(s) else { throw r.error(.invalidField, "not an RFC 3339 timestamp: \"\(s.prefix(40))\"") }
        return d
    }
}
