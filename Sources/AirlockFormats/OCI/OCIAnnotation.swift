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
