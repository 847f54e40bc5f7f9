import COpenSSL
public import Foundation

extension PublicKey {
    static func decodePEM(_ pem: Data) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        let key = try OpenSSL.withReadBIO(pem) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) }
        guard let key else { throw OpenSSLErrorQueue.error(.malformedKey, "no decodable PEM PUBLIC KEY block") }
        return EVPKey(takingOwnership: key)
    }

    static func decodeSPKI(_ der: Data) throws -> EVPKey {
        if let key = KeyImport.publicKey(spki: der) { return key }
        return try decodeSPKIWithOpenSSL(der)
    }

    /// `d2i_PUBKEY` (OpenSSL's decoders): every SubjectPublicKeyInfo `KeyImport` does not take.
    static func decodeSPKIWithOpenSSL(_ der: Data) throws -> EVPKey {
        OpenSSLErrorQueue.clear()
        let (key, consumedAll) = OpenSSL.decode(der) { d2i_PUBKEY(nil, $0, $1) }
        guard let key else { throw OpenSSLErrorQueue.error(.malformedKey, "not a DER SubjectPublicKeyInfo") }
        let backing = EVPKey(takingOwnership: key)
        guard consumedAll else { throw CryptoError(.malformedKey, "trailing bytes after the SubjectPublicKeyInfo") }
        return backing
    }

    static func decodeRawEd25519(_ raw: Data) throws -> EVPKey {
        guard raw.count == 32 else {
            throw CryptoError(.malformedKey, "a raw Ed25519 key is 32 bytes, got \(raw.count)")
        }
        OpenSSLErrorQueue.clear()
        let key = raw.withUnsafeBytes {
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 32)
        }
        guard let key else { throw OpenSSLErrorQueue.error(.malformedKey, "not a valid Ed25519 public key") }
        return EVPKey(takingOwnership: key)
    }

    /// Converts a raw `r || s` ECDSA signature (equal halves, as in some test vectors and JWS) to DER.
    /// Returns nil when the input is empty, odd-length or longer than a P-521 signature.
    public static func ecdsaDERSignature(fromRaw rs: Data) -> Data? {
        guard !rs.isEmpty, rs.count % 2 == 0, rs.count <= 132 else { return nil }
        let half = rs.count / 2
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let (r, s) = rs.withUnsafeBytes { buffer -> (OpaquePointer?, OpaquePointer?) in
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return (BN_bin2bn(base, Int32(half), nil), BN_bin2bn(base + half, Int32(half), nil))
        }
        guard let r, let s else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        guard ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        return try? OpenSSL.encode("ECDSA-Sig-Value") { i2d_ECDSA_SIG(sig, $0) }
    }
}

extension EVPKey {
    /// The raw public key bytes for key types that have them (Ed25519).
    func rawPublicKey() -> Data? {
        var length = 0
        guard EVP_PKEY_get_raw_public_key(ref, nil, &length) == 1 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        var output = Data(count: length)
        let ok = output.withUnsafeMutableBytes {
            EVP_PKEY_get_raw_public_key(ref, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
        }
        return ok == 1 ? output.prefix(length) : nil
    }
}
