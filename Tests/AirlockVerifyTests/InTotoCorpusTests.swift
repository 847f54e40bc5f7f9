import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation
import Testing

@Suite("in-toto layouts from the corpus")
struct InTotoCorpusTests {
    typealias F = InTotoFixture
    static let alice = "\(F.golang)/alice.pub"

    @Test("golang demo layouts pass with the untar inspection skipped", .enabled(if: Corpus.isAvailable, "corpus absent"),
          arguments: ["demo.layout", "demo.dsse.layout"])
    func demoPasses(layout: String) throws {
        let result = try F.verify("\(F.golang)/\(layout)", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"])
        #expect(result.verified, "\(result.checks)")
        #expect(result.skippedInspections == ["untar"])
        #expect(result.checks.contains { $0.id == "inspection.untar" && $0.status == .skipped && $0.message.contains("tar xfz foo.tar.gz") })
        #expect(result.layoutFormat == (layout == "demo.layout" ? "metablock" : "dsse"))
        #expect(result.checks.map(\.id).starts(with: ["layout.signature", "layout.expires", "step.write-code.threshold", "step.package.threshold"]))
    }

    @Test("an inspection that is not skipped fails the layout", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func inspectionNotSkipped() throws {
        let result = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang))
        #expect(!result.verified)
        #expect(result.failure?.id == "inspection.untar")
        #expect(result.failure?.message.contains("would run `tar xfz foo.tar.gz`; Airlock never executes commands") == true)
    }

    @Test("dsse-only.root.layout passes with alice.pub", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func dsseOnly() throws {
        let result = try F.verify("\(F.golang)/dsse-only.root.layout", keys: [Self.alice], links: F.links(F.golang))
        #expect(result.verified, "\(result.checks)")
        #expect(result.skippedInspections.isEmpty)
        #expect(result.checks.filter { $0.id.hasSuffix(".threshold") }.count == 3)
    }

    @Test("expired clock fails with the expiry reason", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func expired() throws {
        let after = try #require(InTotoTimestamp.parse("2030-11-18T16:06:36Z"))
        let result = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"], at: after)
        #expect(!result.verified)
        #expect(result.failure?.id == "layout.expires")
        #expect(result.failure?.message == "LayoutExpiredError: layout expired at 2030-11-18T16:06:36Z (verification time 2030-11-18T16:06:36Z)")
        let justBefore = after.addingTimeInterval(-1)
        #expect(try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"], at: justBefore).verified)
    }

    @Test("a layout key that did not sign fails the signature check", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func wrongLayoutKey() throws {
        let result = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice, "\(F.golang)/carol.pub"], links: F.links(F.golang), skip: ["untar"])
        #expect(!result.verified)
        #expect(result.failure?.id == "layout.signature")
        #expect(result.failure?.message.contains("is not signed by layout key") == true)
        #expect(result.checks.first?.status == .passed, "alice's signature is still recorded as valid")
    }

    @Test("a tampered link no longer counts towards the threshold", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func tamperedLink() throws {
        var links = try F.links(F.golang)
        let name = "package.d3ffd108.link"
        let original = String(decoding: try #require(links.files[name]), as: UTF8.self)
        let tampered = original.replacingOccurrences(of: "52947cb78b91ad01", with: "52947cb78b91ad02")
        #expect(tampered != original)
        links.files[name] = Data(tampered.utf8)
        let result = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: links, skip: ["untar"])
        #expect(!result.verified)
        #expect(result.failure?.id == "step.package.threshold")
        #expect(result.failure?.message.contains("step 'package' requires 1 link(s) validly signed by distinct authorized functionaries; found 0") == true)
        #expect(result.failure?.message.contains("package.d3ffd108.link: no valid signature by the step's key d3ffd108") == true)
    }

    @Test("a missing link fails the threshold", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func missingLink() throws {
        let result = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang, excluding: ["write-code.b7d643de.link"]), skip: ["untar"])
        #expect(result.failure?.id == "step.write-code.threshold")
        #expect(result.failure?.message.contains("found 0") == true)
    }

    @Test("the approved product ties to the package step", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func productTie() throws {
        let digest = "52947cb78b91ad01fe81cd6aef42d1f6817e92b9e6936c1e5aabb7c98514f355"
        #expect(Hex.encode(Digest.sha256(try Corpus.data("\(F.golang)/foo.tar.gz"))) == digest)
        let good = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"],
                                product: InTotoProductExpectation(step: "package", path: "foo.tar.gz", sha256: digest.uppercased()))
        #expect(good.verified)
        #expect(good.product?.matched == true)
        let wrong = String(repeating: "0", count: 64)
        let bad = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"],
                               product: InTotoProductExpectation(step: "package", path: "foo.tar.gz", sha256: wrong))
        #expect(!bad.verified)
        #expect(bad.product?.matched == false)
        #expect(bad.failure?.id == "product")
        #expect(bad.failure?.message == "step 'package' product foo.tar.gz has sha256:\(digest), not the approved sha256:\(wrong)")
        let inspection = try F.verify("\(F.golang)/demo.layout", keys: [Self.alice], links: F.links(F.golang), skip: ["untar"],
                                      product: InTotoProductExpectation(step: "untar", path: "foo.py", sha256: wrong))
        #expect(inspection.failure?.message.contains("'untar' is an inspection; inspections are never run") == true)
    }

    @Test("reference demo (in-toto 3.1.0, DSSE) passes", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func referencePass() throws {
        let before = try #require(InTotoTimestamp.parse("2026-12-27T07:00:44Z"))
        let result = try F.verify("\(F.demoPass)/root.layout", keys: ["\(F.demoPass)/alice.pub"], links: F.links(F.demoPass),
                                  skip: ["untar"], at: before)
        #expect(result.verified, "\(result.checks)")
        #expect(result.skippedInspections == ["untar"])
        // The PEM key id, computed the securesystemslib way, is the id the reference signed with.
        #expect(try F.key("\(F.demoPass)/alice.pub").keyid == "c8ef46bd3ccb95e2617a80e447d0c8c6338f85334c2f6c6cb640e140fc183763")
        let expired = try F.verify("\(F.demoPass)/root.layout", keys: ["\(F.demoPass)/alice.pub"], links: F.links(F.demoPass),
                                   skip: ["untar"], at: before.addingTimeInterval(1))
        #expect(expired.failure?.id == "layout.expires")
    }

    @Test("reference demo, tampered: DISALLOW * of step package names demo-project/foo.py", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func referenceTampered() throws {
        let result = try F.verify("\(F.demoTampered)/root.layout", keys: ["\(F.demoTampered)/alice.pub"], links: F.links(F.demoTampered),
                                  skip: ["untar"])
        #expect(!result.verified)
        #expect(result.failure?.id == "step.package.materials")
        #expect(result.failure?.message
            == "step 'package' materials: RuleVerificationError: 'DISALLOW *' matched the following artifacts: ['demo-project/foo.py']")
    }

    @Test("the unsigned python layout template is rejected (it is not a finished layout)", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func unsignedTemplate() throws {
        do {
            _ = try F.envelope("in-toto/in-toto-python/demo_files/demo.layout.template")
            Issue.record("expected a FormatError")
        } catch let error as FormatError {
            #expect(error.code == .missingField)
            #expect(error.field == "signed.expires")
        }
    }

    @Test("an unsigned layout fails the signature check", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func unsignedLayout() throws {
        // super.layout has `"signatures": []`.
        let envelope = try F.envelope("\(F.golang)/super.layout")
        #expect(envelope.signatures.isEmpty)
        let result = try InTotoLayoutVerifier.verify(layout: envelope, layoutFile: "super.layout", keys: [F.key(Self.alice)],
                                                     links: F.links(F.golang), options: InTotoVerificationOptions(verificationTime: F.now))
        #expect(result.failure?.id == "layout.signature")
        #expect(result.failure?.message.contains("none of its 0 signature(s) verifies") == true)
    }

    @Test("securesystemslib JSON key file (danny.pub) decodes with its key id", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func jsonKeyFile() throws {
        let key = try F.key("in-toto/in-toto-python/demo_files/danny.pub")
        #expect(key.keyid == "36a5529f72cf3b1cc096a28887350969212f9d6c46529658ab186fc0cb781699")
        #expect(key.publicKey.algorithm == .ed25519)
        #expect(try F.key("\(F.golang)/carol.pub").publicKey.algorithm == .ed25519)
    }

    @Test("layout key ids are checked against key content", .enabled(if: Corpus.isAvailable, "corpus absent"))
    func layoutKeyIDs() throws {
        guard case .layout(let layout) = try F.envelope("\(F.golang)/demo.layout").document else { Issue.record("not a layout"); return }
        for (id, key) in layout.keys {
            #expect(try InTotoVerificationKey(key).keyid == id)
        }
        var forged = try #require(layout.keys["b7d643dec0a051096ee5d87221b5d91a33daa658699d30903e1cefb90c418401"])
        forged.keyid = "d3ffd1086938b3698618adf088bf14b13db4c8ae19e4e78d73da49ee88492710"
        let error = #expect(throws: FormatError.self) { try InTotoVerificationKey(forged) }
        #expect(error?.code == .invalidField)
        #expect(error?.reason.contains("is not the id of the key's content (b7d643de") == true, "\(String(describing: error))")
    }
}
