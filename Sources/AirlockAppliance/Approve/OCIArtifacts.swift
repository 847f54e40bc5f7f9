import Foundation
import AirlockFormats

/// The attestation manifests attached to an approved image (docs/formats.md §9.2, §9.3): a cosign tag-style
/// `.att` manifest whose layer is the DSSE envelope, and an OCI 1.1 referrer carrying the Sigstore bundle.
enum OCIArtifacts {
    /// Adds the cosign `.att` manifest, its config and its one DSSE layer (annotated with its
    /// `predicateType`) to `layout`; the config lists the layer as its only diff id (as cosign writes
    /// it). Returns the manifest's descriptor.
    static func addCosignAttestation(envelope: Data, to layout: inout OCIImageLayoutBuilder) -> OCIDescriptor {
        let layer = layout.addBlob(envelope, mediaType: MediaType.dsseEnvelope,
                                   annotations: [OCIAnnotation.predicateType: PredicateType.verificationSummaryV1])
        var rootfs = JSONObject()
        rootfs["type"] = .string("layers")
        rootfs["diff_ids"] = .array([.string(layer.digest.description)])
        var config = JSONObject()
        config["architecture"] = .string("")
        config["created"] = .string("0001-01-01T00:00:00Z")
        config["history"] = .array([.object(JSONObject(["created": .string("0001-01-01T00:00:00Z")]))])
        config["os"] = .string("")
        config["rootfs"] = .object(rootfs)
        config["config"] = .object(JSONObject())
        let configBlob = layout.addJSON(.object(config), mediaType: MediaType.imageConfig)
        return layout.addManifest(config: configBlob, layers: [layer])
    }

    /// Adds the OCI 1.1 referrer to `layout`: `artifactType` the bundle media type, the empty config,
    /// one bundle layer, `subject` = the image, and the annotations cosign v3 writes. Returns the
    /// manifest's descriptor with its `artifactType`, as `index.json` lists it.
    static func addSigstoreReferrer(bundle: Data, subject: OCIDescriptor, created: Date,
                                    to layout: inout OCIImageLayoutBuilder) -> OCIDescriptor {
        let layer = layout.addBlob(bundle, mediaType: MediaType.sigstoreBundleV03)
        let config = layout.addBlob(Data("{}".utf8), mediaType: MediaType.empty)
        var manifest = layout.addManifest(config: config, layers: [layer], artifactType: MediaType.sigstoreBundleV03,
                                          subject: subject, annotations: [
            "dev.sigstore.bundle.content": "dsse-envelope",
            OCIAnnotation.sigstorePredicateType: PredicateType.verificationSummaryV1,
            "org.opencontainers.image.created": RFC3339.format(created),
        ])
        manifest.artifactType = MediaType.sigstoreBundleV03
        return manifest
    }

    /// `sha256-<hex>.att`: the cosign attestation tag of an image digest.
    static func attestationTag(_ digest: ContentDigest) -> String {
        "\(digest.algorithm)-\(digest.encoded).att"
    }
}
