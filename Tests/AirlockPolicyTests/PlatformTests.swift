import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockStore
import AirlockTestKit

/// Multi-platform images (D22): an index of two platform manifests made by `OCILayoutWriter`;
/// evidence about the index applies to each platform under `platforms: all`, evidence about a platform never
/// counts for the index (and is reported), and `images` shows each platform from its config.
@Suite("Multi-platform images")
struct PlatformTests {
    static let amd64 = OCIPlatform(architecture: "amd64", os: "linux")
    static let arm64 = OCIPlatform(architecture: "arm64", os: "linux", variant: "v8")

    static func multi(_ kit: Kit) -> (index: OCILayoutWriter.Image, platforms: [OCILayoutWriter.Image]) {
        kit.layout.addIndexImage(seed: "multi", name: "registry.test/multi:1", platforms: [amd64, arm64])
    }

    static func policy(_ kit: Kit, allPlatforms: Bool) -> String {
        kit.policy((allPlatforms ? "    platforms: all\n" : "") + kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)]))
    }

    @Test("images lists each platform manifest with os/arch from its config")
    func imagesShowPlatforms() throws {
        let kit = try Kit()
        let (index, platforms) = Self.multi(kit)
        try kit.sign(platforms[0], as: .githubWorkflow)
        try kit.workspace.importLayout(kit.layout, as: "multi")
        let images = try ImportService(stateDirectory: kit.workspace.state).images()
        let image = try #require(images.first { $0.digest == index.digest })
        #expect(images.count == 1, "platform manifests are not top-level images")
        let expected = [(platforms[0].digest, "linux/amd64", 1), (platforms[1].digest, "linux/arm64/v8", 0)].sorted { $0.0 < $1.0 }
        #expect(image.platformManifests.map(\.digest) == expected.map(\.0))
        #expect(image.platformManifests.map(\.platform) == expected.map(\.1))
        #expect(image.platformManifests.map(\.evidence) == expected.map(\.2))
        let listed = try CLI.run(["images", "--state", kit.workspace.state.path])
        #expect(listed.stdout.contains("platform:  linux/arm64/v8  \(platforms[1].digest)"), "\(listed.stdout)")
    }

    @Test("platforms: all: the index's signature applies to every platform; PASS, replayed identically")
    func indexEvidenceAppliesToEveryPlatform() throws {
        let kit = try Kit()
        let (index, _) = Self.multi(kit)
        try kit.sign(index, as: .githubWorkflow)
        let verdict = try kit.verify(index, policy: Self.policy(kit, allPlatforms: true))
        #expect(verdict.result == "PASS", "\(String(describing: verdict.firstFailure))")
        #expect(verdict.has("platform[linux/amd64].signatures", .passed))
        #expect(verdict.has("platform[linux/arm64/v8].signatures", .passed))
        #expect(verdict.checks.last?.id == "platforms" && verdict.checks.last?.status == .passed)
        let document = try #require(try Store(stateDirectory: kit.workspace.state).catalogue.verdicts().last.map { String(decoding: $0.document, as: UTF8.self) })
        #expect(document.contains(#""platforms":[{"digest":"#), "a platforms: all verdict lists its platforms")
        #expect(!document.contains(#""kind":"artifact""#) && !document.contains(#""indexes""#))
    }

    @Test("platforms: all: one platform signed alone fails on the other, naming it; both signed alone pass")
    func everyPlatformMustPass() throws {
        let kit = try Kit()
        let (index, platforms) = Self.multi(kit)
        try kit.sign(platforms[0], as: .githubWorkflow)
        let one = try kit.verify(index, policy: Self.policy(kit, allPlatforms: true))
        #expect(one.result == "FAIL")
        #expect(one.firstFailure?.id == "platform[linux/arm64/v8].signatures", "\(String(describing: one.firstFailure))")
        #expect(one.has("platform[linux/amd64].signatures", .passed))
        #expect(one.checks.last.map { $0.id == "platforms" && $0.message.contains("1 of 2") && $0.message.contains("linux/arm64/v8") } == true)
        try kit.sign(platforms[1], as: .githubWorkflow)
        let both = try kit.verify(index, policy: Self.policy(kit, allPlatforms: true))
        #expect(both.result == "PASS", "\(String(describing: both.firstFailure))")
    }

    @Test("without platforms: all, a platform's own evidence does not count for the index, and the report says so")
    func platformEvidenceIsReportedNotApplied() throws {
        let kit = try Kit()
        let (index, platforms) = Self.multi(kit)
        try kit.sign(platforms[0], as: .githubWorkflow)
        try kit.workspace.importLayout(kit.layout, as: "multi")
        let path = try kit.workspace.write(Self.policy(kit, allPlatforms: false), as: "p.yaml")
        let report = try kit.workspace.verifier.verify(.image(index.digest), policyPath: path, at: kit.at)
        let verdict = try #require(report.verdicts.first)
        #expect(verdict.failedCheck == "signatures")
        #expect(verdict.firstFailure?.message.contains("0 of 1 required") == true)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("platform manifest \(platforms[0].digest) (linux/amd64) do not count for index \(index.digest)") == true,
                "\(report.notes)")
    }

    @Test("a platform manifest decided on its own counts its index's signature, verified for the index; replayed identically")
    func indexEvidenceAppliesToAPlatformDecidedAlone() throws {
        let kit = try Kit()
        let (index, platforms) = Self.multi(kit)
        try kit.sign(index, as: .githubWorkflow)
        try kit.workspace.importLayout(kit.layout, as: "multi")
        // A platform manifest has no name of its own: the rule selects it by digest.
        let byDigest = Self.policy(kit, allPlatforms: false).replacingOccurrences(of: #"names: ["registry.test/*"]"#, with: "digests: [\"\(platforms[1].digest)\"]")
        let verdict = try kit.workspace.verify(platforms[1].digest, policy: byDigest, at: kit.at)
        #expect(verdict.subject == platforms[1].digest)
        #expect(verdict.result == "PASS", "\(String(describing: verdict.firstFailure))")
        #expect(verdict.has("signature.artifact", .passed), "the index's message signature verifies for the index digest")
        let unsigned = try Kit()
        let (_, alone) = Self.multi(unsigned)
        try unsigned.workspace.importLayout(unsigned.layout, as: "multi")
        let unsignedPolicy = Self.policy(unsigned, allPlatforms: false).replacingOccurrences(of: #"names: ["registry.test/*"]"#, with: "digests: [\"\(alone[1].digest)\"]")
        let failed = try unsigned.workspace.verify(alone[1].digest, policy: unsignedPolicy, at: unsigned.at)
        #expect(failed.failedCheck == "signatures", "no evidence about the platform or its index")
    }

    @Test("platforms takes only \"all\", and not on an artifact rule")
    func platformsValueIsChecked() throws {
        let kit = try Kit()
        let bad = Self.policy(kit, allPlatforms: true).replacingOccurrences(of: "platforms: all", with: "platforms: some")
        let path = try kit.workspace.write(bad, as: "bad.yaml")
        let error = #expect(throws: ApplianceError.self) { try kit.workspace.verifier.verify(.all, policyPath: path, at: kit.at) }
        #expect(error?.reason.contains("the only value is \"all\"") == true, "\(String(describing: error))")
    }
}
