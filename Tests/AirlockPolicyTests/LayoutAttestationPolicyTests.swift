import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify

/// A rule's `layout:` requirement with `predicateType: https://in-toto.io/attestation/link/v0.3`: the
/// layout is a loose file, its links arrive as DSSE link attestations attached to the image (build as a
/// cosign `.att` layer, package as an OCI referrer), checked against the layout's functionary keys.
struct LayoutAttestationPolicyTests {
    /// How the package step's link attestation is made.
    struct Package {
        var signer: InTotoWriter.Signer?
        var extraProducts: [String: String] = [:]
        var omitted = false
        var asSigstoreBundle = false
        /// A payload to sign instead of the package link (a malformed link attestation).
        var payload: Data?
    }

    private func decide(buildOmitted: Bool = false, package: Package = Package(), readAttestations: Bool = true,
                        productHex: String? = nil, layoutAttached: Bool = false) throws -> VerdictSummary {
        let kit = try Kit()
        let chain = try LayoutChain()
        let image = kit.layout.addImage(seed: "app", name: "registry.test/app:1")
        if !buildOmitted {
            let build = try InTotoWriter.linkAttestation("build", products: ["src.tar": chain.source], by: chain.bob)
            kit.layout.addCosignManifest(for: image, attestations: true, layers: [(build, MediaType.dsseEnvelope, [:])])
        }
        if !package.omitted {
            let products = package.extraProducts.merging(["image/manifest.json": productHex ?? image.hex]) { a, _ in a }
            var link = try InTotoWriter.linkAttestation("package", materials: ["src.tar": chain.source], products: products,
                                                        by: package.signer ?? chain.carl)
            if let payload = package.payload {
                let signature = try chain.carl.key.signature(for: DSSE.pae(payloadType: MediaType.inTotoPayload, payload: payload), scheme: .ecdsa(.sha256))
                link = DSSEEnvelope(payload: payload, payloadType: MediaType.inTotoPayload,
                                    signatures: [DSSESignature(sig: signature, keyid: chain.carl.keyid)]).encoded()
            }
            if package.asSigstoreBundle {
                kit.layout.addReferrer(to: image, bundle: try Self.keyBundle(dsse: link))
            } else {
                kit.layout.addReferrer(to: image, bundle: link, mediaType: MediaType.dsseEnvelope)
            }
        }
        if layoutAttached {
            kit.layout.addReferrer(to: image, bundle: try chain.dsseLayout(), mediaType: MediaType.dsseEnvelope)
        }
        try kit.workspace.importLayout(kit.layout, as: "release", extraFiles: layoutAttached ? [:] : ["root.layout": try chain.layout()])
        let extra = "      product: {step: package, path: image/manifest.json}"
            + (readAttestations ? "\n      predicateType: \(PredicateType.inTotoLinkV03)" : "")
        var requirement = LayoutChain.requirement(keys: [chain.owner.publicPEM], threshold: 1, file: "root.layout", extra: extra)
        if layoutAttached { requirement = requirement.replacingOccurrences(of: "      file: root.layout\n", with: "") }
        let policy = kit.policy(requirement)
        return try kit.workspace.verify(image.digest, policy: policy, at: kit.at)
    }

    /// A Sigstore bundle v0.3 carrying the DSSE envelope, with a public-key hint and no log entries.
    private static func keyBundle(dsse: Data) throws -> Data {
        let envelope = try JSONValue.parse(dsse)
        var material = JSONObject()
        material["publicKey"] = .object(JSONObject(["hint": .string("functionary")]))
        material["tlogEntries"] = .array([])
        var bundle = JSONObject()
        bundle["mediaType"] = .string(MediaType.sigstoreBundleV03)
        bundle["verificationMaterial"] = .object(material)
        bundle["dsseEnvelope"] = envelope
        return CanonicalJSON.compact(.object(bundle))
    }

    @Test func linkAttestationsSatisfyTheLayout() throws {
        let verdict = try decide()
        #expect(verdict.result == "PASS", "\(String(describing: verdict.firstFailure))")
        for step in ["build", "package"] {
            #expect(verdict.has("layout.step.\(step).threshold", .passed))
            #expect(verdict.has("layout.step.\(step).materials", .passed))
            #expect(verdict.has("layout.step.\(step).products", .passed))
        }
        #expect(verdict.has("layout.product", .passed))
        let summary = try #require(verdict.checks.last)
        #expect(summary.id == "layout" && summary.status == .passed)
        #expect(summary.message.contains("with 2 link file(s)"), "\(summary.message)")
        // The layout and both attestations are named as the evidence used.
        #expect(summary.evidence.count == 3, "\(summary.evidence)")
    }

    @Test func aLayoutAttachedToTheImageGovernsItsLinkAttestations() throws {
        let verdict = try decide(layoutAttached: true)
        #expect(verdict.result == "PASS", "\(String(describing: verdict.firstFailure))")
        #expect(verdict.has("layout.layout.signature", .passed))
        #expect(verdict.has("layout.step.build.threshold", .passed) && verdict.has("layout.step.package.products", .passed))
        let summary = try #require(verdict.checks.last)
        #expect(summary.id == "layout" && summary.status == .passed && summary.message.hasPrefix("layout layout attestation sha256:"), "\(summary.message)")
        #expect(summary.evidence.count == 3, "\(summary.evidence)")
    }

    @Test func anAttachedLayoutStillNeedsItsSteps() throws {
        let verdict = try decide(buildOmitted: true, layoutAttached: true)
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.build.threshold" && failure.message.contains("found 0 in attestations"), "\(failure.message)")
    }

    @Test func withoutFileAndWithoutAnAttachedLayoutTheImageFails() throws {
        let kit = try Kit()
        let chain = try LayoutChain()
        let image = kit.layout.addImage(seed: "app", name: "registry.test/app:1")
        try kit.workspace.importLayout(kit.layout, as: "release", extraFiles: ["root.layout": try chain.layout()])
        let requirement = LayoutChain.requirement(keys: [chain.owner.publicPEM], threshold: 1, file: "root.layout",
                                                  extra: "      product: {step: package, path: image/manifest.json}\n      predicateType: \(PredicateType.inTotoLinkV03)")
            .replacingOccurrences(of: "      file: root.layout\n", with: "")
        let verdict = try kit.workspace.verify(image.digest, policy: kit.policy(requirement), at: kit.at)
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout" && failure.message.hasPrefix("no in-toto layout is attached to the image"), "\(failure.message)")
    }

    @Test func aLinkInASigstoreBundleCountsToo() throws {
        let verdict = try decide(package: Package(asSigstoreBundle: true))
        #expect(verdict.has("layout.step.package.threshold", .passed), "\(verdict.checks.map { "\($0.id) \($0.status) \($0.message)" })")
        #expect(verdict.has("layout.product", .passed))
        #expect(verdict.checks.last?.id == "layout" && verdict.checks.last?.status == .passed)
    }

    @Test func aMissingStepFailsTheImage() throws {
        let verdict = try decide(buildOmitted: true)
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.build.threshold")
        #expect(failure.message.contains("ThresholdVerificationError: step 'build' requires 1 link(s)") && failure.message.contains("found 0"), "\(failure.message)")
        #expect(verdict.checks.last?.id == "layout" && verdict.checks.last?.status == .failed)
    }

    @Test func anUnauthorisedFunctionaryFailsTheImage() throws {
        let stranger = try InTotoWriter.Signer()
        let verdict = try decide(package: Package(signer: stranger))
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.package.threshold")
        #expect(failure.message.contains("found 0"), "\(failure.message)")
        #expect(failure.message.contains("package.\(stranger.keyid.prefix(8)).link: no key of the step starts with \(stranger.keyid.prefix(8))"), "\(failure.message)")
        #expect(!verdict.has("layout.product", .passed))
    }

    @Test func aDisallowedProductFailsTheImage() throws {
        let verdict = try decide(package: Package(extraProducts: ["backdoor.sh": String(repeating: "cd", count: 32)]))
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.package.products")
        #expect(failure.message.contains("DISALLOW") && failure.message.contains("backdoor.sh"), "\(failure.message)")
    }

    @Test func aLinkAttestationThatDoesNotConvertFailsTheLayout() throws {
        let hex = String(repeating: "ab", count: 32)
        let payload = Data(#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"\#(PredicateType.inTotoLinkV03)","subject":[{"name":"image/manifest.json","digest":{"sha256":"\#(hex)"}}],"predicate":{"name":"package","materials":[{"name":"src.tar","digest":{"sha256":"\#(hex)"}},{"name":"src.tar","digest":{"sha256":"\#(hex)"}}]}}"#.utf8)
        let verdict = try decide(package: Package(payload: payload))
        #expect(verdict.result == "FAIL")
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout" && failure.message.contains("does not convert to an in-toto link") && failure.message.contains("listed twice"),
                "\(failure.message)")
    }

    @Test func aChainEndingInAnotherImageFailsTheProductTie() throws {
        let other = String(repeating: "ef", count: 32)
        let verdict = try decide(productHex: other)
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.product")
        #expect(failure.message.contains("has sha256:\(other), not the approved"), "\(failure.message)")
    }

    @Test func withoutPredicateTypeAttestationsAreNotLinks() throws {
        let verdict = try decide(readAttestations: false)
        let failure = try #require(verdict.firstFailure)
        #expect(failure.id == "layout.step.build.threshold" && failure.message.contains("found 0"), "\(failure.message)")
    }
}
