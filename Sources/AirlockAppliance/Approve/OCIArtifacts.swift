import Foundation
import AirlockCrypto
import AirlockFormats

/// A blob to write into the layout, with the descriptor that points at it.
struct LayoutBlob {
    var bytes: Data
    var mediaType: String
    var digest: String { "sha256:" + Hex.encode(Digest.sha256(bytes)) }

    func descriptor(annotations: [String: String] = [:], artifactType: String? = nil) -> JSONValue {
        OCIArtifacts.descriptor(mediaType: mediaType, digest: digest, size: bytes.count, annotations: annotations, artifactType: artifactType)
    }
}

/// The attestation manifests attached to an approved image (formats.md §9.2, §9.3): a cosign tag-style
/// `.att` manifest whose layer is the DSSE envelope, and an OCI 1.1 referrer carrying the Sigstore bundle.
enum OCIArtifacts {
    static let emptyConfig = LayoutBlob(bytes: Data("{}".utf8), mediaType: MediaType.empty)

    /// An OCI descriptor as JSON (`mediaType`, `digest`, `size`, then optional `artifactType`, `annotations`).
    static func descriptor(mediaType: String, digest: String, size: Int, annotations: [String: String] = [:],
                           artifactType: String? = nil) -> JSONValue {
        var o = JSONObject()
        o["mediaType"] = .string(mediaType)
        o["digest"] = .string(digest)
        o["size"] = .number(JSONNumber(Int64(size)))
        if let artifactType { o["artifactType"] = .string(artifactType) }
        if !annotations.isEmpty { o["annotations"] = stringMap(annotations) }
        return .object(o)
    }

    /// The cosign `.att` manifest and its config: one DSSE layer annotated with its `predicateType`,
    /// and a config listing the layer as its only diff id (as cosign writes it).
    static func cosignAttestation(envelope: Data) -> (manifest: LayoutBlob, config: LayoutBlob, layer: LayoutBlob) {
        let layer = LayoutBlob(bytes: envelope, mediaType: MediaType.dsseEnvelope)
        var rootfs = JSONObject()
        rootfs["type"] = .string("layers")
        rootfs["diff_ids"] = .array([.string(layer.digest)])
        var config = JSONObject()
        config["architecture"] = .string("")
        config["created"] = .string("0001-01-01T00:00:00Z")
        config["history"] = .array([.object(JSONObject(["created": .string("0001-01-01T00:00:00Z")]))])
        config["os"] = .string("")
        config["rootfs"] = .object(rootfs)
        config["config"] = .object(JSONObject())
        let configBlob = LayoutBlob(bytes: CanonicalJSON.compact(.object(config)), mediaType: MediaType.imageConfig)
        var manifest = JSONObject()
        manifest["schemaVersion"] = .number(JSONNumber(2))
        manifest["mediaType"] = .string(MediaType.imageManifest)
        manifest["config"] = configBlob.descriptor()
        manifest["layers"] = .array([layer.descriptor(annotations: [OCIAnnotation.predicateType: VerificationSummaryV1.predicateType])])
        return (LayoutBlob(bytes: CanonicalJSON.compact(.object(manifest)), mediaType: MediaType.imageManifest), configBlob, layer)
    }

    /// The OCI 1.1 referrer: `artifactType` the bundle media type, the empty config, one bundle layer,
    /// `subject` = the image, and the annotations cosign v3 writes.
    static func sigstoreReferrer(bundle: Data, subject: JSONValue, created: Date) -> (manifest: LayoutBlob, layer: LayoutBlob) {
        let layer = LayoutBlob(bytes: bundle, mediaType: MediaType.sigstoreBundleV03)
        var manifest = JSONObject()
        manifest["schemaVersion"] = .number(JSONNumber(2))
        manifest["mediaType"] = .string(MediaType.imageManifest)
        manifest["artifactType"] = .string(MediaType.sigstoreBundleV03)
        manifest["config"] = emptyConfig.descriptor()
        manifest["layers"] = .array([layer.descriptor()])
        manifest["subject"] = subject
        manifest["annotations"] = stringMap([
            "dev.sigstore.bundle.content": "dsse-envelope",
            OCIAnnotation.sigstorePredicateType: VerificationSummaryV1.predicateType,
            "org.opencontainers.image.created": RFC3339.format(created),
        ])
        return (LayoutBlob(bytes: CanonicalJSON.compact(.object(manifest)), mediaType: MediaType.imageManifest), layer)
    }

    /// `sha256-<hex>.att`: the cosign attestation tag of an image digest.
    static func attestationTag(_ digest: String) -> String {
        digest.replacingOccurrences(of: ":", with: "-") + ".att"
    }

    static func stringMap(_ map: [String: String]) -> JSONValue {
        var o = JSONObject()
        for key in map.keys.sorted() { o[key] = .string(map[key]!) }
        return .object(o)
    }
}
