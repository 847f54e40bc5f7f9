public import Foundation
import COpenSSL

/// A private signing key, for signed approvals and for the test kit's miniature Sigstore.
///
/// Keys are held in libcrypto memory; `pem` exports them as unencrypted PKCS#8.
public struct PrivateKey: Sendable {
    let backing: EVPKey
    /// The key's algorithm.
    public let algorithm: KeyAlgorithm
    /// The matching public key.
    public let publicKey: PublicKey

    /// Wraps a key; `spkiDER` is its public half's SubjectPublicKeyInfo when the caller has it (else encoded).
    init(backing: EVPKey, spkiDER: Data? = nil) throws {
        self.backing = backing
        self.algorithm = try backing.algorithm()
        self.publicKey = try PublicKey(spkiDER: spkiDER ?? backing.spkiDER())
    }

    /// Generates a fresh key. Supported: `.ecdsaP256`, `.ecdsaP384`, `.ecdsaP521`, `.ed25519`, `.rsa(bits:)` (2048–4096).
    public static func generate(_ algorithm: KeyAlgorithm) throws -> PrivateKey {
        OpenSSLErrorQueue.clear()
        let type: String
        switch algorithm {
        case .ecdsaP256, .ecdsaP384, .ecdsaP521: type = "EC"
        case .ed25519: type = "ED25519"
        case .rsa(let bits):
            guard KeyAlgorithm.rsaBits.contains(bits) else {
                throw CryptoError(.unsupportedAlgorithm, "RSA keys must have 2048 to 4096 bits, not \(bits)")
            }
            type = "RSA"
        }
        guard let pctx = EVP_PKEY_CTX_new_from_name(nil, type, nil) else {
            throw OpenSSLErrorQueue.error(.internalError, "EVP_PKEY_CTX_new_from_name(\(type)) failed")
        }
        defer { EVP_PKEY_CTX_free(pctx) }
        guard EVP_PKEY_keygen_init(pctx) == 1 else { throw OpenSSLErrorQueue.error(.internalError, "keygen init failed") }
        let configured: Bool
        switch algorithm {
        case .ecdsaP256: configured = EVP_PKEY_CTX_set_group_name(pctx, "P-256") == 1
        case .ecdsaP384: configured = EVP_PKEY_CTX_set_group_name(pctx, "P-384") == 1
        case .ecdsaP521: configured = EVP_PKEY_CTX_set_group_name(pctx, "P-521") == 1
        case .rsa(let bits): configured = EVP_PKEY_CTX_set_rsa_keygen_bits(pctx, Int32(bits)) == 1
        case .ed25519: configured = true
        }
        guard configured else { throw OpenSSLErrorQueue.error(.internalError, "configuring \(algorithm) keygen failed") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(pctx, &key) == 1, let key else {
            throw OpenSSLErrorQueue.error(.internalError, "generating a \(algorithm) key failed")
        }
        return try PrivateKey(backing: EVPKey(takingOwnership: key))
    }

    /// Decodes an unencrypted PEM private key (PKCS#8 `PRIVATE KEY`; encrypted keys are rejected).
    public init(pem: String) throws {
        if let der = KeyImport.pemBody(Data(pem.utf8), label: "PRIVATE KEY"), let (key, spki) = KeyImport.privateKey(pkcs8: der) {
            try self.init(backing: key, spkiDER: spki)
        } else {
            try self.init(openSSLPEM: pem)
        }
    }

    /// `PEM_read_bio_PrivateKey` (OpenSSL's decoders): every PEM key `KeyImport` does not take.
    init(openSSLPEM pem: String) throws {
        OpenSSLErrorQueue.clear()
        let key = try OpenSSL.withReadBIO(Data(pem.utf8)) { bio in
            // The callback refuses to supply a passphrase, so encrypted keys fail instead of prompting.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key else { throw OpenSSLErrorQueue.error(.malformedKey, "no decodable unencrypted PEM PRIVATE KEY block") }
        try self.init(backing: EVPKey(takingOwnership: key))
    }

    /// The key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public var pem: String {
        let data = try? OpenSSL.collectBIO { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, backing.ref, nil, nil, 0, nil, nil) == 1
        }
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// Signs `message` under `scheme` (default: the key's default scheme). ECDSA output is DER.
    public func signature(for message: Data, scheme: SignatureScheme? = nil) throws -> Data {
        let scheme = scheme ?? algorithm.defaultScheme
        guard scheme.fits(algorithm) else {
            throw CryptoError(.unsupportedAlgorithm, "a \(algorithm) key cannot sign with \(scheme)")
        }
        OpenSSLErrorQueue.clear()
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLErrorQueue.error(.internalError, "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(ctx) }
        var pctx: OpaquePointer?
        guard EVP_DigestSignInit(ctx, &pctx, scheme.digest.map(FetchedDigest.of), nil, backing.ref) == 1,
              EVPKey.configure(pctx, for: scheme, signing: true)
        else { throw OpenSSLErrorQueue.error(.signatureFailure, "cannot start a \(scheme) signature") }
        return try message.withUnsafeBytes { msg in
            let input = (msg.baseAddress ?? UnsafeRawPointer(OpenSSL.emptyByte)).assumingMemoryBound(to: UInt8.self)
            var length = 0
            guard EVP_DigestSign(ctx, nil, &length, input, msg.count) == 1 else {
                throw OpenSSLErrorQueue.error(.signatureFailure, "sizing a \(scheme) signature failed")
            }
            var output = Data(count: length)
            let ok = output.withUnsafeMutableBytes {
                EVP_DigestSign(ctx, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, input, msg.count)
            }
            guard ok == 1 else { throw OpenSSLErrorQueue.error(.signatureFailure, "\(scheme) signing failed") }
            return output.prefix(length)
        }
    }
}
