import AirlockCrypto
import Foundation
import Testing

/// Certificates issued by `CertificateBuilder` decode to what was asked for and chain correctly.
struct CertificateBuilderTests {
    @Test func hierarchyDecodesAndValidates() throws {
        let pki = try MiniPKI()
        #expect(pki.root.subject == "CN=airlock-root,O=airlock.test")
        #expect(pki.root.isSelfSigned && pki.root.isCA)
        #expect(pki.intermediate.issuer == pki.root.subject)
        #expect(pki.intermediate.isIssued(by: pki.root) && !pki.intermediate.isSelfSigned)

        let leafKey = try PrivateKey.generate(.ecdsaP256)
        var builder = pki.leafBuilder(key: leafKey.publicKey)
        builder.setSerialNumber(0x0102_0304)
        builder.subjectAlternativeNames = [
            .uri("https://github.com/o/r/.github/workflows/w.yml@refs/heads/main"),
            .email("dev@airlock.test"),
            .dns("airlock.test"),
            .otherName(oid: "1.3.6.1.4.1.57264.1.7", value: "octocat!github.com"),
        ]
        builder.customExtensions = [
            (oid: "1.3.6.1.4.1.57264.1.1", critical: false, value: Data("https://issuer.example".utf8)),
            (oid: "1.3.6.1.4.1.57264.1.8", critical: false, value: MiniPKI.utf8String("https://issuer.example/v2")),
            (oid: "1.3.6.1.4.1.57264.1.12", critical: false, value: MiniPKI.utf8String("https://github.com/o/r")),
        ]
        let leaf = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        #expect(leaf.subject == "")
        #expect(leaf.serialNumberHex == "01020304")
        #expect(leaf.publicKey == leafKey.publicKey)
        #expect(leaf.subjectAlternativeNames == builder.subjectAlternativeNames)
        #expect(leaf.extendedKeyUsages == [MiniPKI.codeSigning])
        #expect(leaf.fulcioExtensions.issuer == "https://issuer.example/v2")
        #expect(leaf.fulcioExtensions.sourceRepositoryURI == "https://github.com/o/r")
        #expect(leaf.notAfter.timeIntervalSince(leaf.notBefore) == 600)
        let chain = try pki.pool.validate(leaf, at: leaf.notBefore + 60, usage: .codeSigning).get()
        #expect(chain == [leaf, pki.intermediate, pki.root])
        // The deprecated .1 issuer is the fallback when .8 is absent.
        builder.customExtensions.removeSubrange(1...2)
        #expect(try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate).fulcioExtensions.issuer == "https://issuer.example")
    }

    @Test func leafWithoutCodeSigningIsRejected() throws {
        let pki = try MiniPKI()
        var builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
        builder.extendedKeyUsages = ["1.3.6.1.5.5.7.3.1"]
        let leaf = try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let error = pki.pool.validate(leaf, at: leaf.notBefore, usage: .codeSigning).failure
        #expect(error?.reason == "the leaf certificate's extended key usage does not include codeSigning")
        #expect((try? pki.pool.validate(leaf, at: leaf.notBefore, usage: .any).get()) != nil)
    }

    @Test func intermediateEKUMustAllowCodeSigning() throws {
        let pki = try MiniPKI(intermediateEKU: ["1.3.6.1.5.5.7.3.1"])
        let leaf = try pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
            .sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let error = pki.pool.validate(leaf, at: leaf.notBefore, usage: .codeSigning).failure
        #expect(error?.reason.contains("excludes codeSigning") == true)
        // anyExtendedKeyUsage on the intermediate is acceptable.
        let permissive = try MiniPKI(intermediateEKU: ["2.5.29.37.0"])
        let other = try permissive.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
            .sign(issuerKey: permissive.intermediateKey, issuer: permissive.intermediate)
        #expect((try? permissive.pool.validate(other, at: other.notBefore, usage: .codeSigning).get()) != nil)
    }

    @Test func leafCannotActAsCA() throws {
        let pki = try MiniPKI()
        let leafKey = try PrivateKey.generate(.ecdsaP256)
        let leaf = try pki.leafBuilder(key: leafKey.publicKey).sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate)
        let grandchild = try pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey).sign(issuerKey: leafKey, issuer: leaf)
        let error = pki.pool.validate(grandchild, extraIntermediates: [leaf], at: leaf.notBefore + 1, usage: .any).failure
        #expect(error?.reason.hasPrefix("invalid CA certificate") == true)
    }

    @Test func malformedFulcioExtensionIsRejected() throws {
        let pki = try MiniPKI()
        var builder = pki.leafBuilder(key: try PrivateKey.generate(.ecdsaP256).publicKey)
        builder.customExtensions = [(oid: "1.3.6.1.4.1.57264.1.8", critical: false, value: MiniPKI.utf8String("x") + Data([0]))]
        let error = #expect(throws: CryptoError.self) { try builder.sign(issuerKey: pki.intermediateKey, issuer: pki.intermediate) }
        #expect(error?.code == .malformedCertificate)
        #expect(error?.reason == "Fulcio extension 1.3.6.1.4.1.57264.1.8 is not a single DER UTF8String")
    }

    @Test func invalidRequestsAreRefused() throws {
        let key = try PrivateKey.generate(.ed25519)
        var builder = CertificateBuilder(publicKey: key.publicKey, notBefore: MiniPKI.start, notAfter: MiniPKI.start - 1)
        let backwards = #expect(throws: CryptoError.self) { try builder.sign(issuerKey: key, issuer: nil) }
        #expect(backwards?.reason.contains("is after notAfter") == true)
        builder.notAfter = MiniPKI.start + 1
        builder.subjectAlternativeNames = [.other]
        let other = #expect(throws: CryptoError.self) { try builder.sign(issuerKey: key, issuer: nil) }
        #expect(other?.code == .invalidInput)
        // Ed25519 self-signed certificates work.
        builder.subjectAlternativeNames = []
        builder.subjectCommonName = "ed"
        #expect(try builder.sign(issuerKey: key, issuer: nil).isSelfSigned)
    }
}
