import COpenSSL
import Foundation

/// Owns one `EVP_PKEY` (public or private).
///
/// `@unchecked Sendable`: the key is never mutated after construction, and every operation makes
/// its own `EVP_MD_CTX`/`EVP_PKEY_CTX`; libcrypto allows concurrent read-only use of one `EVP_PKEY`.
final class EVPKey: @unchecked Sendable {
    let ref: OpaquePointer

    /// Wraps a key; takes over the caller's +1 reference.
    init(takingOwnership ref: OpaquePointer) {
        self.ref = ref
    }

    deinit { EVP_PKEY_free(ref) }

    /// Classifies the key, rejecting anything Airlock does not accept.
    func algorithm() throws -> KeyAlgorithm {
        switch EVP_PKEY_get_base_id(ref) {
        case EVP_PKEY_ED25519:
            return .ed25519
        case EVP_PKEY_RSA:
            let bits = Int(EVP_PKEY_get_bits(ref))
            guard KeyAlgorithm.rsaBits.contains(bits) else {
                throw CryptoError(.unsupportedAlgorithm, "RSA keys must have 2048 to 4096 bits, this one has \(bits)")
            }
            return .rsa(bits: bits)
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_group_name(ref, &name, name.count, &length) == 1 else {
                throw OpenSSLErrorQueue.error(.unsupportedAlgorithm, "EC key without a named curve")
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch curve {
            case "prime256v1", "P-256": return .ecdsaP256
            case "secp384r1", "P-384": return .ecdsaP384
            case "secp521r1", "P-521": return .ecdsaP521
            default: throw CryptoError(.unsupportedAlgorithm, "EC curve \(curve) is not supported (P-256, P-384, P-521 only)")
            }
        case let id:
            let name = OBJ_nid2sn(id).map { String(cString: $0) } ?? "nid \(id)"
            throw CryptoError(.unsupportedAlgorithm, "key type \(name) is not supported")
        }
    }

    /// The DER SubjectPublicKeyInfo of the (public half of the) key.
    func spkiDER() throws -> Data {
        try OpenSSL.encode("SubjectPublicKeyInfo") { i2d_PUBKEY(ref, $0) }
    }

    /// Sets RSA padding (and PSS parameters) on a signing or verifying context.
    static func configure(_ pctx: OpaquePointer?, for scheme: SignatureScheme, signing: Bool) -> Bool {
        guard let pctx else { return false }
        switch scheme {
        case .rsaPKCS1v15:
            return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1
        case .rsaPSS(let digest):
            return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, signing ? RSA_PSS_SALTLEN_DIGEST : RSA_PSS_SALTLEN_AUTO) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, FetchedDigest.of(digest)) == 1
        case .ecdsa, .ed25519:
            return true
        }
    }
}
