import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// A rule's `layout:` requirement, end to end: import loose layout and link files with an image,
/// verify, and replay (Workspace.verify replays every verdict and expects byte-identical results).
struct LayoutPolicyTests {
    private func decide(_ files: (LayoutChain, OCILayoutWriter.Image) throws -> [String: Data],
                        coOwners: Int = 0, requirement: ((LayoutChain) -> String)? = nil) throws -> VerdictSummary {
        let kit = try Kit()
        let chain = try LayoutChain(coOwners: coOwners)
        let image = kit.layout.addImage(seed: "app", name: "registry.test/app:1")
        try kit.workspace.importLayout(kit.layout, as: "release", extraFiles: try files(chain, image))
        let policy = kit.policy((requirement ?? { $0.requirement() })(chain))
        return try kit.workspace.verify(image.digest, policy: policy, at: kit.at)
    }

    @Test func aLayoutWhoseFinalProductIsTheImagePasses() throws {
        var layoutRef = ""
        let verdict = try decide { chain, image in
            let files = try chain.files(imageHex: image.hex)
            layoutRef = ContentDigest.sha256Reference(Hex.encode(Digest.sha256(files["root.layout"]!)))
            return files
        }
        #expect(verdict.result == "PASS", "\(String(describing: verdict.firstFailure))")
        #expect(verdict.has("layout.layout.signature", .passed))
        #expect(verdict.has("layout.step.build.threshold", .passed))
        #expect(verdict.has("layout.step.package.products", .passed))
        #expect(verdict.has("layout.product", .passed))
        let summary = try #require(verdict.checks.last)
        #expect(summary.id == "layout" && summary.status == .passed)
        #expect(summary.evidence.count == 3 && summary.evidence.contains(layoutRef), "\(summary.evidence)")
    }

    @Test func aMissingStepLinkFailsTheImage() throws {
        let verdict = try decide { chain, image in try chain.files(imageHex: image.hex, dropping: ["build"]) }
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.build.threshold")
        #expect(failure.message.contains("ThresholdVerificationError: step 'build' requires 1 link(s)") && failure.message.contains("found 0"), "\(failure.message)")
        #expect(verdict.checks.last?.id == "layout" && verdict.checks.last?.status == .failed)
    }

    @Test func aLinkSignedByAnUnauthorisedFunctionaryFailsTheImage() throws {
        let verdict = try decide { chain, image in
            try chain.files(imageHex: image.hex, packageSigner: try InTotoWriter.Signer())
        }
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.package.threshold")
        #expect(failure.message.contains("found 0") && failure.message.contains("no valid signature by the step's key"), "\(failure.message)")
    }

    @Test func aDisallowedProductFailsTheImage() throws {
        let verdict = try decide { chain, image in
            try chain.files(imageHex: image.hex, extraProducts: ["backdoor.sh": String(repeating: "cd", count: 32)])
        }
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.package.products")
        #expect(failure.message.contains("DISALLOW") && failure.message.contains("backdoor.sh"), "\(failure.message)")
    }

    @Test func aChainThatProducedAnotherImageFailsTheProductTie() throws {
        let other = String(repeating: "ef", count: 32)
        let verdict = try decide { chain, _ in try chain.files(imageHex: other) }
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.product")
        #expect(failure.message.contains("has sha256:\(other), not the approved"), "\(failure.message)")
    }

    @Test func aLayoutNotSignedByThePolicyKeysFails() throws {
        let stranger = try InTotoWriter.Signer()
        let verdict = try decide({ chain, image in try chain.files(imageHex: image.hex) },
                                 requirement: { $0.requirement(keys: [stranger.publicPEM]) })
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.layout.signature")
        #expect(failure.message.contains("signed by 0 of the policy's 1 layout key(s); 1 required"), "\(failure.message)")
    }

    @Test func layoutOwnersMeetTheirThresholdWithDistinctKeys() throws {
        let absent = try InTotoWriter.Signer().publicPEM
        let keys = { (chain: LayoutChain) in [chain.owner.publicPEM, chain.coOwners[0].publicPEM, absent] }
        let two = try decide({ chain, image in try chain.files(imageHex: image.hex) }, coOwners: 1,
                             requirement: { $0.requirement(keys: keys($0), threshold: 2) })
        #expect(two.result == "PASS", "\(String(describing: two.firstFailure))")
        let three = try decide({ chain, image in try chain.files(imageHex: image.hex) }, coOwners: 1,
                               requirement: { $0.requirement(keys: keys($0), threshold: 3) })
        let failure = try #require(three.firstFailure)
        #expect(failure.id == "layout.layout.signature")
        #expect(failure.message.contains("signed by 2 of the policy's 3 layout key(s); 3 required"), "\(failure.message)")
    }

    @Test func aMissingLayoutFileFailsTheImage() throws {
        let verdict = try decide({ chain, image in try chain.files(imageHex: image.hex) },
                                 requirement: { $0.requirement(file: "release.layout") })
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout")
        #expect(failure.message == "no layout file named release.layout was imported with the image")
    }
}
