import AirlockCrypto
import Foundation

/// A throwaway root → intermediate hierarchy built with `CertificateBuilder`, Fulcio-shaped.
struct MiniPKI {
    static let codeSigning = "1.3.6.1.5.5.7.3.3"
    static let timeStamping = "1.3.6.1.5.5.7.3.8"
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    let rootKey: PrivateKey
    let root: Certificate
    let intermediateKey: PrivateKey
    let intermediate: Certificate

    init(intermediateEKU: [String] = [MiniPKI.codeSigning]) throws {
        rootKey = try PrivateKey.generate(.ecdsaP384)
        var rootBuilder = CertificateBuilder(publicKey: rootKey.publicKey, notBefore: Self.start, notAfter: Self.start + 86_400 * 3650)
        rootBuilder.subjectOrganization = "airlock.test"
        rootBuilder.subjectCommonName = "airlock-root"
        rootBuilder.isCA = true
        rootBuilder.pathLength = 1
        rootBuilder.keyUsage = [.keyCertSign, .cRLSign]
        root = try rootBuilder.sign(issuerKey: rootKey, issuer: nil)

        intermediateKey = try PrivateKey.generate(.ecdsaP384)
        var intermediateBuilder = CertificateBuilder(publicKey: intermediateKey.publicKey, notBefore: Self.start, notAfter: Self.start + 86_400 * 365)
        intermediateBuilder.subjectOrganization = "airlock.test"
        intermediateBuilder.subjectCommonName = "airlock-intermediate"
        intermediateBuilder.isCA = true
        intermediateBuilder.pathLength = 0
        intermediateBuilder.keyUsage = [.keyCertSign, .cRLSign]
        intermediateBuilder.extendedKeyUsages = intermediateEKU
        intermediate = try intermediateBuilder.sign(issuerKey: rootKey, issuer: root)
    }

    var pool: CertificatePool { CertificatePool(anchors: [root], intermediates: [intermediate]) }

    /// A ten-minute Fulcio-style leaf builder (empty subject, critical SAN, codeSigning EKU).
    func leafBuilder(key: PublicKey, at time: Date = MiniPKI.start + 3600) -> CertificateBuilder {
        var builder = CertificateBuilder(publicKey: key, notBefore: time, notAfter: time + 600)
        builder.extendedKeyUsages = [Self.codeSigning]
        builder.subjectAlternativeNames = [.email("dev@airlock.test")]
        builder.sanCritical = true
        return builder
    }

    /// DER UTF8String, the encoding of Fulcio extensions .8 and later.
    static func utf8String(_ text: String) -> Data {
        let bytes = Data(text.utf8)
        precondition(bytes.count < 128)
        return Data([0x0C, UInt8(bytes.count)]) + bytes
    }
}
