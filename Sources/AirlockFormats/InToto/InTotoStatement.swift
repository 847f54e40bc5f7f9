public import Foundation

/// An in-toto Statement (attestation spec v1, and v0.1 for older SLSA v0.2 provenance).
///
/// Unknown members are ignored (forward compatible). Subjects are capped by `Limits.maxStatementSubjects`
/// and their digest sets by `Limits.maxSubjectDigests`. The predicate is kept as generic JSON.
public struct InTotoStatement: Sendable, Hashable {
    /// Statement v1 `_type`.
    public static let typeV1 = PredicateType.statementV1
    /// Statement v0.1 `_type`.
    public static let typeV01 = PredicateType.statementV01

    /// `_type`: one of `typeV1`, `typeV01`.
    public var type: String
    /// `subject`: what the statement is about (matched by digest).
    public var subjects: [ResourceDescriptor]
    /// `predicateType` URI (may be empty in old v0.1 statements; policy decides).
    public var predicateType: String
    /// `predicate` (`null` if absent).
    public var predicate: JSONValue

    /// Makes a statement.
    public init(type: String, subjects: [ResourceDescriptor], predicateType: String, predicate: JSONValue) {
        self.type = type
        self.subjects = subjects
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// Parses Statement JSON (the decoded DSSE payload).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> InTotoStatement {
        let o = try JSONReader(JSONValue.parse(data, limits: limits)).object()
        let type = try o.string("_type")
        guard type == typeV1 || type == typeV01 else {
            throw FormatError(.unsupportedVersion, "unknown statement type \"\(type.prefix(100))\"", field: o.childPath("_type"))
        }
        let subjects = try o.array("subject", maxCount: limits.maxStatementSubjects).map {
            try ResourceDescriptor.read($0.object(), limits: limits, requireDigest: true)
        }
        guard !subjects.isEmpty else {
            throw FormatError(.missingField, "a statement needs at least one subject", field: o.childPath("subject"))
        }
        let predicateType = try o.string("predicateType")  // slsa-verifier ships a valid v0.1 statement with ""
        let predicate = try o.optionalValue("predicate")?.value ?? .null
        return InTotoStatement(type: type, subjects: subjects, predicateType: predicateType, predicate: predicate)
    }
}

/// An in-toto ResourceDescriptor (subjects, materials, resolved dependencies).
public struct ResourceDescriptor: Sendable, Hashable {
    /// `name`, if present.
    public var name: String?
    /// `uri`, if present.
    public var uri: String?
    /// `digest`: algorithm name → value. Lowercase hex is required for the `sha*`, `md5` and `git*`
    /// families; other names (`dirHash`, vendor-specific ones) are kept as given.
    public var digest: [String: String]

    /// Makes a descriptor.
    public init(name: String?, uri: String?, digest: [String: String]) {
        self.name = name
        self.uri = uri
        self.digest = digest
    }

    /// Reads a descriptor; `requireDigest` demands a non-empty digest set (statement subjects).
    public static func read(_ o: JSONObjectReader, limits: Limits = .default, requireDigest: Bool) throws -> ResourceDescriptor {
        let name = try o.optionalString("name")
        let uri = try o.optionalString("uri")
        var digest: [String: String] = [:]
        if let d = try o.optionalObject("digest") {
            guard d.object.count <= limits.maxSubjectDigests else {
                throw d.error(.limitExceeded, "has \(d.object.count) digests; the limit is \(limits.maxSubjectDigests)")
            }
            for member in d.object {
                let value = try d.string(member.key)
                if Self.isHexAlgorithm(member.key), !Hex.isLowercaseHex(value) {
                    throw FormatError(.invalidField, "digest must be lowercase hex", field: d.childPath(member.key))
                }
                digest[member.key] = value
            }
        }
        if requireDigest, digest.isEmpty {
            throw FormatError(.missingField, "a subject needs a non-empty digest set", field: o.childPath("digest"))
        }
        return ResourceDescriptor(name: name, uri: uri, digest: digest)
    }

    /// Digest-set names whose values are hex digests (in-toto `digest_set.md`).
    static func isHexAlgorithm(_ name: String) -> Bool {
        name.hasPrefix("sha") || name.hasPrefix("md5") || name == "gitCommit" || name == "gitTree"
            || name == "gitBlob"
    }
}
