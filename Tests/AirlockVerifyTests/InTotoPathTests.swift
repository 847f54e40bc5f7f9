import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import Foundation
import Testing
@testable import AirlockVerify

/// Artifact paths are cleaned (Go `path.Clean`, in-toto-golang since CVE-2021-41087) before any rule,
/// MATCH prefix or product expectation sees them; a path that climbs out of the root is refused.
@Suite("in-toto artifact path cleaning")
struct InTotoPathTests {
    typealias S = InTotoSynthetic
    static let h1 = String(repeating: "c", count: 64)
    static let h2 = String(repeating: "d", count: 64)

    @Test("Go path.Clean semantics", arguments: [
        ("secret.key", "secret.key"), ("./secret.key", "secret.key"), ("out/../secret.key", "secret.key"),
        ("dir//secret.key", "dir/secret.key"), ("dir/./sub/", "dir/sub"), ("a/b/../../c", "c"), ("", "."), (".", "."),
        ("./", "."), ("..", ".."), ("../x", "../x"), ("out/../../x", "../x"), ("/../x", "/x"), ("/a//b/", "/a/b"),
        ("a/../..", ".."), ("...", "..."), ("a/.../b", "a/.../b"),
    ])
    func clean(path: String, expected: String) {
        #expect(InTotoPath.clean(path) == expected)
    }

    private func oneStep(products: [String: String], rules: [[String]], materials: [String: String] = [:],
                         materialRules: [[String]] = []) throws -> InTotoVerificationResult {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [f.keyid], materials: materialRules, products: rules)])
        let link = S.link("build", materials: materials, products: products)
        return try S.verify(layout, owner: owner, files: ["build.\(f.keyid.prefix(8)).link": try S.metablock(link, by: f)])
    }

    @Test("a disguised product path is caught by the rule for its clean name", arguments: [
        ("out/../secret.key", "secret.key"), ("./secret.key", "secret.key"), ("dir//secret.key", "dir/secret.key"),
        ("dir/./secret.key", "dir/secret.key"),
    ])
    func disguisedProduct(recorded: String, clean: String) throws {
        let r = try oneStep(products: [recorded: Self.h1, "app": Self.h2], rules: [["DISALLOW", clean], ["ALLOW", "*"]])
        #expect(r.failure?.id == "step.build.products")
        #expect(r.failure?.message == "step 'build' products: RuleVerificationError: 'DISALLOW \(clean)' matched the following artifacts: ['\(clean)']")
    }

    @Test("a disguised material path is caught too")
    func disguisedMaterial() throws {
        let r = try oneStep(products: [:], rules: [], materials: ["src/../secret.key": Self.h1], materialRules: [["DISALLOW", "secret.key"]])
        #expect(r.failure?.id == "step.build.materials")
        #expect(r.failure?.message.hasSuffix("'DISALLOW secret.key' matched the following artifacts: ['secret.key']") == true)
    }

    @Test("a path that cleans to one above the root is refused with the reason", arguments: [
        ("../secret.key", "../secret.key"), ("out/../../secret.key", "../secret.key"), ("..", ".."),
    ])
    func escapingPath(recorded: String, clean: String) throws {
        let r = try oneStep(products: [recorded: Self.h1], rules: [["ALLOW", "*"]])
        #expect(r.failure?.id == "step.build.links")
        #expect(r.failure?.message.hasSuffix("products path '\(recorded)' cleans to '\(clean)', which escapes the artifact root") == true)
    }

    @Test("two spellings of one path with different hashes are refused")
    func conflictingSpellings() throws {
        let r = try oneStep(products: ["a/b": Self.h1, "a/./b": Self.h2], rules: [["ALLOW", "*"]])
        #expect(r.failure?.id == "step.build.links")
        #expect(r.failure?.message.hasSuffix("products paths 'a/./b' and 'a/b' are both 'a/b' but record different hashes") == true)
        let same = try oneStep(products: ["a/b": Self.h1, "a/./b": Self.h1], rules: [["ALLOW", "a/b"], ["DISALLOW", "*"]])
        #expect(same.verified, "\(same.checks)")
    }

    @Test("MATCH prefixes are cleaned", arguments: ["./src/", "src//", "src/.", "x/../src"])
    func matchPrefix(prefix: String) throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [
            S.step("fetch", [f.keyid], products: [["ALLOW", "*"]]),
            S.step("build", [f.keyid], materials: [["MATCH", "*", "IN", prefix, "WITH", "PRODUCTS", "IN", prefix, "FROM", "fetch"], ["DISALLOW", "*"]]),
        ])
        let r = try S.verify(layout, owner: owner, files: [
            "fetch.\(f.keyid.prefix(8)).link": try S.metablock(S.link("fetch", products: ["./src/main.c": Self.h1]), by: f),
            "build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build", materials: ["src//main.c": Self.h1]), by: f),
        ])
        #expect(r.verified, "\(r.checks)")
    }

    @Test("a sublayout's summary carries cleaned paths to the superlayout's rules")
    func sublayoutSummary() throws {
        let owner = try S.functionary(.ed25519)
        let sub = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let sublayout = S.layout([f], steps: [S.step("make", [f.keyid])])
        let superLayout = S.layout([sub], steps: [S.step("pkg", [sub.keyid], products: [["DISALLOW", "secret.key"], ["ALLOW", "*"]])])
        let owned = try InTotoEnvelope.parse(S.metablock(superLayout, by: owner))
        let links = InTotoLinkDirectory(
            label: "links", files: ["pkg.\(sub.keyid.prefix(8)).link": try S.metablock(sublayout, by: sub)],
            subdirectories: ["pkg.\(sub.keyid.prefix(8))": InTotoLinkDirectory(label: "links/pkg", files: [
                "make.\(f.keyid.prefix(8)).link": try S.metablock(S.link("make", products: ["out/../secret.key": Self.h1]), by: f),
            ])])
        let r = try InTotoLayoutVerifier.verify(layout: owned, layoutFile: "super.layout", keys: [InTotoVerificationKey(owner.description)],
                                                links: links, options: InTotoVerificationOptions(verificationTime: InTotoFixture.now))
        #expect(r.failure?.id == "step.pkg.products")
        #expect(r.failure?.message.hasSuffix("'DISALLOW secret.key' matched the following artifacts: ['secret.key']") == true)
    }

    @Test("the expected product path is cleaned; one escaping the root is refused", arguments: [
        ("./dist/app", true, "step 'build' product dist/app is sha256:"), ("dist//app", true, "step 'build' product dist/app is sha256:"),
        ("../app", false, "product path '../app' cleans to '../app', which escapes the artifact root"),
    ])
    func productPath(path: String, matched: Bool, message: String) throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [f.keyid], products: [["ALLOW", "*"]])])
        let r = try InTotoLayoutVerifier.verify(
            layout: InTotoEnvelope.parse(S.metablock(layout, by: owner)), layoutFile: "l", keys: [InTotoVerificationKey(owner.description)],
            links: InTotoLinkDirectory(label: "links", files: [
                "build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build", products: ["dist/./app": Self.h1]), by: f)]),
            options: InTotoVerificationOptions(verificationTime: InTotoFixture.now,
                                               product: InTotoProductExpectation(step: "build", path: path, sha256: Self.h1)))
        #expect(r.product?.matched == matched)
        #expect(r.product?.message.hasPrefix(message) == true, "\(r.product?.message ?? "")")
        #expect(r.checks.contains { $0.id == "product" && $0.status == (matched ? .passed : .failed) })
    }
}
