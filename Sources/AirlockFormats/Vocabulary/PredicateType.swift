/// Every in-toto Statement `_type` and predicate type Airlock reads or writes, declared once
/// (in-toto attestation `statement.md`, SLSA provenance v0.2 / v1, SLSA VSA v1, cosign).
public enum PredicateType {
    /// The in-toto Statement v1 `_type`.
    public static let statementV1 = "https://in-toto.io/Statement/v1"
    /// The in-toto Statement v0.1 `_type` (still written by older tools).
    public static let statementV01 = "https://in-toto.io/Statement/v0.1"
    /// SLSA Provenance v0.2.
    public static let slsaProvenanceV02 = "https://slsa.dev/provenance/v0.2"
    /// SLSA Provenance v1.
    public static let slsaProvenanceV1 = "https://slsa.dev/provenance/v1"
    /// SLSA Verification Summary Attestation v1 (what `approve` signs).
    public static let verificationSummaryV1 = "https://slsa.dev/verification_summary/v1"
    /// The in-toto link predicate v0.3 (`predicates/link.md`): a link as an attestation, its products the subjects.
    public static let inTotoLinkV03 = "https://in-toto.io/attestation/link/v0.3"
    /// The cosign v3 "sign" predicate: a DSSE bundle that is an image signature, not an attestation.
    public static let cosignSign = "https://sigstore.dev/cosign/sign/v1"
}
