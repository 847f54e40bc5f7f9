import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation
import Testing

@Suite("in-toto verification with generated keys")
struct InTotoSyntheticTests {
    typealias S = InTotoSynthetic
    static let h1 = String(repeating: "a", count: 64)
    static let h2 = String(repeating: "b", count: 64)

    @Test("threshold counts distinct functionary keys, not key ids")
    func distinctFunctionaries() throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let aAlias = try S.functionary(.ed25519, hashAlgorithms: ["sha256"], reuse: a.key)
        let b = try S.functionary(.ed25519)
        #expect(a.keyid != aAlias.keyid)
        let link = S.link("build", products: ["app": Self.h1])
        // Same public key under two ids: one functionary.
        let aliased = S.layout([a, aAlias], steps: [S.step("build", [a.keyid, aAlias.keyid], threshold: 2)])
        let files = [
            "build.\(a.keyid.prefix(8)).link": try S.metablock(link, by: a),
            "build.\(aAlias.keyid.prefix(8)).link": try S.metablock(link, by: aAlias),
        ]
        let r1 = try S.verify(aliased, owner: owner, files: files)
        #expect(r1.failure?.id == "step.build.threshold")
        #expect(r1.failure?.message.contains("requires 2 link(s) validly signed by distinct authorized functionaries; found 1") == true)
        // Two people: passes.
        let two = S.layout([a, b], steps: [S.step("build", [a.keyid, b.keyid], threshold: 2)])
        let r2 = try S.verify(two, owner: owner, files: [
            "build.\(a.keyid.prefix(8)).link": try S.metablock(link, by: a),
            "build.\(b.keyid.prefix(8)).link": try S.dsse(link, by: b),
        ])
        #expect(r2.verified, "\(r2.checks)")
    }

    @Test("links of one step must agree")
    func reduction() throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let b = try S.functionary(.ed25519)
        let layout = S.layout([a, b], steps: [S.step("build", [a.keyid, b.keyid], threshold: 2)])
        let r = try S.verify(layout, owner: owner, files: [
            "build.\(a.keyid.prefix(8)).link": try S.metablock(S.link("build", products: ["app": Self.h1]), by: a),
            "build.\(b.keyid.prefix(8)).link": try S.metablock(S.link("build", products: ["app": Self.h2]), by: b),
        ])
        #expect(r.failure?.id == "step.build.links")
        #expect(r.failure?.message.contains("links of step 'build' disagree") == true)
    }

    @Test("ECDSA P-256 functionary, Metablock and DSSE links")
    func ecdsaFunctionary() throws {
        let owner = try S.functionary(.ecdsaP256)
        let f = try S.functionary(.ecdsaP256)
        let layout = S.layout([f], steps: [
            S.step("fetch", [f.keyid], products: [["CREATE", "src/*"], ["DISALLOW", "*"]]),
            S.step("build", [f.keyid], materials: [["MATCH", "*", "WITH", "PRODUCTS", "IN", "src", "FROM", "fetch"], ["DISALLOW", "*"]],
                   products: [["CREATE", "app"], ["DISALLOW", "*"]]),
        ])
        let r = try S.verify(layout, owner: owner, files: [
            "fetch.\(f.keyid.prefix(8)).link": try S.dsse(S.link("fetch", products: ["src/main.c": Self.h1]), by: f),
            "build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build", materials: ["main.c": Self.h1], products: ["app": Self.h2]), by: f),
        ])
        #expect(r.verified, "\(r.checks)")
    }

    @Test("a link recording another step's name is not counted")
    func linkNameMismatch() throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [f.keyid]), S.step("test", [f.keyid])])
        let r = try S.verify(layout, owner: owner, files: [
            "build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build"), by: f),
            "test.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build"), by: f),
        ])
        #expect(r.failure?.id == "step.test.threshold")
        #expect(r.failure?.message.contains("records step 'build', not 'test'") == true)
    }

    @Test("a link signature with another key id hint is not the functionary's")
    func keyIDHintMismatch() throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [f.keyid])])
        let r = try S.verify(layout, owner: owner, files: [
            "build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build"), by: f, keyid: String(repeating: "0", count: 64)),
        ])
        #expect(r.failure?.id == "step.build.threshold")
    }

    @Test("parameters are substituted into rules and commands")
    func parameters() throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [
            S.step("build", [f.keyid], command: ["make", "{TARGET}"], products: [["ALLOW", "{TARGET}.tar.gz"], ["DISALLOW", "*"]]),
        ])
        let files = ["build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build", products: ["app.tar.gz": Self.h1], command: ["make", "app"]), by: f)]
        let good = try S.verify(layout, owner: owner, files: files, parameters: ["TARGET": "app"])
        #expect(good.verified, "\(good.checks)")
        #expect(good.warnings.isEmpty)
        let none = try S.verify(layout, owner: owner, files: files)
        #expect(none.failure?.message == "step 'build' products: RuleVerificationError: 'DISALLOW *' matched the following artifacts: ['app.tar.gz']")
        #expect(none.checks.contains { $0.id == "step.build.command" && $0.status == .warning && $0.message.contains("['make', '{TARGET}']") })
        let badName = #expect(throws: FormatError.self) { try S.verify(layout, owner: owner, files: files, parameters: ["BAD NAME": "x"]) }
        #expect(badName?.code == .invalidField && badName?.field == "parameters")
        #expect(badName?.reason == "parameter name \"BAD NAME\" must match ^[a-zA-Z0-9_-]+$", "\(String(describing: badName))")
    }

    @Test("a float inside signed cannot be canonicalised")
    func floatRejected() throws {
        let text = #"{"signed": {"_type": "link", "name": "x", "environment": {"f": 1.5}}, "signatures": []}"#
        let error = #expect(throws: FormatError.self) { try InTotoEnvelope.parse(Data(text.utf8)) }
        #expect(error?.code == .invalidField && error?.field == "signed")
        #expect(error?.reason.contains("cannot be canonicalised: canonical JSON (OLPC) allows only integers, found 1.5") == true,
                "\(String(describing: error))")
    }

    @Test("unsupported key type in the layout is bad input naming the key")
    func unsupportedKey() throws {
        let owner = try S.functionary(.ed25519)
        let base = try S.functionary(.ed25519)
        var description = InTotoKey(keyid: "", keytype: "ed25519", scheme: "ed448", keyidHashAlgorithms: nil,
                                    publicKey: base.description.publicKey, certificate: nil)
        description.keyid = Hex.encode(Digest.sha256(description.keyIDPreimage()))
        let weird = S.Functionary(key: base.key, description: description, keyid: description.keyid, scheme: .ed25519)
        let layout = S.layout([weird], steps: [S.step("build", [weird.keyid])])
        do {
            _ = try S.verify(layout, owner: owner, files: [:])
            Issue.record("expected a FormatError")
        } catch let error as FormatError {
            #expect(error.file == "synthetic.layout")
            #expect(error.reason.contains("keytype ed25519 with scheme ed448 is not supported"))
        }
    }

    @Test("a step naming an unlisted key is bad input")
    func unlistedStepKey() throws {
        let owner = try S.functionary(.ed25519)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [String(repeating: "9", count: 64)])])
        do {
            _ = try S.verify(layout, owner: owner, files: [:])
            Issue.record("expected a FormatError")
        } catch let error as FormatError {
            #expect(error.file == "synthetic.layout")
            #expect(error.reason.contains("step 'build' names key 9999"))
        }
    }

    @Test("every supplied layout key must have signed")
    func everyLayoutKey() throws {
        let owner = try S.functionary(.ed25519)
        let other = try S.functionary(.ecdsaP256)
        let f = try S.functionary(.ed25519)
        let layout = S.layout([f], steps: [S.step("build", [f.keyid])])
        let envelope = try InTotoEnvelope.parse(S.metablock(layout, by: owner))
        let files = ["build.\(f.keyid.prefix(8)).link": try S.metablock(S.link("build"), by: f)]
        let options = InTotoVerificationOptions(verificationTime: InTotoFixture.now)
        let one = try InTotoLayoutVerifier.verify(layout: envelope, layoutFile: "l", keys: [InTotoVerificationKey(owner.description)],
                                                  links: InTotoLinkDirectory(label: "d", files: files), options: options)
        #expect(one.verified, "\(one.checks)")
        let both = try InTotoLayoutVerifier.verify(layout: envelope, layoutFile: "l",
                                                   keys: [InTotoVerificationKey(owner.description), InTotoVerificationKey(other.description)],
                                                   links: InTotoLinkDirectory(label: "d", files: files), options: options)
        #expect(both.failure?.message == "the layout is not signed by layout key \(other.keyid): none of its 1 signature(s) verifies with that key")
        let none = try InTotoLayoutVerifier.verify(layout: envelope, layoutFile: "l", keys: [],
                                                   links: InTotoLinkDirectory(label: "d", files: files), options: options)
        #expect(none.failure?.id == "layout.signature")
        #expect(none.failure?.message.contains("no layout key was supplied") == true)
    }
}
