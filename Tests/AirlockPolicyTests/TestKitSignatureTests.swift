import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockVerify
import AirlockTestKit

/// Signature requirements on test-kit images: keyless identities, thresholds of distinct signers,
/// pinned keys, required proofs, cosign tag-style `.sig` layers, and broken evidence.
struct TestKitSignatureTests {
    @Test func keylessSignatureByAListedIdentityPasses() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])))
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        #expect(verdict.has(".signature.artifact", .passed))
        #expect(verdict.has(".tlog.inclusion", .passed))
        #expect(verdict.checks.last?.id == "signatures" && verdict.checks.last?.status == .passed)
    }

    @Test func signatureByAnUnlistedIdentityFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(kit.signatures([(Kit.emailIssuer, "^signer@mini\\.test$")])))
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == "signatures")
        #expect(verdict.firstFailure?.message.contains("0 of 1 required distinct listed signers verified; verified signatures by unlisted signers: SAN https://github.com/mini-org/mini-repo") == true)
    }

    @Test func thresholdCountsDistinctListedSigners() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        try kit.sign(image, as: .githubWorkflow)
        try kit.sign(image, as: .email)
        let both = kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN), (Kit.emailIssuer, "^signer@mini\\.test$")], threshold: 2))
        let pass = try kit.verify(image, policy: both)
        #expect(pass.result == "PASS", "\(pass.firstFailure?.message ?? "")")
        #expect(pass.checks.last?.message.hasPrefix("2 distinct listed signer(s) verified, 2 required") == true)
        #expect(pass.checks.last?.evidence.count == 3)
        let notEnough = kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN), (Kit.emailIssuer, "^other@mini\\.test$")], threshold: 2))
        let fail = try kit.workspace.verify(image.digest, policy: notEnough, at: kit.at)
        #expect(fail.failedCheck == "signatures")
        #expect(fail.firstFailure?.message.hasPrefix("1 of 2 required distinct listed signers verified") == true)
    }

    @Test func pinnedKeySignature() throws {
        let kit = try Kit()
        let key = try PrivateKey.generate(.ecdsaP256)
        let other = try PrivateKey.generate(.ecdsaP256)
        let image = kit.layout.addImage(seed: "k", name: "registry.test/vendor:1")
        kit.layout.addReferrer(to: image, bundle: try kit.sigstore.keyMessageBundle(artifact: image.manifest, key: key).json)
        func policy(_ pem: String) -> String {
            kit.policy("    signatures:\n      signers:\n        - publicKey: |\n" + pem.split(separator: "\n").map { "            \($0)" }.joined(separator: "\n"))
        }
        let pass = try kit.verify(image, policy: policy(key.publicKey.pem))
        #expect(pass.result == "PASS", "\(pass.firstFailure?.message ?? "")")
        #expect(pass.checks.last?.message.contains("key sha256:") == true)
        let fail = try kit.workspace.verify(image.digest, policy: policy(other.publicKey.pem), at: kit.at)
        #expect(fail.failedCheck == "signatures")
        #expect(fail.has(".signer", .skipped))
        #expect(fail.checks.first { $0.id.hasSuffix(".signer") }?.message == "verifies with none of the 1 key(s) the rule lists; not counted")
    }

    @Test func requiredTimestampMustBePresent() throws {
        let kit = try Kit()
        let bare = kit.layout.addImage(seed: "t1", name: "registry.test/app:1")
        try kit.sign(bare, as: .githubWorkflow)
        let stamped = kit.layout.addImage(seed: "t2", name: "registry.test/app:2")
        try kit.sign(stamped, as: .githubWorkflow, options: SigstoreBundleOptions(timestampCount: 1))
        let policy = kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)], extra: "      timestamp: true\n      transparencyLog: true\n"))
        let fail = try kit.verify(bare, policy: policy)
        #expect(fail.failedCheck == "timestamp.threshold")
        #expect(fail.firstFailure?.message == "0 of 1 required RFC 3161 timestamps verified")
        let pass = try kit.workspace.verify(stamped.digest, policy: policy, at: kit.at)
        #expect(pass.result == "PASS", "\(pass.firstFailure?.message ?? "")")
        #expect(pass.has(".timestamp.rfc3161", .passed))
    }

    @Test func cosignTagStyleSignature() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "c", name: "registry.test/app:1")
        let elsewhere = kit.layout.addImage(seed: "d", name: "registry.test/app:2")
        func simpleSigning(_ digest: String) -> Data {
            Data("{\"critical\":{\"identity\":{\"docker-reference\":\"registry.test/app\"},\"image\":{\"docker-manifest-digest\":\"\(digest)\"},\"type\":\"cosign container image signature\"},\"optional\":null}".utf8)
        }
        let good = simpleSigning(image.digest)
        let made = try kit.sigstore.messageBundle(artifact: good, identity: .githubWorkflow, options: SigstoreBundleOptions(version: .v0_1, includeInclusionProof: false))
        kit.layout.addCosignManifest(for: image, attestations: false, layers: [(good, MediaType.cosignSimpleSigning, made.cosignAnnotations())])
        // A valid signature over a payload naming `image`, attached under the other image's tag.
        let misdirected = simpleSigning(image.digest)
        let madeMisdirected = try kit.sigstore.messageBundle(artifact: misdirected, identity: .githubWorkflow,
                                                            options: SigstoreBundleOptions(version: .v0_1, includeInclusionProof: false))
        kit.layout.addCosignManifest(for: elsewhere, attestations: false,
                                     layers: [(misdirected, MediaType.cosignSimpleSigning, madeMisdirected.cosignAnnotations())])
        let policy = kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)]))
        let pass = try kit.verify(image, policy: policy)
        #expect(pass.result == "PASS", "\(pass.firstFailure?.message ?? "")")
        #expect(pass.has(".cosign.payload", .passed))
        #expect(pass.has(".tlog.promise", .passed))
        let fail = try kit.workspace.verify(elsewhere.digest, policy: policy, at: kit.at)
        #expect(fail.failedCheck == "cosign.payload")
        #expect(fail.firstFailure?.message == "simple-signing payload signs \(image.digest), not the image \(elsewhere.digest)")
    }

    @Test func brokenEvidenceFailsTheImage() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "b", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        var made = try kit.sigstore.messageBundle(artifact: image.manifest, identity: .githubWorkflow)
        guard case .message(let algorithm, let digest, var signature) = made.parts.content else { Issue.record("not a message"); return }
        signature[signature.count - 3] ^= 0x01
        made.parts.content = .message(digestAlgorithm: algorithm, digest: digest, signature: signature)
        kit.layout.addReferrer(to: image, bundle: made.json)
        let verdict = try kit.verify(image, policy: kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])))
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == "tlog.body")
        #expect(verdict.firstFailure?.message.contains("log entry signature differs from the bundle signature") == true)
        #expect(verdict.has("signatures", .passed))
    }

    /// A certificate from an untrusted CA fails the chain; the verdict still lists the identity check
    /// (matched against any identity, as verdicts v1 always did), so recorded verdicts replay byte for byte.
    @Test func aChainFailureInAVerdictKeepsTheV1IdentityCheck() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "u", name: "registry.test/app:1")
        let broken = try kit.sigstore.broken(.leafFromUntrustedCA, artifact: image.manifest)
        kit.layout.addReferrer(to: image, bundle: broken.bundle)
        let verdict = try kit.verify(image, policy: kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])))
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == "certificate.chain", "\(verdict.firstFailure?.message ?? "")")
        let identity = try #require(verdict.checks.first { $0.id.hasSuffix(".identity") })
        #expect(identity.status == .passed && identity.message.hasPrefix("signed by https://github.com/mini-org/mini-repo/"), "\(identity.message)")
    }

    @Test func anImageNoRuleSelectsFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "n", name: "elsewhere.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let verdict = try kit.verify(image, policy: kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])))
        #expect(verdict.failedCheck == "rule")
        #expect(verdict.firstFailure?.message.contains("selects \(image.digest) (names: elsewhere.test/app:1)") == true)
        #expect(verdict.checks.count == 1)
    }
}
