public import Foundation

extension InTotoStatement {
    /// A Statement v1 about `subjects` (image name and `sha256` hex), for signing.
    public static func v1(subjects: [ResourceDescriptor], predicateType: String, predicate: JSONValue) -> InTotoStatement {
        InTotoStatement(type: typeV1, subjects: subjects, predicateType: predicateType, predicate: predicate)
    }

    /// The Statement as JSON: `_type`, `subject`, `predicateType`, `predicate`, in that order.
    public var jsonValue: JSONValue {
        var o = JSONObject()
        o["_type"] = .string(type)
        o["subject"] = .array(subjects.map(\.jsonValue))
        o["predicateType"] = .string(predicateType)
        o["predicate"] = predicate
        return .object(o)
    }

    /// The exact payload bytes to sign: compact JSON in document order.
    public func encoded() -> Data {
        CanonicalJSON.compact(jsonValue)
    }
}

extension ResourceDescriptor {
    /// The descriptor as JSON (`name`, `uri`, `digest` with sorted algorithm names; absent members omitted).
    public var jsonValue: JSONValue {
        var o = JSONObject()
        if let name { o["name"] = .string(name) }
        if let uri { o["uri"] = .string(uri) }
        if !digest.isEmpty {
            var d = JSONObject()
            for key in digest.keys.sorted() { d[key] = .string(digest[key]!) }
            o["digest"] = .object(d)
        }
        return .object(o)
    }
}
