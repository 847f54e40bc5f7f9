/// The media types Airlock recognises in OCI layouts, cosign storage and Docker registries
/// (image-spec `media-types.md`, cosign `SIGNATURE_SPEC.md`, Docker distribution v2).
public enum OCIMediaType {
    /// OCI image index.
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    /// OCI image manifest.
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image config.
    public static let imageConfig = "application/vnd.oci.image.config.v1+json"
    /// OCI layout header (`oci-layout`).
    public static let layoutHeader = "application/vnd.oci.layout.header.v1+json"
    /// The empty descriptor's media type (blob `{}`).
    public static let empty = "application/vnd.oci.empty.v1+json"
    /// Docker manifest list (the Docker multi-platform index).
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// Docker image manifest v2 schema 2.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// Docker container image config.
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    /// cosign simple-signing payload layer.
    public static let cosignSimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json"
    /// DSSE envelope layer (cosign attestations).
    public static let dsseEnvelope = "application/vnd.dsse.envelope.v1+json"
    /// Prefix shared by every Sigstore bundle media type (`…bundle+json;version=0.1`, `…bundle.v0.3+json`).
    public static let sigstoreBundlePrefix = "application/vnd.dev.sigstore.bundle"

    /// Whether a media type names an index (OCI or Docker).
    public static func isIndex(_ mediaType: String?) -> Bool {
        mediaType == imageIndex || mediaType == dockerManifestList
    }

    /// Whether a media type names an image manifest (OCI or Docker).
    public static func isManifest(_ mediaType: String?) -> Bool {
        mediaType == imageManifest || mediaType == dockerManifest
    }

    /// Whether a media type names a Sigstore bundle.
    public static func isSigstoreBundle(_ mediaType: String?) -> Bool {
        mediaType?.hasPrefix(sigstoreBundlePrefix) ?? false
    }
}

/// Annotation keys Airlock reads.
public enum OCIAnnotation {
    /// The tag of an index entry in an OCI layout.
    public static let refName = "org.opencontainers.image.ref.name"
    /// The reference crane and zarf record for a pulled image.
    public static let baseName = "org.opencontainers.image.base.name"
    /// cosign-save's role annotation (`dev.cosignproject.cosign/image|imageIndex|sigs|atts`).
    public static let cosignKind = "kind"
    /// Base64 signature over a simple-signing payload.
    public static let cosignSignature = "dev.cosignproject.cosign/signature"
    /// PEM signing certificate.
    public static let cosignCertificate = "dev.sigstore.cosign/certificate"
    /// PEM certificate chain.
    public static let cosignChain = "dev.sigstore.cosign/chain"
    /// Rekor signed entry timestamp bundle (JSON).
    public static let cosignBundle = "dev.sigstore.cosign/bundle"
    /// RFC 3161 timestamp (JSON).
    public static let cosignTimestamp = "dev.sigstore.cosign/rfc3161timestamp"
    /// Predicate type of a cosign attestation layer.
    public static let predicateType = "predicateType"
    /// Predicate type of a Sigstore-bundle referrer.
    public static let sigstorePredicateType = "dev.sigstore.bundle.predicateType"
}
