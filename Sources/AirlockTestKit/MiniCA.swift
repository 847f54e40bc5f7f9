import Foundation
import AirlockCrypto

/// The CA certificates the miniature Fulcio and TSA issue from: a fresh P-256 key and a `mini.test`
/// CA certificate (keyCertSign, cRLSign) for it, valid over one window.
struct MiniCA {
    /// Validity start.
    let start: Date
    /// Validity end.
    let end: Date

    /// Validity from a year before `baseTime` for ten years (every mini authority uses this window).
    init(around baseTime: Date) {
        start = baseTime.addingTimeInterval(-365 * 86_400)
        end = baseTime.addingTimeInterval(10 * 365 * 86_400)
    }

    /// A new key and its CA certificate named `commonName`, signed by `issuer` (self-signed when nil).
    func certificate(commonName: String, serial: UInt64, pathLength: Int? = nil,
                     issuer: (key: PrivateKey, certificate: Certificate)? = nil) throws -> (key: PrivateKey, certificate: Certificate) {
        let key = try PrivateKey.generate(.ecdsaP256)
        var builder = CertificateBuilder(publicKey: key.publicKey, notBefore: start, notAfter: end)
        builder.subjectOrganization = "mini.test"
        builder.subjectCommonName = commonName
        builder.isCA = true
        builder.pathLength = pathLength
        builder.keyUsage = [.keyCertSign, .cRLSign]
        builder.setSerialNumber(serial)
        let certificate = try builder.sign(issuerKey: issuer?.key ?? key, issuer: issuer?.certificate)
        return (key, certificate)
    }
}
