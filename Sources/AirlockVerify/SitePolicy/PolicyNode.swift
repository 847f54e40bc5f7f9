import AirlockFormats

/// A strict view of one policy object: every key must be one the caller declares, so a typo
/// (`threshhold`) is an `unknown-key` error instead of a silently weaker policy.
struct PolicyNode {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String, allowed: Set<String>) throws(SitePolicyError) {
        guard let object = value.objectValue else {
            throw SitePolicyError(.invalidValue, "expected an object, found \(value.typeName)", path: path)
        }
        for key in object.keys where !allowed.contains(key) {
            throw SitePolicyError(.unknownKey, "unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))",
                                  path: Self.join(path, key))
        }
        self.object = object
        self.path = path
    }

    func child(_ key: String) -> String { Self.join(path, key) }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { object.contains(key) }

    func value(_ key: String) throws(SitePolicyError) -> JSONValue {
        guard let value = object[key] else { throw SitePolicyError(.missingField, "\"\(key)\" is required", path: child(key)) }
        return value
    }

    func string(_ key: String) throws(SitePolicyError) -> String {
        guard let s = try value(key).stringValue, !s.isEmpty else {
            throw SitePolicyError(.invalidValue, "must be a non-empty string", path: child(key))
        }
        return s
    }

    func optionalString(_ key: String) throws(SitePolicyError) -> String? {
        has(key) ? try string(key) : nil
    }

    func optionalBool(_ key: String) throws(SitePolicyError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let b = value.boolValue else { throw SitePolicyError(.invalidValue, "must be true or false", path: child(key)) }
        return b
    }

    func optionalInt(_ key: String) throws(SitePolicyError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let n = value.numberValue?.int64, let i = Int(exactly: n) else {
            throw SitePolicyError(.invalidValue, "must be an integer", path: child(key))
        }
        return i
    }

    /// A list that, when present, must not be empty (an empty requirement list never passes).
    func optionalList(_ key: String) throws(SitePolicyError) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard let array = value.arrayValue else {
            throw SitePolicyError(.invalidValue, "must be a list, found \(value.typeName)", path: child(key))
        }
        guard !array.isEmpty else {
            throw SitePolicyError(.emptyRequirement, "an empty list is not allowed: it would require nothing", path: child(key))
        }
        return array
    }

    func list(_ key: String) throws(SitePolicyError) -> [JSONValue] {
        guard let list = try optionalList(key) else {
            throw SitePolicyError(.missingField, "\"\(key)\" is required", path: child(key))
        }
        return list
    }

    func optionalStringList(_ key: String) throws(SitePolicyError) -> [String]? {
        guard let list = try optionalList(key) else { return nil }
        return try list.enumerated().map { (i, v) throws(SitePolicyError) -> String in
            guard let s = v.stringValue, !s.isEmpty else {
                throw SitePolicyError(.invalidValue, "must be a non-empty string", path: "\(child(key))[\(i)]")
            }
            return s
        }
    }

    /// A regular expression member, compiled to reject bad patterns at lint time.
    func optionalRegex(_ key: String) throws(SitePolicyError) -> StringMatcher? {
        guard let pattern = try optionalString(key) else { return nil }
        do {
            return try StringMatcher.regex(pattern)
        } catch {
            throw SitePolicyError(.badRegex, error.reason, path: child(key))
        }
    }
}
