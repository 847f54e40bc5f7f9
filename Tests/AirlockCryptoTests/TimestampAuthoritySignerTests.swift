import AirlockCrypto
import Foundation
import Testing

/// The test kit's TSA: responses it issues parse and verify, and the checks catch what they should.
struct TimestampAuthoritySignerTests {
    struct TSA {
        let rootKey: PrivateKey
        let root: Certificate
        let leaf: Certificate
        let signer: TimestampAuthoritySigner
    }

    static func makeTSA(critical: Bool = true, usages: [String] = [MiniPKI.timeStamping]) throws -> TSA {
        let rootKey = try PrivateKey.generate(.ecdsaP384)
        var rootBuilder = CertificateBuilder(publicKey: rootKey.publicKey, notBefore: MiniPKI.start, notAfter: MiniPKI.start + 86_400 * 3650)
        rootBuilder.subjectOrganization = "airlock.test"
        rootBuilder.subjectCommonName = "airlock-tsa-root"
        rootBuilder.isCA = true
        rootBuilder.keyUsage = [.keyCertSign, .cRLSign]
        let root = try rootBuilder.sign(issuerKey: rootKey, issuer: nil)
        let key = try PrivateKey.generate(.ecdsaP256)
        var leafBuilder = CertificateBuilder(publicKey: key.publicKey, notBefore: MiniPKI.start, notAfter: MiniPKI.start + 86_400 * 365)
        leafBuilder.subjectOrganization = "airlock.test"
        leafBuilder.subjectCommonName = "airlock-tsa"
        leafBuilder.extendedKeyUsages = usages
        leafBuilder.ekuCritical = critical
        let leaf = try leafBuilder.sign(issuerKey: rootKey, issuer: root)
        return TSA(rootKey: rootKey, root: root, leaf: leaf, signer: TimestampAuthoritySigner(certificate: leaf, key: key, chain: [root]))
    }

    static let signature = Data("signature bytes".utf8)
    static let time = MiniPKI.start + 7200.25

    @Test(arguments: DigestAlgorithm.allCases)
    func issuedResponseVerifies(hash: DigestAlgorithm) throws {
        let tsa = try Self.makeTSA()
        let der = try tsa.signer.response(for: Self.signature, hash: hash, at: Self.time, serial: 42)
        let response = try TimestampResponse(der: der)
        #expect(response.genTime == Self.time)
        #expect(response.hashAlgorithm == hash)
        #expect(response.messageImprint == Digest.hash(Self.signature, using: hash))
        #expect(response.policyOID == TimestampAuthoritySigner.sigstorePolicyOID)
        #expect(response.serialNumberHex == "2A")
        #expect(response.embeddedCertificates == [tsa.leaf, tsa.root])
        let verified = try response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: nil).get()
        #expect(verified == Self.time)
        #expect((try? response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: tsa.leaf).get()) != nil)
    }

    @Test func tokenWithoutCertificatesNeedsTheLeaf() throws {
        let tsa = try Self.makeTSA()
        let der = try tsa.signer.response(for: Self.signature, at: MiniPKI.start + 60, embedCertificates: false, serial: 7)
        let response = try TimestampResponse(der: der)
        #expect(response.embeddedCertificates.isEmpty)
        #expect(response.genTime == MiniPKI.start + 60)
        #expect((try? response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: tsa.leaf).get()) != nil)
        let error = response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: nil).failure
        #expect(error?.reason.hasPrefix("the timestamp's CMS signature or TSA chain does not verify") == true)
    }

    @Test func imprintAndTrustFailures() throws {
        let tsa = try Self.makeTSA()
        let response = try TimestampResponse(der: tsa.signer.response(for: Self.signature, at: Self.time, serial: 1))
        let mismatch = response.verify(signedData: Data("other".utf8), anchors: [tsa.root], intermediates: [], expectedSigner: nil).failure
        #expect(mismatch?.reason.hasPrefix("message imprint mismatch") == true)
        let stranger = try Self.makeTSA()
        let untrusted = response.verify(signedData: Self.signature, anchors: [stranger.root], intermediates: [], expectedSigner: nil).failure
        #expect(untrusted?.code == .timestampInvalid)
        #expect(untrusted?.reason.hasPrefix("the timestamp's CMS signature or TSA chain does not verify") == true)
        let wrongLeaf = response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: stranger.leaf).failure
        #expect(wrongLeaf?.reason.contains("is not the expected TSA certificate") == true)
    }

    @Test func genTimeOutsideTheTSACertificateFails() throws {
        let tsa = try Self.makeTSA()
        let late = MiniPKI.start + 86_400 * 400
        let response = try TimestampResponse(der: tsa.signer.response(for: Self.signature, at: late, serial: 2))
        let error = response.verify(signedData: Self.signature, anchors: [tsa.root], intermediates: [], expectedSigner: nil).failure
        #expect(error?.code == .timestampInvalid)
        #expect(error?.openSSLErrors.contains { $0.contains("certificate has expired") } == true)
    }

    @Test func signerNeedsCriticalTimeStampingEKU() throws {
        for (critical, usages) in [(false, [MiniPKI.timeStamping]), (true, [MiniPKI.timeStamping, MiniPKI.codeSigning])] {
            let tsa = try Self.makeTSA(critical: critical, usages: usages)
            let error = #expect(throws: CryptoError.self) { try tsa.signer.response(for: Self.signature, at: Self.time, serial: 3) }
            #expect(error?.reason == "the TSA certificate must have a critical extendedKeyUsage of timeStamping only")
        }
    }
}
