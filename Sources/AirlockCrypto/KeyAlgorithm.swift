/// The public-key algorithms Airlock accepts; anything else is rejected when the key is decoded.
public enum KeyAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// ECDSA on NIST P-256 (prime256v1).
    case ecdsaP256
    /// ECDSA on NIST P-384 (secp384r1).
    case ecdsaP384
    /// ECDSA on NIST P-521 (secp521r1).
    case ecdsaP521
    /// Ed25519 (RFC 8032), pure mode only.
    case ed25519
    /// RSA with a modulus of 2048 to 4096 bits.
    case rsa(bits: Int)

    /// A short name such as `ecdsa-p256` or `rsa-3072`.
    public var description: String {
        switch self {
        case .ecdsaP256: "ecdsa-p256"
        case .ecdsaP384: "ecdsa-p384"
        case .ecdsaP521: "ecdsa-p521"
        case .ed25519: "ed25519"
        case .rsa(let bits): "rsa-\(bits)"
        }
    }

    /// The scheme a key of this algorithm signs with unless told otherwise (the Sigstore pairing).
    public var defaultScheme: SignatureScheme {
        switch self {
        case .ecdsaP256: .ecdsa(.sha256)
        case .ecdsaP384: .ecdsa(.sha384)
        case .ecdsaP521: .ecdsa(.sha512)
        case .ed25519: .ed25519
        case .rsa: .rsaPKCS1v15(.sha256)
        }
    }

    /// Smallest and largest RSA modulus accepted, in bits.
    static let rsaBits = 2048...4096
}

/// How a signature is computed: the algorithm family and, where it applies, the message digest.
public enum SignatureScheme: Sendable, Hashable, CustomStringConvertible {
    /// ECDSA over the digest of the message; signatures are DER `ECDSA-Sig-Value`.
    case ecdsa(DigestAlgorithm)
    /// Pure Ed25519 over the whole message (Ed25519ph is not available on OpenSSL 3.0).
    case ed25519
    /// RSASSA-PKCS1-v1_5.
    case rsaPKCS1v15(DigestAlgorithm)
    /// RSASSA-PSS with MGF1 over the same digest; any salt length verifies, signing uses the digest length.
    case rsaPSS(DigestAlgorithm)

    /// A short name such as `ecdsa-sha256` or `rsa-pss-sha512`.
    public var description: String {
        switch self {
        case .ecdsa(let digest): "ecdsa-\(digest.rawValue)"
        case .ed25519: "ed25519"
        case .rsaPKCS1v15(let digest): "rsa-pkcs1v15-\(digest.rawValue)"
        case .rsaPSS(let digest): "rsa-pss-\(digest.rawValue)"
        }
    }

    /// The message digest, or nil for Ed25519.
    var digest: DigestAlgorithm? {
        switch self {
        case .ecdsa(let digest), .rsaPKCS1v15(let digest), .rsaPSS(let digest): digest
        case .ed25519: nil
        }
    }

    /// Whether a key of `algorithm` can make or check signatures of this scheme.
    func fits(_ algorithm: KeyAlgorithm) -> Bool {
        switch (self, algorithm) {
        case (.ecdsa, .ecdsaP256), (.ecdsa, .ecdsaP384), (.ecdsa, .ecdsaP521): true
        case (.ed25519, .ed25519): true
        case (.rsaPKCS1v15, .rsa), (.rsaPSS, .rsa): true
        default: false
        }
    }
}
