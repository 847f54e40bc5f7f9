public import Foundation
public import AirlockCrypto

/// An RFC 3161 timestamp authority: a self-signed P-256 root and a signing leaf whose only EKU is a
/// critical timeStamping (docs/formats.md §6). Tokens cover the signature bytes of a bundle.
public struct MiniTSA: Sendable {
    /// The timeStamping EKU (1.3.6.1.5.5.7.3.8).
    public static let timeStampingEKU = "1.3.6.1.5.5.7.3.8"

    /// The root key.
    public let rootKey: PrivateKey
    /// The self-signed root.
    public let root: Certificate
    /// The signing key.
    public let leafKey: PrivateKey
    /// The signing certificate.
    public let leaf: Certificate
    /// The common name of the root (CA) or signing certificate (TSA), listed in the trust root.
    public let name: String
    /// The trust root's `uri` for this TSA.
    public let uri: String

    /// A TSA whose certificates are valid from a year before `baseTime` for ten years.
    public init(baseTime: Date, name: String = "mini-tsa", uri: String = "https://timestamp.mini.test/api/v1/timestamp") throws {
        let ca = MiniCA(around: baseTime)
        (rootKey, root) = try ca.certificate(commonName: "\(name)-root", serial: 1)

        leafKey = try PrivateKey.generate(.ecdsaP256)
        var leafBuilder = CertificateBuilder(publicKey: leafKey.publicKey, notBefore: ca.start, notAfter: ca.end)
        leafBuilder.subjectOrganization = "mini.test"
        leafBuilder.subjectCommonName = name
        leafBuilder.keyUsage = .digitalSignature
        leafBuilder.extendedKeyUsages = [Self.timeStampingEKU]
        leafBuilder.ekuCritical = true
        leafBuilder.setSerialNumber(2)
        leaf = try leafBuilder.sign(issuerKey: rootKey, issuer: root)
        self.uri = uri
        self.name = name
    }

    /// The trust-root chain: leaf first, root last.
    public var chain: [Certificate] { [leaf, root] }

    /// A DER `TimeStampResp` over SHA-256 of `signatureBytes` with genTime `time`. The serial is
    /// derived from the time and `serial`, so two tokens made at different instants or with different
    /// serials differ.
    public func timestamp(over signatureBytes: Data, at time: Date, serial: UInt64 = 1, embedCertificates: Bool = true) throws -> Data {
        let signer = TimestampAuthoritySigner(certificate: leaf, key: leafKey, chain: [root])
        return try signer.response(
            for: signatureBytes, hash: .sha256, at: time, embedCertificates: embedCertificates,
            serial: UInt64(max(0, time.timeIntervalSince1970)) &* 1000 &+ serial)
    }
}
