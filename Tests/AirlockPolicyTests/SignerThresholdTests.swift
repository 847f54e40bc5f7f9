import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
@testable import AirlockVerify
import AirlockTestKit

/// A signature threshold counts distinct signatures: one key or certificate counts toward one listed
/// signer only, however often the policy lists it; `policy check` warns about such overlapping entries.
struct SignerThresholdTests {
    static let oneCounts = "1 of 2 required distinct listed signers verified (1 distinct signing key(s) or certificate(s) matched listed signers; each counts toward one signer only)"

    private func keyPolicy(_ kit: Kit, _ pems: [String], threshold: Int) -> String {
        let signers = pems.map { pem in
            "        - publicKey: |\n" + pem.split(separator: "\n").map { "            \($0)" }.joined(separator: "\n")
        }
        return kit.policy("    signatures:\n      threshold: \(threshold)\n      signers:\n" + signers.joined(separator: "\n"))
    }

    private func keylessPolicy(_ kit: Kit, _ entries: [String], threshold: Int) -> String {
        kit.policy("    signatures:\n      threshold: \(threshold)\n      signers:\n" + entries.map { "        - \($0)" }.joined(separator: "\n"))
    }

    @Test func theSameKeyListedTwiceDoesNotMeetAThresholdOfTwo() throws {
        let kit = try Kit()
        let key = try PrivateKey.generate(.ecdsaP256)
        let image = kit.layout.addImage(seed: "dup", name: "registry.test/vendor:1")
        kit.layout.addReferrer(to: image, bundle: try kit.sigstore.keyMessageBundle(artifact: image.manifest, key: key).json)
        let policy = keyPolicy(kit, [key.publicKey.pem, key.publicKey.pem], threshold: 2)
        let verdict = try kit.verify(image, policy: policy)
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == "signatures")
        #expect(verdict.firstFailure?.message == Self.oneCounts)
        let warnings = try LoadedPolicy(bytes: Data(policy.utf8), directory: nil).policy.lintWarnings
        #expect(warnings == ["rules[0].signatures.signers[1]: is the same public key as rules[0].signatures.signers[0]; one signature counts toward only one of them"])
    }

    @Test func oneKeylessSignatureMatchingTwoOverlappingEntriesCountsOnce() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "overlap", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        let exact = "https://github.com/mini-org/mini-repo/.github/workflows/release.yml@refs/heads/main"
        let policy = keylessPolicy(kit, [
            "{issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)'}",
            "{issuer: '\(Kit.workflowIssuer)', san: '\(exact)'}",
        ], threshold: 2)
        let verdict = try kit.verify(image, policy: policy)
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == "signatures")
        #expect(verdict.firstFailure?.message == Self.oneCounts)
        let warnings = try LoadedPolicy(bytes: Data(policy.utf8), directory: nil).policy.lintWarnings
        #expect(warnings == ["rules[0].signatures.signers[1]: has an exact SAN matched by the sanRegex of rules[0].signatures.signers[0]; one signature counts toward only one of them"])
    }

    @Test func twoDistinctRealSignersMeetAThresholdOfTwo() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "two", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow)
        try kit.sign(image, as: .email)
        let policy = keylessPolicy(kit, [
            "{issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)'}",
            "{issuer: '\(Kit.emailIssuer)', san: 'signer@mini.test'}",
        ], threshold: 2)
        let verdict = try kit.verify(image, policy: policy)
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        #expect(verdict.checks.last?.id == "signatures")
        #expect(verdict.checks.last?.message
            == #"2 distinct listed signer(s) verified, 2 required: SAN /^https://github\.com/mini-org/mini-repo// issuer "https://token.actions.githubusercontent.com"; SAN "signer@mini.test" issuer "https://accounts.mini.test""#)
        #expect(try LoadedPolicy(bytes: Data(policy.utf8), directory: nil).policy.lintWarnings.isEmpty)
    }

    @Test func identicalKeylessEntriesAreWarnedAboutByPolicyCheck() throws {
        let kit = try Kit()
        let entry = "{issuer: '\(Kit.emailIssuer)', san: 'signer@mini.test'}"
        let path = try kit.workspace.write(keylessPolicy(kit, [entry, entry], threshold: 1), as: "dup.yaml")
        let report = try PolicyService.check(path: path)
        #expect(report.warnings == ["rules[0].signatures.signers[1]: has the same SAN and issuer as rules[0].signatures.signers[0]; one signature counts toward only one of them"])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("has the same SAN and issuer as"))
    }

    /// The matching itself: an identity that satisfies several signers is moved to free a signer for another.
    @Test func matchingReassignsToReachTheMaximum() {
        #expect(SignerMatching.maximum([[0, 1], [0]]).count == 2)
        #expect(SignerMatching.maximum([[0, 1], [0, 1], [0, 1]]).count == 2)
        #expect(SignerMatching.maximum([[0, 1, 2]]).count == 1)
        #expect(SignerMatching.maximum([]).count == 0)
    }
}
