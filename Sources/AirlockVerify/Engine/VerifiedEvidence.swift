import AirlockFormats

/// A piece of evidence whose cryptography verified, with what it proves.
struct VerifiedEvidence {
    /// What it can satisfy.
    enum Role { case signature, attestation }

    let sha256: String
    let role: Role
    let signer: SignerIdentity?
    /// SHA-256 (hex) of the SPKI of the pinned policy key that verified it, for key-signed evidence.
    let keySPKI: String?
    /// The verified in-toto statement, for DSSE evidence.
    let statement: InTotoStatement?
    /// The signed checkpoints its log entries were proven against.
    var checkpoints: [VerifiedCheckpoint] = []

    /// Short id used in check ids.
    var label: String { String(sha256.prefix(12)) }
}
