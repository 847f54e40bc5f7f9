public import Foundation

/// The cosign "simple signing" payload: the bytes a legacy cosign signature covers
/// (sigstore/sigstore `pkg/signature/payload/payload.go`, docs/formats.md §9.2).
public struct CosignSimpleSigning: Hashable, Sendable, Codable {
    /// The value `critical.type` must hold.
    public static let expectedType = "cosign container image signature"

    /// The critical section: what is signed.
    public struct Critical: Hashable, Sendable, Codable {
        /// `critical.identity`.
        public var identity: Identity
        /// `critical.image`.
        public var image: Image
        /// `critical.type`, which must be `cosign container image signature`.
        public var type: String
    }

    /// `critical.identity`.
    public struct Identity: Hashable, Sendable, Codable {
        /// The image reference the signer named (cosign ignores it when verifying).
        public var dockerReference: String?

        enum CodingKeys: String, CodingKey { case dockerReference = "docker-reference" }
    }

    /// `critical.image`.
    public struct Image: Hashable, Sendable, Codable {
        /// The digest of the signed image manifest.
        public var dockerManifestDigest: ContentDigest

        enum CodingKeys: String, CodingKey { case dockerManifestDigest = "docker-manifest-digest" }
    }

    /// The critical section.
    public var critical: Critical
    /// The free-form `optional` section, kept as string values only (non-string values are dropped).
    public var optional: [String: String]?

    enum CodingKeys: String, CodingKey { case critical, optional }

    /// Decodes the payload; `optional` values that are not strings are ignored rather than rejected,
    /// since cosign lets signers put any JSON there.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        critical = try container.decode(Critical.self, forKey: .critical)
        optional = (try? container.decodeIfPresent([String: LenientString].self, forKey: .optional))??
            .compactMapValues(\.value)
    }

    /// Parses a payload and checks `critical.type` (fail closed on any other type).
    public static func parse(_ data: Data, limits: Limits = .default) throws(FormatError) -> CosignSimpleSigning {
        let payload = try OCIJSON.decode(CosignSimpleSigning.self, from: data, limits: limits)
        guard payload.critical.type == expectedType else {
            throw FormatError(.invalidField, "critical.type is \"\(payload.critical.type)\", not \"\(expectedType)\"",
                              field: "critical.type")
        }
        return payload
    }

    /// The digest of the signed image.
    public var imageDigest: ContentDigest { critical.image.dockerManifestDigest }
}

/// A JSON value kept only when it is a string.
struct LenientString: Decodable {
    let value: String?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(String.self)
    }
}
