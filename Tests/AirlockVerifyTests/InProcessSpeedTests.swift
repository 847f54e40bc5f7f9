import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import Testing
@testable import AirlockVerify

/// The shortcuts taken for in-process verification speed (docs/decisions.md D28) decide exactly as the
/// long way did: the logged key's canonical-PEM fast path, the checkpoint verified once, and bundle
/// verification from many threads at once against different trust roots.
struct InProcessSpeedTests {
    static let javaV1 = "sigstore/sigstore-java/samples/bundles/bundle.v3.sigstore"
    static let javaV2 = "sigstore/sigstore-java/samples/bundles/bundle.dsse.rekor-v2.sigstore"
    static let javaDigest = ArtifactInput.digest(.sha256, Hex.decode("a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf")!)

    static func policy(_ san: String) -> VerificationPolicy {
        VerificationPolicy(signer: .certificate([CertificateIdentity(subjectAlternativeName: .exact(san), issuer: .exact("https://accounts.google.com"))]))
    }

    /// The java v1 bundle's signing context and its hashedrekord body.
    static func javaContext() throws -> (SigningContext, HashedRekordV001, SigstoreBundle) {
        let bundle = try SigstoreBundle.parse(Corpus.data(javaV1))
        let context = try #require(SigningMaterialStep.resolve(bundle, artifact: javaDigest, policy: policy("appu@google.com")).value)
        guard case .hashedRekordV001(let record) = try RekorBody.parse(bundle.verificationMaterial.tlogEntries[0].canonicalizedBody) else {
            throw CryptoError(.invalidInput, "the java bundle's entry is not hashedrekord v0.0.1")
        }
        return (context, record, bundle)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func loggedCertificateInAnyPEMLayoutMatches() throws {
        let (context, record, _) = try Self.javaContext()
        let leaf = try #require(context.leaf)
        // The log holds the canonical form (the fast path) ...
        #expect(record.publicKeyPEM == Data(leaf.pem.utf8))
        #expect(RekorBodyMatch.mismatch(.hashedRekordV001(record), context) == nil)
        // ... and other layouts of the same certificate still match, through the full decode.
        for layout in [leaf.pem.replacingOccurrences(of: "\n", with: "\r\n"),
                       "-----BEGIN CERTIFICATE-----\n" + leaf.der.base64EncodedString() + "\n-----END CERTIFICATE-----",
                       "text before\n" + leaf.pem] {
            var other = record
            other.publicKeyPEM = Data(layout.utf8)
            #expect(RekorBodyMatch.mismatch(.hashedRekordV001(other), context) == nil)
        }
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func loggedKeyThatIsNotTheBundlesIsRefused() throws {
        let (context, record, _) = try Self.javaContext()
        let leaf = try #require(context.leaf)
        let other = try #require(CorpusRoot.publicGood.material().certificateAuthorities.last?.chain.first)
        var swapped = record
        swapped.publicKeyPEM = Data(other.pem.utf8)
        #expect(RekorBodyMatch.mismatch(.hashedRekordV001(swapped), context) == "log entry certificate differs from the bundle certificate")
        // The canonical PEM of the bundle's key (not its certificate) is refused for a certificate-signed bundle.
        var bareKey = record
        bareKey.publicKeyPEM = Data(leaf.publicKey.pem.utf8)
        #expect(RekorBodyMatch.mismatch(.hashedRekordV001(bareKey), context) == "log entry holds a public key but the bundle carries a certificate")
        // One altered base64 character of the canonical text: no longer the fast path, and refused.
        var pem = Array(leaf.pem.utf8)
        let index = 28 + 100
        pem[index] = pem[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        var altered = record
        altered.publicKeyPEM = Data(pem)
        #expect(RekorBodyMatch.mismatch(.hashedRekordV001(altered), context) == "log entry certificate differs from the bundle certificate")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func checkpointIsReturnedOnlyWhenItsSignatureAndTheProofHold() throws {
        let (_, _, bundle) = try Self.javaContext()
        let trust = try CorpusRoot.publicGood.material()
        let entry = bundle.verificationMaterial.tlogEntries[0]
        let log = try #require(trust.tlogs[Hex.encode(entry.logID)])
        let proof = try #require(entry.inclusionProof)
        let good = verifyInclusionAndCheckpoint(leaf: entry.canonicalizedBody, index: entry.logIndex, proof: proof, log: log,
                                                label: "entry", limits: .default, checkpointIsAuthoritative: false)
        #expect(good.check.status == .passed)
        #expect(good.checkpoint?.checkpoint.rootHash == proof.rootHash)
        // A checkpoint whose signed text was altered (one character of its root hash): the reason, and no checkpoint.
        var forged = proof
        var lines = try #require(proof.checkpoint).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var root = Array(lines[2].utf8)
        root[5] = root[5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        lines[2] = String(decoding: root, as: UTF8.self)
        forged.checkpoint = lines.joined(separator: "\n")
        let bad = verifyInclusionAndCheckpoint(leaf: entry.canonicalizedBody, index: entry.logIndex, proof: forged, log: log,
                                               label: "entry", limits: .default, checkpointIsAuthoritative: false)
        #expect(bad.check.status == .failed)
        #expect(bad.check.id == CheckID.tlogCheckpoint)
        #expect(bad.check.message.hasSuffix("does not verify with the log key"))
        #expect(bad.checkpoint == nil)
        // A proof for another leaf: the checkpoint verified, the inclusion did not, and no checkpoint is returned.
        let other = verifyInclusionAndCheckpoint(leaf: Data("another leaf".utf8), index: entry.logIndex, proof: proof, log: log,
                                                 label: "entry", limits: .default, checkpointIsAuthoritative: false)
        #expect(other.check.id == CheckID.tlogInclusion)
        #expect(other.check.message.contains("differs from the expected root"))
        #expect(other.checkpoint == nil)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func concurrentVerificationsAgainstDifferentRootsDecideAsSerialOnes() throws {
        let publicGood = SigstoreVerifier(trust: try CorpusRoot.publicGood.material())
        let staging = SigstoreVerifier(trust: try CorpusRoot.staging.material())
        let cases: [(SigstoreBundle, VerificationPolicy)] = [
            (try SigstoreBundle.parse(Corpus.data(Self.javaV1)), Self.policy("appu@google.com")),
            (try SigstoreBundle.parse(Corpus.data(Self.javaV2)), Self.policy("untrusted-sa@sigstore-conformance.iam.gserviceaccount.com")),
        ]
        let now = Date()
        let verifiers = [publicGood, staging]
        @Sendable func run(_ i: Int) -> [CheckResult] {
            let (bundle, policy) = cases[i % 2]
            return verifiers[(i / 2) % 2].verify(bundle, artifact: Self.javaDigest, policy: policy, at: now).checks
        }
        let serial = (0..<4).map(run)
        // Public good verifies both; staging neither (its CAs, logs and TSA differ).
        #expect(serial[0].allHeld && serial[1].allHeld)
        #expect(!serial[2].allHeld && !serial[3].allHeld)
        let rounds = 64
        let results = ConcurrentResults<[CheckResult]>(count: rounds)
        DispatchQueue.concurrentPerform(iterations: rounds) { i in results.set(i, run(i % 4)) }
        for i in 0..<rounds {
            #expect(results.get(i) == serial[i % 4], "round \(i) differs from the serial result")
        }
    }
}
