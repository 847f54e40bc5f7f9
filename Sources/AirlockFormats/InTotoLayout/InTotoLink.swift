import Foundation

/// An in-toto link (`signed` of a link Metablock or the payload of a DSSE link; docs/formats.md §8.3).
///
/// Unknown members are ignored; artifact hashes are kept as `{algorithm: hex}` maps.
public struct InTotoLink: Sendable, Hashable {
    /// `name`: the step (or inspection) this link reports on.
    public var name: String
    /// `command`.
    public var command: [String]
    /// `materials`: path → hash object.
    public var materials: [String: [String: String]]
    /// `products`: path → hash object.
    public var products: [String: [String: String]]
    /// `byproducts` (stdout, stderr, return-value), kept as generic JSON.
    public var byproducts: JSONValue
    /// `environment`, kept as generic JSON.
    public var environment: JSONValue

    /// Reads a link from its `signed` JSON.
    public static func parse(signed: JSONValue) throws -> InTotoLink {
        let o = try JSONReader(signed, path: "signed").object()
        guard try o.string("_type") == "link" else {
            throw FormatError(.invalidField, "expected _type \"link\"", field: o.childPath("_type"))
        }
        return InTotoLink(name: try o.nonEmptyString("name"), command: try InTotoLayout.strings(o, "command"),
                          materials: try artifacts(o.optionalObject("materials")),
                          products: try artifacts(o.optionalObject("products")),
                          byproducts: try o.optionalValue("byproducts")?.value ?? .null,
                          environment: try o.optionalValue("environment")?.value ?? .null)
    }

    private static func artifacts(_ o: JSONObjectReader?) throws -> [String: [String: String]] {
        guard let o else { return [:] }
        var out: [String: [String: String]] = [:]
        for m in o.object {
            let hashes = try o.object(m.key)
            var h: [String: String] = [:]
            for alg in hashes.object {
                let value = try hashes.string(alg.key)
                guard Hex.isLowercaseHex(value) else {
                    throw FormatError(.invalidField, "artifact hash must be lowercase hex", field: hashes.childPath(alg.key))
                }
                h[alg.key] = value
            }
            out[m.key] = h
        }
        return out
    }
}
