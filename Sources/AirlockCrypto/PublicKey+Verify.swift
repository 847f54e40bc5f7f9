public import Foundation
import COpenSSL

extension PublicKey {
    /// Whether `signature` is a valid signature by this key over `message` under `scheme`.
    ///
    /// Never throws: a malformed signature, or a scheme that does not fit the key, is simply `false`.
    /// ECDSA signatures are DER (`ECDSA-Sig-Value`).
    public func isValidSignature(_ signature: Data, for message: Data, scheme: SignatureScheme) -> Bool {
        guard scheme.fits(algorithm), !signature.isEmpty else { return false }
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        var pctx: OpaquePointer?
        let md = scheme.digest.map(FetchedDigest.of)
        guard EVP_DigestVerifyInit(ctx, &pctx, md, nil, backing.ref) == 1,
              EVPKey.configure(pctx, for: scheme, signing: false)
        else { return false }
        return signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { msg in
                EVP_DigestVerify(
                    ctx,
                    sig.baseAddress!.assumingMemoryBound(to: UInt8.self), sig.count,
                    (msg.baseAddress ?? UnsafeRawPointer(OpenSSL.emptyByte)).assumingMemoryBound(to: UInt8.self), msg.count
                ) == 1
            }
        }
    }

    /// Whether `signature` is valid over an already computed `digest` (ECDSA and RSA only;
    /// always `false` for Ed25519, which signs messages, not digests).
    public func isValidSignature(_ signature: Data, forDigest digest: Data, scheme: SignatureScheme) -> Bool {
        guard scheme.fits(algorithm), let algorithm = scheme.digest, digest.count == algorithm.byteCount,
              !signature.isEmpty
        else { return false }
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let pctx = EVP_PKEY_CTX_new_from_pkey(nil, backing.ref, nil) else { return false }
        defer { EVP_PKEY_CTX_free(pctx) }
        guard EVP_PKEY_verify_init(pctx) == 1,
              EVP_PKEY_CTX_set_signature_md(pctx, FetchedDigest.of(algorithm)) == 1,
              EVPKey.configure(pctx, for: scheme, signing: false)
        else { return false }
        return signature.withUnsafeBytes { sig in
            digest.withUnsafeBytes { dgst in
                EVP_PKEY_verify(
                    pctx,
                    sig.baseAddress!.assumingMemoryBound(to: UInt8.self), sig.count,
                    dgst.baseAddress!.assumingMemoryBound(to: UInt8.self), dgst.count
                ) == 1
            }
        }
    }
}
