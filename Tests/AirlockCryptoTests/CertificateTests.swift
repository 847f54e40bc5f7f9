import AirlockCrypto
import AirlockTestKit
import Foundation
import Testing

/// Certificate decoding and field access on real Fulcio and sample certificates.
struct CertificateTests {
    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func publicGoodFulcioLeafFields() throws {
        let (leaf, integratedTime) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        #expect(leaf.subject == "")
        #expect(leaf.issuer == "CN=sigstore-intermediate,O=sigstore.dev")
        #expect(leaf.publicKey.algorithm == .ecdsaP256)
        #expect(!leaf.isCA)
        #expect(!leaf.isSelfSigned)
        #expect(leaf.isValid(at: integratedTime))
        #expect(leaf.isValid(at: leaf.notBefore) && leaf.isValid(at: leaf.notAfter))
        #expect(!leaf.isValid(at: leaf.notAfter.addingTimeInterval(0.5)))
        #expect(!leaf.isValid(at: leaf.notBefore.addingTimeInterval(-1)))
        #expect(leaf.notAfter.timeIntervalSince(leaf.notBefore) == 600)
        #expect(leaf.subjectAlternativeNames == [
            .uri("https://github.com/kubewarden/kubewarden-controller/.github/workflows/release.yml@refs/tags/v1.34.0"),
        ])
        #expect(leaf.extendedKeyUsages == ["1.3.6.1.5.5.7.3.3"])
        #expect(!leaf.isExtendedKeyUsageCritical)

        let fulcio = leaf.fulcioExtensions
        #expect(fulcio.issuer == "https://token.actions.githubusercontent.com")
        #expect(fulcio.githubWorkflowTrigger == "push")
        #expect(fulcio.githubWorkflowRepository == "kubewarden/kubewarden-controller")
        #expect(fulcio.githubWorkflowRef == "refs/tags/v1.34.0")
        #expect(fulcio.sourceRepositoryURI == "https://github.com/kubewarden/kubewarden-controller")
        #expect(fulcio.sourceRepositoryDigest == "2a6b879b7a5ef59d7fb348d0b5d14314538ac0a6")
        #expect(fulcio.sourceRepositoryIdentifier == "318490971")
        #expect(fulcio.runnerEnvironment == "github-hosted")
        #expect(fulcio.buildTrigger == "push")
        #expect(fulcio.sourceRepositoryVisibilityAtSigning == "public")
        #expect(fulcio.runInvocationURI == "https://github.com/kubewarden/kubewarden-controller/actions/runs/24177081968/attempts/1")
        #expect(fulcio.tokenSubject == nil)
        #expect(fulcio.values.count == 21)

        // Raw extnValue: .8 is a DER UTF8String, .1 is bare bytes.
        let issuerV2 = try #require(leaf.extensionValue(oid: "1.3.6.1.4.1.57264.1.8"))
        #expect(issuerV2.first == 0x0C)
        #expect(leaf.extensionValue(oid: "1.3.6.1.4.1.57264.1.1") == Data("https://token.actions.githubusercontent.com".utf8))
        #expect(leaf.extensionValue(oid: "1.3.6.1.4.1.57264.1.24") == nil)
        #expect(leaf.extensionValue(oid: "not an oid") == nil)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func stagingLeafHasEmailIdentity() throws {
        let (leaf, _) = try Fixtures.leaf(Fixtures.stagingBundle)
        #expect(leaf.subjectAlternativeNames == [.email("william@yossarian.net")])
        #expect(leaf.fulcioExtensions.issuer == "https://github.com/login/oauth")
        #expect(leaf.serialNumberHex == "3B7B6555B2EDBCB3E9FBACC63AD7A9D523E44628")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func tbsAndIssuance() throws {
        let (leaf, _) = try Fixtures.leaf(Fixtures.publicGoodBundle)
        let chain = try Fixtures.publicGoodFulcio()
        let (intermediate, root) = (chain[0], chain[1])
        #expect(leaf.isIssued(by: intermediate))
        #expect(!leaf.isIssued(by: root))
        #expect(intermediate.isIssued(by: root))
        #expect(root.isSelfSigned && root.isCA && intermediate.isCA && !intermediate.isSelfSigned)
        #expect(root.extendedKeyUsages == nil)
        #expect(intermediate.extendedKeyUsages == ["1.3.6.1.5.5.7.3.3"])
        // The TBS is the first element of the certificate and the issuer's signature covers it.
        let tbs = leaf.tbsDER
        #expect(tbs.first == 0x30)
        #expect(leaf.der.range(of: tbs)?.lowerBound == leaf.der.startIndex + 4)
        // Removing the SCT list makes the TBS shorter but keeps it a SEQUENCE.
        let precert = try leaf.precertificateTBS()
        #expect(precert.first == 0x30 && precert.count < tbs.count)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func sigstoreJavaSamples() throws {
        let der = try Corpus.data("sigstore/sigstore-java/samples/certs/cert.der")
        let fromDER = try Certificate(der: der)
        #expect(fromDER.issuer == "CN=sigstore,O=sigstore.dev")
        #expect(fromDER.serialNumberHex == "8BD49005583B00D51E9847227E4DE4DCC86122")
        #expect(fromDER.pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(try Certificate.parsePEM(fromDER.pem) == [fromDER])

        let chain = try Certificate.parsePEM(String(decoding: Corpus.data("sigstore/sigstore-java/samples/certs/cert.pem"), as: UTF8.self))
        #expect(chain.count == 2)
        #expect(chain[0].subjectAlternativeNames == [.email("appu@google.com")])
        #expect(chain[0].isIssued(by: chain[1]))

        let github = try Certificate.parsePEM(String(decoding: Corpus.data("sigstore/sigstore-java/samples/certs/cert-githuboidc.pem"), as: UTF8.self))
        #expect(github.first?.subjectAlternativeNames.first == .uri("https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.4.0"))
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func weakRSAKeyIsRejected() throws {
        // The RFC 6962 test CA uses RSA-1024, which Airlock refuses outright.
        let pem = String(decoding: try Corpus.data("sigstore/sigstore-java/samples/certificatetransparency/ca-cert.pem"), as: UTF8.self)
        let error = #expect(throws: CryptoError.self) { try Certificate.parsePEM(pem) }
        #expect(error?.code == .unsupportedAlgorithm)
        #expect(error?.reason.contains("1024") == true)
    }

    @Test func malformedInputsAreRejectedWithReasons() throws {
        let none = #expect(throws: CryptoError.self) { try Certificate.parsePEM("nothing here") }
        #expect(none?.reason == "no PEM CERTIFICATE block found")
        let unterminated = #expect(throws: CryptoError.self) { try Certificate.parsePEM("-----BEGIN CERTIFICATE-----\nAAAA\n") }
        #expect(unterminated?.reason.contains("no END line") == true)
        let badBase64 = #expect(throws: CryptoError.self) {
            try Certificate.parsePEM("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
        }
        #expect(badBase64?.reason.contains("not valid base64") == true)
        let garbage = #expect(throws: CryptoError.self) { try Certificate(der: Data([0x30, 0x00])) }
        #expect(garbage?.code == .malformedCertificate)
        #expect(garbage?.openSSLErrors.isEmpty == false)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func trailingBytesAreRejected() throws {
        let der = try Corpus.data("sigstore/sigstore-java/samples/certs/cert.der")
        let error = #expect(throws: CryptoError.self) { try Certificate(der: der + Data([0])) }
        #expect(error?.reason == "trailing bytes after the certificate")
    }
}
