import AirlockCrypto
import Foundation
import Testing

/// The test kit's CT log: SCTs signed over a builder's TBS verify once embedded in the final certificate.
struct SCTSignerTests {
    static let sctOID = SignedCertificateTimestamp.extensionOID

    @Test(arguments: [KeyAlgorithm.ecdsaP256, .rsa(bits: 2048)])
    func embeddedSCTRoundTrip(logAlgorithm: KeyAlgorithm) throws {
        let pki = try MiniPKI()
        let log = SCTSigner(logKey: try PrivateKey.generate(logAlgorithm))
        var builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
        builder.customExtensions = [(oid: "1.3.6.1.4.1.57264.1.8", critical: false, value: MiniPKI.utf8String("https://issuer.example"))]
        let precertificate = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let issuerKeyHash = Digest.sha256(pki.intermediate.publicKey.spkiDER)
        let sct = try log.sign(precertificateTBS: precertificate.tbsDER, issuerKeyHash: issuerKeyHash,
                               timestamp: 1_700_003_600_123, extensions: Data([0, 0, 0, 0, 0, 7]))
        #expect(sct.logID == log.logID)

        builder.customExtensions.append((oid: Self.sctOID, critical: false, value: SignedCertificateTimestamp.encodeList([sct])))
        let leaf = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        // Removing the SCT list gives back exactly the TBS the log signed.
        #expect(try leaf.precertificateTBS() == precertificate.tbsDER)
        #expect(try leaf.embeddedSCTs() == [sct])
        #expect(sct.verify(leaf: leaf, issuer: pki.intermediate, logKey: log.logKey.publicKey))
        #expect(!sct.verify(leaf: leaf, issuer: pki.root, logKey: log.logKey.publicKey))
    }

    @Test func sctOverAnotherCertificateFails() throws {
        let pki = try MiniPKI()
        let log = SCTSigner(logKey: try PrivateKey.generate(.ecdsaP256))
        let builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
        let other = try pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
            .sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let sct = try log.sign(precertificateTBS: other.tbsDER, issuerKeyHash: Digest.sha256(pki.intermediate.publicKey.spkiDER), timestamp: 1)
        var withSCT = builder
        withSCT.customExtensions = [(oid: Self.sctOID, critical: false, value: SignedCertificateTimestamp.encodeList([sct]))]
        let leaf = try withSCT.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        #expect(!sct.verify(leaf: leaf, issuer: pki.intermediate, logKey: log.logKey.publicKey))
    }

    @Test func malformedSCTListsAreRejected() throws {
        let pki = try MiniPKI()
        let cases: [(Data, String)] = [
            (Data([0x04, 0x02, 0x00, 0x05]), "the SCT list length does not match its contents"),
            (Data([0x30, 0x00]), "the SCT-list extension is not a single DER OCTET STRING"),
            (Data([0x04, 0x05, 0x00, 0x03, 0x00, 0x01, 0x01]), "SCT 1 has unsupported version 1"),
            (Data([0x04, 0x06, 0x00, 0x04, 0x00, 0x02, 0x00, 0xAA]), "SCT 1 is truncated or has trailing bytes"),
        ]
        for (value, reason) in cases {
            var builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
            builder.customExtensions = [(oid: Self.sctOID, critical: false, value: value)]
            let leaf = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
            let error = #expect(throws: CryptoError.self) { try leaf.embeddedSCTs() }
            #expect(error?.code == .malformedSCT)
            #expect(error?.reason == reason)
        }
    }

    @Test func ed25519LogKeyIsRefused() throws {
        let log = SCTSigner(logKey: try PrivateKey.generate(.ed25519))
        let error = #expect(throws: CryptoError.self) {
            try log.sign(precertificateTBS: Data([0x30, 0x00]), issuerKeyHash: Data(count: 32), timestamp: 0)
        }
        #expect(error?.code == .unsupportedAlgorithm)
    }
}
