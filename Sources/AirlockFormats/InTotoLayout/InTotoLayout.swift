public import Foundation

/// An in-toto layout (`signed` of a layout Metablock or the payload of a DSSE layout; docs/formats.md §8.3).
///
/// Unknown members are ignored; step names must be unique and thresholds at least 1. Parameter
/// substitution and rule evaluation are the verifier's job.
public struct InTotoLayout: Sendable, Hashable {
    /// `expires`.
    public var expires: Date
    /// `readme`, if present.
    public var readme: String?
    /// `keys`: the functionary keys by id.
    public var keys: [String: InTotoKey]
    /// `steps`, in order.
    public var steps: [Step]
    /// `inspect`, in order.
    public var inspections: [Inspection]
    /// `rootcas` (in-toto-golang): trust anchors for certificate-based functionaries.
    public var rootCAs: [String: InTotoKey]
    /// `intermediatecas` (in-toto-golang).
    public var intermediateCAs: [String: InTotoKey]

    /// One step of the supply chain.
    public struct Step: Sendable, Hashable {
        /// `name` (unique in the layout).
        public var name: String
        /// `threshold` (≥ 1): distinct functionaries that must agree.
        public var threshold: Int
        /// `pubkeys`: authorised functionary key ids.
        public var pubkeys: [String]
        /// `expected_command` (a mismatch only warns).
        public var expectedCommand: [String]
        /// `expected_materials`.
        public var expectedMaterials: [ArtifactRule]
        /// `expected_products`.
        public var expectedProducts: [ArtifactRule]
        /// `cert_constraints` (in-toto-golang), kept as generic JSON.
        public var certConstraints: [JSONValue]
    }

    /// One inspection (a command the verifier runs).
    public struct Inspection: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `run`: the command.
        public var run: [String]
        /// `expected_materials`.
        public var expectedMaterials: [ArtifactRule]
        /// `expected_products`.
        public var expectedProducts: [ArtifactRule]
    }

    /// Reads a layout from its `signed` JSON.
    public static func parse(signed: JSONValue) throws -> InTotoLayout {
        let o = try JSONReader(signed, path: "signed").object()
        guard try o.string("_type") == "layout" else {
            throw FormatError(.invalidField, "expected _type \"layout\"", field: o.childPath("_type"))
        }
        let expiresReader = try o.value("expires")
        guard let expires = RFC3339.parse(try expiresReader.string()) else {
            throw expiresReader.error(.invalidField, "expires is not an RFC 3339 timestamp")
        }
        var names = Set<String>()
        let steps = try o.optionalArray("steps").map { r -> Step in
            let s = try r.object()
            guard try s.string("_type") == "step" else {
                throw FormatError(.invalidField, "expected _type \"step\"", field: s.childPath("_type"))
            }
            let name = try s.nonEmptyString("name")
            guard names.insert(name).inserted else {
                throw FormatError(.invalidField, "duplicate step name \"\(name)\"", field: s.childPath("name"))
            }
            let threshold = try s.optionalInt64("threshold", allowString: false) ?? 1
            guard threshold >= 1, threshold <= Int64(Int32.max) else {
                throw FormatError(.invalidField, "threshold must be at least 1", field: s.childPath("threshold"))
            }
            return Step(name: name, threshold: Int(threshold), pubkeys: try strings(s, "pubkeys"),
                        expectedCommand: try strings(s, "expected_command"),
                        expectedMaterials: try ArtifactRule.readList(s.optionalValue("expected_materials")),
                        expectedProducts: try ArtifactRule.readList(s.optionalValue("expected_products")),
                        certConstraints: try s.optionalArray("cert_constraints").map(\.value))
        }
        let inspections = try o.optionalArray("inspect").map { r -> Inspection in
            let s = try r.object()
            let name = try s.nonEmptyString("name")
            guard names.insert(name).inserted else {
                throw FormatError(.invalidField, "inspection name \"\(name)\" repeats a step or inspection name", field: s.childPath("name"))
            }
            return Inspection(name: name, run: try strings(s, "run"),
                              expectedMaterials: try ArtifactRule.readList(s.optionalValue("expected_materials")),
                              expectedProducts: try ArtifactRule.readList(s.optionalValue("expected_products")))
        }
        return InTotoLayout(expires: expires, readme: try o.optionalString("readme"),
                            keys: try InTotoKey.readMap(o.optionalObject("keys")), steps: steps, inspections: inspections,
                            rootCAs: try InTotoKey.readMap(o.optionalObject("rootcas")),
                            intermediateCAs: try InTotoKey.readMap(o.optionalObject("intermediatecas")))
    }

    static func strings(_ o: JSONObjectReader, _ key: String) throws -> [String] {
        try o.optionalArray(key).map { try $0.string() }
    }
}
