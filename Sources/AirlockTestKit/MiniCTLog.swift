public import Foundation
public import AirlockCrypto

/// A certificate-transparency log that only signs SCTs (RFC 6962 §3.2): ECDSA P-256, log id
/// `SHA-256(SPKI)`.
public struct MiniCTLog: Sendable {
    /// The log's signing key.
    public let key: PrivateKey
    /// The trust root's `baseUrl`.
    public let baseURL: String

    /// A CT log with the given key.
    public init(key: PrivateKey, baseURL: String = "https://ctfe.mini.test") {
        self.key = key
        self.baseURL = baseURL
    }

    /// `SHA-256(DER SPKI)`: the RFC 6962 LogID.
    public var logID: Data { Digest.sha256(key.publicKey.spkiDER) }

    /// An SCT for a precertificate TBS (the leaf TBS without the SCT extension) issued by the key
    /// whose SPKI hashes to `issuerKeyHash`. `extensions` are the SCT's own extension bytes.
    public func sct(precertificateTBS: Data, issuerKeyHash: Data, timestamp: Date, extensions: Data = Data()) throws -> SignedCertificateTimestamp {
        var sct = SignedCertificateTimestamp(
            version: 0, logID: logID, timestamp: UInt64(timestamp.timeIntervalSince1970 * 1000), extensions: extensions,
            hashAlgorithm: 4, signatureAlgorithm: 3, signature: Data())
        let message = sct.signedData(precertificateTBS: precertificateTBS, issuerKeyHash: issuerKeyHash)
        sct.signature = try key.signature(for: message)
        return sct
    }
}
