import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
@testable import AirlockVerify

/// The miniature Sigstore's good bundles verify in every shape, and each deliberately broken
/// variant fails on its own check, for its own stated reason.
@Suite("Test-kit bundles: good ones verify, each broken one fails for its reason")
struct TestKitBundleTests {
    static func policy(_ c: BrokenCase) throws -> VerificationPolicy {
        if let key = c.managedKey {
            return VerificationPolicy(signer: .key(ManagedKey(
                publicKey: key, validFor: c.managedKeyValidity.map { TimeRange(start: $0.start, end: $0.end) })))
        }
        let id = try #require(c.expectedIdentity)
        return VerificationPolicy(signer: .certificate([CertificateIdentity(
            subjectAlternativeName: .exact(id.subjectAlternativeNameValue), issuer: .exact(id.issuer))]))
    }

    @Test("message, DSSE and intoto bundles of every version, Rekor v1 and v2, and key-signed bundles verify")
    func goodBundles() throws {
        var mini = try MiniSigstore()
        let verifier = SigstoreVerifier(trust: try TrustMaterial(json: mini.trustedRootJSON()))
        let artifact = MiniSigstore.defaultArtifact
        let statement = MiniSigstore.inTotoStatement(subjects: [("a", Hex.encode(Digest.sha256(artifact)))])
        var made: [(String, MadeSigstoreBundle)] = []
        for version in SigstoreBundleOptions.Version.allCases {
            made.append(("message \(version)", try mini.messageBundle(artifact: artifact, identity: .githubWorkflow, options: SigstoreBundleOptions(version: version))))
            made.append(("dsse \(version)", try mini.dsseBundle(statement: statement, identity: .email, options: SigstoreBundleOptions(version: version), artifact: artifact)))
            made.append(("intoto \(version)", try mini.dsseBundle(
                statement: statement, identity: .email, options: SigstoreBundleOptions(version: version, dsseKind: .intoto), artifact: artifact)))
        }
        made.append(("Rekor v2 message", try mini.messageBundle(artifact: artifact, identity: .username("bob"), options: .rekorV2)))
        made.append(("Rekor v2 DSSE", try mini.dsseBundle(statement: statement, identity: .email, options: .rekorV2, artifact: artifact)))
        for (name, bundle) in made {
            let id = try #require(bundle.identity)
            let policy = VerificationPolicy(signer: .certificate([CertificateIdentity(
                subjectAlternativeName: .exact(id.subjectAlternativeNameValue), issuer: .exact(id.issuer))]))
            let result = verifier.verify(try SigstoreBundle.parse(bundle.json), artifact: .bytes(artifact), policy: policy, at: Date())
            #expect(result.verified, "\(name): \(result.checks.firstFailure.map { "\($0.id): \($0.message)" } ?? "")")
        }
        let key = try PrivateKey.generate(.ecdsaP256)
        let keyed = try mini.keyMessageBundle(artifact: artifact, key: key)
        let result = verifier.verify(try SigstoreBundle.parse(keyed.json), artifact: .bytes(artifact),
                                     policy: VerificationPolicy(signer: .key(ManagedKey(publicKey: key.publicKey))), at: Date())
        #expect(result.verified, "key-signed: \(result.checks.firstFailure?.message ?? "")")
    }

    @Test("each broken variant fails on its check", arguments: Breakage.allCases)
    func broken(_ breakage: Breakage) throws {
        var mini = try MiniSigstore()
        let c = try mini.broken(breakage)
        if c.rejectedByParser {
            let error = #expect(throws: FormatError.self) { try SigstoreBundle.parse(c.bundle) }
            #expect(error?.code == .missingField, "\(String(describing: error))")
            #expect(error?.reason.contains(c.expectedReasonFragment) == true, "\(String(describing: error))")
            return
        }
        let verifier = SigstoreVerifier(trust: try TrustMaterial(json: c.trustedRoot))
        var policy = try Self.policy(c)
        // A token that does not verify is ignored (as sigstore-go and sigstore-python do), so these
        // variants fail when the policy requires a timestamp, and say why the token was ignored.
        let ignoredToken = c.expectedCheckID == "timestamp.rfc3161" && breakage != .duplicateTimestamp
        if ignoredToken { policy.thresholds.timestamps = 1 }
        let result = verifier.verify(try SigstoreBundle.parse(c.bundle), artifact: .bytes(c.artifact), policy: policy, at: Date())
        #expect(!result.verified, "\(breakage) verified")
        if ignoredToken {
            #expect(result.checks.firstFailure?.id == "timestamp.threshold")
            #expect(result.checks.contains { $0.id == "timestamp.rfc3161" && $0.status == .skipped && $0.message.contains(c.expectedReasonFragment) },
                    "\(breakage): \(result.checks.filter { $0.id == "timestamp.rfc3161" }.map(\.message))")
            return
        }
        let failed = result.checks.filter { $0.status == .failed }
        #expect(failed.contains { $0.id == c.expectedCheckID && $0.message.contains(c.expectedReasonFragment) },
                "\(breakage): expected \(c.expectedCheckID) ~ \(c.expectedReasonFragment); got \(failed.map { "\($0.id): \($0.message)" })")
    }
}
