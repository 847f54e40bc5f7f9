public import Foundation

/// A Sigstore bundle (protobuf-specs `Bundle`, v0.1–v0.3) decoded from protojson.
///
/// Decisions: unknown members are ignored (forward compatible); snake_case field names are accepted as
/// aliases; int64 fields may be strings or numbers; bytes may be standard or URL-safe base64.
/// Unknown media types are rejected with `unsupportedVersion`. Version rules are left to the verifier.
public struct SigstoreBundle: Sendable, Hashable {
    /// The media type exactly as written.
    public var mediaType: String
    /// The version the media type denotes.
    public var version: SigstoreBundleVersion
    /// Key material, log entries and timestamps.
    public var verificationMaterial: VerificationMaterial
    /// What was signed.
    public var content: SigstoreBundleContent

    /// Makes a bundle.
    public init(mediaType: String, version: SigstoreBundleVersion, verificationMaterial: VerificationMaterial, content: SigstoreBundleContent) {
        self.mediaType = mediaType
        self.version = version
        self.verificationMaterial = verificationMaterial
        self.content = content
    }

    /// Parses bundle JSON, enforcing `limits` (JSON size and depth, tlog entries, timestamps, chain
    /// length, DSSE signatures, proof hashes).
    public static func parse(_ data: Data, limits: Limits = .default) throws -> SigstoreBundle {
        let root = try JSONValue.parse(data, limits: limits)
        return try read(JSONReader(root, snakeCaseAliases: true).object(), limits: limits)
    }

    /// Reads a bundle from an already-parsed JSON object (for bundles embedded in other documents).
    public static func read(_ o: JSONObjectReader, limits: Limits = .default) throws -> SigstoreBundle {
        let mediaType = try o.string("mediaType")
        guard let version = SigstoreBundleVersion(mediaType: mediaType) else {
            throw FormatError(.unsupportedVersion, "unsupported bundle media type \"\(mediaType.prefix(100))\"",
                              field: o.childPath("mediaType"))
        }
        let material = try VerificationMaterial.read(o.object("verificationMaterial"), limits: limits)
        let ms = try o.optionalObject("messageSignature")
        let dsse = try o.optionalObject("dsseEnvelope")
        let content: SigstoreBundleContent
        switch (ms, dsse) {
        case (let ms?, nil): content = .messageSignature(try MessageSignature.read(ms))
        case (nil, let dsse?): content = .dsseEnvelope(try DSSEEnvelope.read(dsse, limits: limits))
        case (nil, nil): throw o.error(.missingField, "one of messageSignature or dsseEnvelope is required")
        default: throw o.error(.invalidField, "only one of messageSignature or dsseEnvelope may be present")
        }
        return SigstoreBundle(mediaType: mediaType, version: version, verificationMaterial: material, content: content)
    }
}

/// What a bundle signs (protobuf `oneof content`).
public enum SigstoreBundleContent: Sendable, Hashable {
    /// A signature over the artifact bytes.
    case messageSignature(MessageSignature)
    /// A DSSE envelope (usually an in-toto Statement).
    case dsseEnvelope(DSSEEnvelope)
}
