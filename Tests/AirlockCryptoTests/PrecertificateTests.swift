import AirlockCrypto
import Foundation
import Testing

/// A precertificate (critical CT poison extension, RFC 6962 §3.1) must never pass as a final certificate.
struct PrecertificateTests {
    @Test func poisonedCertificateFailsValidation() throws {
        let pki = try MiniPKI()
        var builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
        builder.customExtensions = [(oid: "1.3.6.1.4.1.11129.2.4.3", critical: true, value: Data([0x05, 0x00]))]
        let precertificate = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let error = pki.pool.validate(precertificate, at: precertificate.notBefore, usage: .codeSigning).failure
        #expect(error?.code == .chainInvalid)
        #expect(error?.reason.hasPrefix("unhandled critical extension") == true, "\(String(describing: error))")
    }
}
