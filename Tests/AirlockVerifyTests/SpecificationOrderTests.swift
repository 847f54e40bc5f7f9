import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// Bundle verification checks the artifact signature before the identity (Sigstore client
/// specification §4, sigstore-go `SignedEntityVerifier.Verify`), while verdicts keep listing checks
/// as verdicts v1 did.
struct SpecificationOrderTests {
    @Test func aTamperedArtifactSignedByAnUnexpectedIdentityFailsOnTheSignatureFirst() throws {
        var mini = try MiniSigstore()
        let verifier = SigstoreVerifier(trust: try TrustMaterial(json: mini.trustedRootJSON()))
        let artifact = MiniSigstore.defaultArtifact
        let statement = MiniSigstore.inTotoStatement(subjects: [("a", Hex.encode(Digest.sha256(artifact)))])
        let bundle = try mini.dsseBundle(statement: statement, identity: .email, artifact: artifact)
        let tampered = artifact + Data("tampered".utf8)
        let expected = VerificationPolicy(signer: .certificate([CertificateIdentity(
            subjectAlternativeName: .exact("https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main"),
            issuer: .exact("https://token.actions.githubusercontent.com"))]))
        let result = verifier.verify(try SigstoreBundle.parse(bundle.json), artifact: .bytes(tampered), policy: expected, at: Date())
        let failures = result.checks.filter { $0.status == .failed }
        #expect(failures.first?.id == CheckID.signatureSubject, "\(failures.map(\.id))")
        #expect(failures.first?.message == "provided artifact digest does not match any subject digest in the DSSE statement")
        // The identity is still checked and reported, after the signature.
        #expect(failures.map(\.id) == [CheckID.signatureSubject, CheckID.identity])
        #expect(failures.last?.message.contains("SAN \"signer@mini.test\" does not match") == true)
        #expect(result.checks.last?.id == CheckID.identity)
    }

    @Test func verdictsListTheIdentityCheckWhereVerdictsV1Did() {
        let verified: [CheckResult] = [
            .pass(CheckID.certificateSCT, "sct"), .pass(CheckID.signatureDSSE, "dsse"),
            .fail(CheckID.signatureSubject, "subject"), .fail(CheckID.identity, "identity"),
        ]
        #expect(VerdictCheckOrder.v1(verified).map(\.id) == [CheckID.certificateSCT, CheckID.identity,
                                                              CheckID.signatureDSSE, CheckID.signatureSubject])
        let keySigned: [CheckResult] = [.pass(CheckID.keyValidity, "k"), .pass(CheckID.signatureArtifact, "s")]
        #expect(VerdictCheckOrder.v1(keySigned) == keySigned)
        let stopped: [CheckResult] = [.fail(CheckID.bundleMaterial, "no certificate")]
        #expect(VerdictCheckOrder.v1(stopped) == stopped)
    }
}

/// The one identity matcher: SAN, issuer, then every required Fulcio extension.
struct CertificateIdentityMatcherTests {
    static let signer = SignerIdentity(
        subjectAlternativeName: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main",
        issuer: "https://token.actions.githubusercontent.com", certificateSHA256: "00", publicKeySHA256: "11",
        extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/acme/app"])

    static func identity(san: String = "^https://github\\.com/acme/", issuer: String = "https://token.actions.githubusercontent.com",
                         extensions: [String: String] = [:]) throws -> CertificateIdentity {
        CertificateIdentity(subjectAlternativeName: try .regex(san), issuer: .exact(issuer), extensions: extensions)
    }

    @Test func matchesOnSANIssuerAndExtensions() throws {
        #expect(CertificateIdentityMatcher.mismatch(try Self.identity(extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/acme/app"]), Self.signer) == nil)
    }

    @Test func eachMismatchSaysWhich() throws {
        #expect(CertificateIdentityMatcher.mismatch(try Self.identity(san: "^https://gitlab\\.com/"), Self.signer)?
            .hasPrefix("SAN \"https://github.com/acme/app/") == true)
        #expect(CertificateIdentityMatcher.mismatch(try Self.identity(issuer: "https://accounts.test"), Self.signer)?
            .hasPrefix("issuer \"https://token.actions.githubusercontent.com\" does not match") == true)
        #expect(CertificateIdentityMatcher.mismatch(try Self.identity(extensions: ["1.3.6.1.4.1.57264.1.12": "https://github.com/evil/app"]), Self.signer)
            == "extension 1.3.6.1.4.1.57264.1.12 is \"https://github.com/acme/app\", expected \"https://github.com/evil/app\"")
        #expect(CertificateIdentityMatcher.mismatch(try Self.identity(extensions: ["1.3.6.1.4.1.57264.1.13": "abc"]), Self.signer)
            == "extension 1.3.6.1.4.1.57264.1.13 is absent, expected \"abc\"")
    }
}
