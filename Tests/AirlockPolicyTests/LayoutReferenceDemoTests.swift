import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify

/// The in-toto reference demo (in-toto 3.1.0, DSSE) required by a policy rule, decided by the engine.
///
/// How the subject ties in: the demo's final product is `demo-project.tar.gz` (step `package`), a
/// tarball, not an image manifest, and no manifest can hash to it. So these tests decide a subject whose
/// digest is that tarball's sha256, which is exactly what the rule compares (the image digest against the
/// product's recorded sha256). The end-to-end tests (`LayoutPolicyTests`) use a chain whose final product
/// is a real OCI image manifest.
@Suite(.enabled(if: Corpus.isAvailable, "corpus absent"))
struct LayoutReferenceDemoTests {
    /// 2026-01-01T00:00:00Z, before the demo layout expires (2026-12-27).
    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let files = ["root.layout", "clone.210dcc50.link", "update-version.210dcc50.link", "package.be06db20.link"]

    private func decide(_ directory: String) throws -> ImageEvaluation {
        let kit = try Kit()
        let alice = String(decoding: try Corpus.data("in-toto/reference-demo-dsse/pass/alice.pub"), as: UTF8.self)
        let layout = LayoutChain.requirement(keys: [alice], threshold: 1, file: "root.layout",
                                             extra: "      skipInspections: [untar]\n      product: {step: package, path: demo-project.tar.gz}")
        let policy = try LoadedPolicy(bytes: Data(kit.policy(layout).utf8), directory: nil)
        let trust = ["mini": try TrustMaterial(json: kit.sigstore.trustedRootJSON())]
        let evidence = try Self.files.map { name in
            let data = try Corpus.data("in-toto/reference-demo-dsse/\(directory)/\(name)")
            return EvidenceInput(sha256: Hex.encode(Digest.sha256(data)), kind: name.hasSuffix(".layout") ? "intoto-layout" : "intoto-link",
                                 mediaType: nil, annotations: ["path": "release/\(name)"], content: data)
        }
        let product = Hex.encode(Digest.sha256(try Corpus.data("in-toto/reference-demo-dsse/\(directory)/demo-project.tar.gz")))
        let subject = ImageSubject(digest: "sha256:\(product)", names: ["registry.test/demo-project:1"])
        return PolicyEngine(policy: policy.policy, trust: trust).evaluate(subject, evidence: evidence, at: Self.now)
    }

    @Test func theReferenceDemoPassesWithItsInspectionRecordedAsSkipped() throws {
        let evaluation = try decide("pass")
        #expect(evaluation.passed, "\(String(describing: evaluation.checks.firstFailure))")
        #expect(evaluation.checks.contains { $0.id == "layout.inspection.untar" && $0.status == .skipped })
        #expect(evaluation.checks.contains { $0.id == "layout.product" && $0.status == .passed })
        #expect(evaluation.checks.last?.id == "layout" && evaluation.checks.last?.evidence.count == 4)
    }

    @Test func theTamperedReferenceDemoFailsOnTheDisallowedArtifact() throws {
        let evaluation = try decide("tampered")
        #expect(!evaluation.passed)
        let failure = try #require(evaluation.checks.firstFailure)
        #expect(failure.id == "layout.step.package.materials")
        #expect(failure.message.contains("DISALLOW *") && failure.message.contains("demo-project/foo.py"), "\(failure.message)")
    }
}
