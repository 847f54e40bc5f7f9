/// Every media type Airlock reads or writes, declared once: OCI layouts (image-spec `media-types.md`),
/// Docker distribution v2, cosign storage (`SIGNATURE_SPEC.md`), DSSE payload types, Sigstore bundles
/// and trusted roots (protobuf-specs).
public enum MediaType {
    /// OCI image index.
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    /// OCI image manifest.
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    /// OCI image config.
    public static let imageConfig = "application/vnd.oci.image.config.v1+json"
    /// OCI layout header (`oci-layout`).
    public static let layoutHeader = "application/vnd.oci.layout.header.v1+json"
    /// An uncompressed OCI layer tarball.
    public static let imageLayerTar = "application/vnd.oci.image.layer.v1.tar"
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
    /// The DSSE payload type of an in-toto Statement (in-toto attestation `envelope.md`).
    public static let inTotoPayload = "application/vnd.in-toto+json"
    /// Sigstore bundle v0.1 (`x509CertificateChain`, SET mandatory).
    public static let sigstoreBundleV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1"
    /// Sigstore bundle v0.2 (inclusion proof mandatory).
    public static let sigstoreBundleV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2"
    /// Sigstore bundle v0.3 in the legacy `+json;version=` spelling (still accepted on input).
    public static let sigstoreBundleV03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3"
    /// Sigstore bundle v0.3, the canonical spelling Airlock writes.
    public static let sigstoreBundleV03 = "application/vnd.dev.sigstore.bundle.v0.3+json"
    /// Sigstore trusted root v0.1 in the legacy `+json;version=` spelling.
    public static let trustedRootV01Legacy = "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
    /// Sigstore trusted root v0.1.
    public static let trustedRootV01 = "application/vnd.dev.sigstore.trustedroot.v0.1+json"
    /// Sigstore trusted root v0.2.
    public static let trustedRootV02 = "application/vnd.dev.sigstore.trustedroot.v0.2+json"
    /// The blob media type under which the catalogue records a trusted root it stored (no version).
    public static let trustedRootBlob = "application/vnd.dev.sigstore.trustedroot+json"
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
