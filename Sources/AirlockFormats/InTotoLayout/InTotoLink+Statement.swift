import Foundation

extension InTotoLink {
    /// Reads an in-toto link attestation: a Statement whose `predicateType` is
    /// `https://in-toto.io/attestation/link/v0.3`, converted to a link as the predicate's specification
    /// says (`predicates/link.md`, "Converting to old-style links"): `name`, `command`, `byproducts` and
    /// `environment` from the predicate, `materials` from `predicate.materials[*].{name, digest}`, and
    /// `products` from `subject[*].{name, digest}`. Names are required and unique within each list.
    public static func parse(statement: JSONValue, limits: Limits = .default) throws -> InTotoLink {
        let o = try JSONReader(statement, path: "payload").object()
        let type = try o.string("_type")
        guard type == PredicateType.statementV1 || type == PredicateType.statementV01 else {
            throw FormatError(.unsupportedVersion, "unknown statement type \"\(type.prefix(100))\"", field: o.childPath("_type"))
        }
        let predicateType = try o.string("predicateType")
        guard predicateType == PredicateType.inTotoLinkV03 else {
            throw FormatError(.unsupportedVersion, "predicate type \"\(predicateType.prefix(100))\" is not \(PredicateType.inTotoLinkV03)",
                              field: o.childPath("predicateType"))
        }
        let predicate = try o.object("predicate")
        let products = try descriptors(o.array("subject", maxCount: limits.maxStatementSubjects), limits: limits)
        let materials = try descriptors(predicate.optionalArray("materials", maxCount: limits.maxStatementSubjects), limits: limits)
        return InTotoLink(name: try predicate.nonEmptyString("name"), command: try InTotoLayout.strings(predicate, "command"),
                          materials: materials, products: products,
                          byproducts: try predicate.optionalValue("byproducts")?.value ?? .null,
                          environment: try predicate.optionalValue("environment")?.value ?? .null)
    }

    /// ResourceDescriptors as a path → hashes map; each needs a unique `name` and a digest in lowercase hex.
    private static func descriptors(_ entries: [JSONReader], limits: Limits) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for entry in entries {
            let o = try entry.object()
            let descriptor = try ResourceDescriptor.read(o, limits: limits, requireDigest: true)
            guard let name = descriptor.name, !name.isEmpty else {
                throw FormatError(.missingField, "a link artifact needs a name (its path)", field: o.childPath("name"))
            }
            guard out[name] == nil else {
                throw FormatError(.invalidField, "artifact name \"\(name.prefix(200))\" is listed twice", field: o.childPath("name"))
            }
            for (algorithm, value) in descriptor.digest where !Hex.isLowercaseHex(value) {
                throw FormatError(.invalidField, "artifact hash must be lowercase hex", field: "\(o.childPath("digest")).\(algorithm)")
            }
            out[name] = descriptor.digest
        }
        return out
    }
}
