import Foundation
import AirlockCrypto
import AirlockFormats

/// What the bundle claims was signed and by whom, resolved once and shared by every step.
struct SigningContext {
    /// The bundle under verification.
    let bundle: SigstoreBundle
    /// The artifact as given by the caller.
    let artifact: ArtifactInput
    /// The verifying key: the leaf certificate's key, or the managed key.
    let key: PublicKey
    /// The Fulcio leaf, when keyless.
    let leaf: Certificate?
    /// The signature bytes: the message signature, or the single DSSE signature.
    let signature: Data
    /// The DSSE envelope, when the bundle carries one.
    let envelope: DSSEEnvelope?

    /// SHA-256 of the leaf DER (hex), or of the key SPKI.
    var signerFingerprint: String {
        Hex.encode(Digest.sha256(leaf?.der ?? key.spkiDER))
    }

    /// The artifact's digest with `algorithm`, when known.
    func artifactDigest(_ algorithm: DigestAlgorithm) -> Data? {
        artifact.digests[algorithm]
    }

    /// The message digest the bundle commits to: its `messageDigest` when present.
    var messageDigest: (algorithm: DigestAlgorithm, value: Data)? {
        guard case .messageSignature(let message) = bundle.content,
              let name = message.digestAlgorithm, let value = message.digest,
              let algorithm = DigestAlgorithm(rawValue: name) else { return nil }
        return (algorithm, value)
    }
}

/// The key's signature scheme when signing a message of the given digest algorithm.
func messageScheme(for key: PublicKey, digest: DigestAlgorithm?) -> SignatureScheme? {
    switch key.algorithm {
    case .ecdsaP256, .ecdsaP384, .ecdsaP521:
        if let digest { return .ecdsa(digest) }
        return key.defaultScheme
    case .rsa:
        return .rsaPKCS1v15(digest ?? .sha256)
    case .ed25519:
        // Message signatures with Ed25519 keys are Ed25519ph, which OpenSSL 3.0 lacks.
        return nil
    }
}

/// The Rekor v2 `keyDetails` name for a key (docs/formats.md §4.3).
func rekorKeyDetails(for key: PublicKey) -> String? {
    switch key.algorithm {
    case .ecdsaP256: return "PKIX_ECDSA_P256_SHA_256"
    case .ecdsaP384: return "PKIX_ECDSA_P384_SHA_384"
    case .ecdsaP521: return "PKIX_ECDSA_P521_SHA_512"
    case .rsa(let bits): return "PKIX_RSA_PKCS1V15_\(bits)_SHA256"
    case .ed25519: return "PKIX_ED25519_PH"
    }
}

/// The prehash algorithm the key's scheme uses, for hashedrekord over DSSE.
func prehashAlgorithm(for key: PublicKey) -> DigestAlgorithm {
    switch key.algorithm {
    case .ecdsaP384: return .sha384
    case .ecdsaP521, .ed25519: return .sha512
    case .ecdsaP256, .rsa: return .sha256
    }
}
