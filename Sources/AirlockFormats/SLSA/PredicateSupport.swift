import Foundation

/// Small readers shared by the predicate types.
extension JSONObjectReader {
    /// An optional RFC 3339 timestamp member.
    func optionalTimestamp(_ key: String) throws -> Date? {
        guard let r = try optionalValue(key) else { return nil }
        let s = try r.string()
        guard let d = RFC3339.parse(s) else { throw r.error(.invalidField, "not an RFC 3339 timestamp: \"\(s.prefix(40))\"") }
        return d
    }

    /// An optional array of ResourceDescriptors (absent means empty).
    func descriptors(_ key: String, limits: Limits) throws -> [ResourceDescriptor] {
        try optionalArray(key, maxCount: limits.maxStatementSubjects).map {
            try ResourceDescriptor.read($0.object(), limits: limits, requireDigest: false)
        }
    }

    /// An optional object of string values (absent means empty).
    func stringMap(_ key: String) throws -> [String: String] {
        guard let o = try optionalObject(key) else { return [:] }
        var out: [String: String] = [:]
        for m in o.object { out[m.key] = try o.string(m.key) }
        return out
    }
}
