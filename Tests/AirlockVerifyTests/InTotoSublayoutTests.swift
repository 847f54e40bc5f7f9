import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation
import Testing

/// super.layout + sub_layout.70ca5750.link (alice's signed sublayout) from in-toto-golang. The upstream
/// super.layout is unsigned and expired (2021), so the test re-dates it and signs it with a generated
/// owner key; the sublayout and its links are the corpus files, as upstream's test lays them out.
@Suite("in-toto sublayouts")
struct InTotoSublayoutTests {
    typealias F = InTotoFixture

    static func superLayout(owner: InTotoSynthetic.Functionary) throws -> InTotoEnvelope {
        guard case .object(var root) = try JSONValue.parse(Corpus.data("\(F.golang)/super.layout")),
              case .object(var signed) = root["signed"] else { throw FormatError(.invalidField, "super.layout shape") }
        signed["expires"] = .string("2030-11-18T16:06:36Z")
        root["signed"] = .object(signed)
        return try InTotoEnvelope.parse(InTotoSynthetic.metablock(.object(signed), by: owner))
    }

    static func links(withSubdirectory: Bool) throws -> InTotoLinkDirectory {
        let sub = try F.links(F.golang).files.filter { ["write-code.b7d643de.link", "package.d3ffd108.link"].contains($0.key) }
        return InTotoLinkDirectory(
            label: "super", files: ["sub_layout.70ca5750.link": try Corpus.data("\(F.golang)/sub_layout.70ca5750.link")],
            subdirectories: withSubdirectory ? ["sub_layout.70ca5750": InTotoLinkDirectory(label: "super/sub_layout.70ca5750", files: sub)] : [:]
        )
    }

    @Test("a signed sublayout is verified recursively and summarised", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func sublayoutPasses() throws {
        let owner = try InTotoSynthetic.functionary(.ed25519)
        let result = try InTotoLayoutVerifier.verify(
            layout: Self.superLayout(owner: owner), layoutFile: "super.layout", keys: [InTotoVerificationKey(owner.description)],
            links: Self.links(withSubdirectory: true),
            options: InTotoVerificationOptions(
                verificationTime: F.now, skippedInspections: ["untar"],
                product: InTotoProductExpectation(step: "sub_layout", path: "foo.tar.gz",
                                                  sha256: "52947cb78b91ad01fe81cd6aef42d1f6817e92b9e6936c1e5aabb7c98514f355")))
        #expect(result.verified, "\(result.checks)")
        #expect(result.skippedInspections == ["sub_layout.70ca5750/untar"])
        #expect(result.checks.contains { $0.id == "sub_layout.70ca5750/layout.signature" && $0.status == .passed })
        #expect(result.checks.contains { $0.id == "step.sub_layout.sublayout" && $0.status == .passed })
        #expect(result.product?.matched == true)
    }

    @Test("a sublayout without its link directory fails inside the sublayout", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func sublayoutMissingLinks() throws {
        let owner = try InTotoSynthetic.functionary(.ed25519)
        let result = try InTotoLayoutVerifier.verify(
            layout: Self.superLayout(owner: owner), layoutFile: "super.layout", keys: [InTotoVerificationKey(owner.description)],
            links: Self.links(withSubdirectory: false),
            options: InTotoVerificationOptions(verificationTime: F.now, skippedInspections: ["untar"]))
        #expect(!result.verified)
        #expect(result.failure?.id == "sub_layout.70ca5750/step.write-code.threshold")
        #expect(result.failure?.message.contains("found 0 in super/sub_layout.70ca5750") == true)
    }

    @Test("sublayout nesting is bounded by Limits", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func sublayoutDepthLimit() throws {
        let owner = try InTotoSynthetic.functionary(.ed25519)
        var limits = Limits()
        limits.maxInTotoSublayoutDepth = 0
        let result = try InTotoLayoutVerifier.verify(
            layout: Self.superLayout(owner: owner), layoutFile: "super.layout", keys: [InTotoVerificationKey(owner.description)],
            links: Self.links(withSubdirectory: true),
            options: InTotoVerificationOptions(verificationTime: F.now, skippedInspections: ["untar"], limits: limits))
        #expect(result.failure?.id == "step.sub_layout.sublayout")
        #expect(result.failure?.message.contains("nested deeper than 0 levels") == true)
    }
}
