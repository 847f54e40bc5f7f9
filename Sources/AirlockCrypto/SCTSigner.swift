public import Foundation

/// A certificate-transparency log's signing half, for the test kit's miniature CT log: issues
/// RFC 6962 v1 SCTs over precertificate entries. Not used when verifying.
public struct SCTSigner: Sendable {
    /// The log's private key (ECDSA P-256 or RSA).
    public let logKey: PrivateKey

    /// Makes a signer for a log key.
    public init(logKey: PrivateKey) {
        self.logKey = logKey
    }

    /// The log ID: SHA-256 of the log's DER SubjectPublicKeyInfo.
    public var logID: Data { Digest.sha256(logKey.publicKey.spkiDER) }

    /// Signs a precert_entry SCT over `precertificateTBS` (the leaf's TBS without the SCT list)
    /// issued by the key whose SPKI hashes to `issuerKeyHash`; `timestamp` is in milliseconds.
    public func sign(precertificateTBS: Data, issuerKeyHash: Data, timestamp: UInt64, extensions: Data = Data()) throws -> SignedCertificateTimestamp {
        let signatureAlgorithm: UInt8
        let scheme: SignatureScheme
        switch logKey.algorithm {
        case .ecdsaP256: (signatureAlgorithm, scheme) = (3, .ecdsa(.sha256))
        case .rsa: (signatureAlgorithm, scheme) = (1, .rsaPKCS1v15(.sha256))
        default: throw CryptoError(.unsupportedAlgorithm, "CT logs sign with ECDSA P-256 or RSA, not \(logKey.algorithm)")
        }
        guard issuerKeyHash.count == 32 else {
            throw CryptoError(.invalidInput, "the issuer key hash is 32 bytes, got \(issuerKeyHash.count)")
        }
        var sct = SignedCertificateTimestamp(
            logID: logID, timestamp: timestamp, extensions: extensions,
            hashAlgorithm: 4, signatureAlgorithm: signatureAlgorithm, signature: Data()
        )
        let message = sct.signedData(precertificateTBS: precertificateTBS, issuerKeyHash: issuerKeyHash)
        sct.signature = try logKey.signature(for: message, scheme: scheme)
        return sct
    }
}
