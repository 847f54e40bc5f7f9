import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify
import Foundation
import Testing

/// How a link's signatures count (docs/decisions.md, "in-toto link signatures"): duplicated signatures
/// count once, signatures by keys the step does not list are ignored, malformed entries are refused.
@Suite("in-toto link signatures")
struct InTotoLinkSignatureTests {
    typealias S = InTotoSynthetic
    static let h = String(repeating: "e", count: 64)

    /// A Metablock over `signed` with one entry per (signer, key-id hint); `garbage` entries carry a bad signature.
    static func signedBy(_ signed: JSONValue, _ entries: [(S.Functionary, String)], garbage: [String] = []) throws -> Data {
        let bytes = try CanonicalJSON.olpc(signed)
        var sigs: [Any] = try entries.map { f, hint in ["keyid": hint, "sig": Hex.encode(try f.key.signature(for: bytes, scheme: f.scheme))] }
        sigs = garbage.map { ["keyid": $0, "sig": String(repeating: "ab", count: 64)] } + sigs
        return CanonicalJSON.compact(S.jv(["signed": signed, "signatures": sigs]))
    }

    @Test("one key signing a link twice counts once toward a threshold of two")
    func duplicateSignatures() throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let b = try S.functionary(.ed25519)
        let layout = S.layout([a, b], steps: [S.step("build", [a.keyid, b.keyid], threshold: 2)])
        let link = S.link("build", products: ["app": Self.h])
        let twice = try Self.signedBy(link, [(a, a.keyid), (a, a.keyid)])
        // The same doubly signed link under both functionaries' file names: b never signed.
        let r = try S.verify(layout, owner: owner, files: ["build.\(a.keyid.prefix(8)).link": twice, "build.\(b.keyid.prefix(8)).link": twice])
        #expect(r.failure?.id == "step.build.threshold")
        #expect(r.failure?.message.contains("requires 2 link(s) validly signed by distinct authorized functionaries; found 1") == true)
        #expect(r.failure?.message.contains("build.\(b.keyid.prefix(8)).link: no valid signature by the step's key \(b.keyid)") == true)
        // a's signature relabelled with b's key id does not count for b either.
        let relabelled = try Self.signedBy(link, [(a, b.keyid)])
        let r2 = try S.verify(layout, owner: owner, files: ["build.\(a.keyid.prefix(8)).link": twice, "build.\(b.keyid.prefix(8)).link": relabelled])
        #expect(r2.failure?.id == "step.build.threshold")
        #expect(r2.failure?.message.contains("found 1") == true)
    }

    @Test("signatures by keys the step does not list are ignored when authorised ones meet the threshold")
    func unknownKeySignatures() throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let b = try S.functionary(.ed25519)
        let stranger = try S.functionary(.ecdsaP256)
        let layout = S.layout([a, b], steps: [S.step("build", [a.keyid, b.keyid], threshold: 2)])
        let link = S.link("build", products: ["app": Self.h])
        let r = try S.verify(layout, owner: owner, files: [
            "build.\(a.keyid.prefix(8)).link": try Self.signedBy(link, [(stranger, stranger.keyid), (a, a.keyid)]),
            "build.\(b.keyid.prefix(8)).link": try Self.signedBy(link, [(b, b.keyid), (stranger, stranger.keyid)]),
        ])
        #expect(r.verified, "\(r.checks)")
        #expect(r.checks.contains { $0.id == "step.build.threshold" && $0.status == .passed && $0.message.hasPrefix("step 'build': 2 of 2 required") })
        // A stranger's link file alone does not count.
        let r2 = try S.verify(layout, owner: owner, files: [
            "build.\(a.keyid.prefix(8)).link": try Self.signedBy(link, [(a, a.keyid)]),
            "build.\(stranger.keyid.prefix(8)).link": try Self.signedBy(link, [(stranger, stranger.keyid)]),
        ])
        #expect(r2.failure?.id == "step.build.threshold")
        #expect(r2.failure?.message.contains("build.\(stranger.keyid.prefix(8)).link: no key of the step starts with \(stranger.keyid.prefix(8))") == true)
    }

    @Test("a bad first signature under the key's id is not rescued by a later one (as the references pick)")
    func firstSignatureUnderTheIdDecides() throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let layout = S.layout([a], steps: [S.step("build", [a.keyid])])
        let file = try Self.signedBy(S.link("build"), [(a, a.keyid)], garbage: [a.keyid])
        let r = try S.verify(layout, owner: owner, files: ["build.\(a.keyid.prefix(8)).link": file])
        #expect(r.failure?.id == "step.build.threshold")
        #expect(r.failure?.message.contains("no valid signature by the step's key \(a.keyid)") == true)
    }

    @Test("malformed signature entries make the link file bad input, naming the file", arguments: [
        (#"[{"keyid": "KEY", "sig": "zz"}]"#, "sig must be non-empty hex"),
        (#"[{"keyid": "KEY", "sig": ""}]"#, "sig must be non-empty hex"),
        (#"[{"keyid": "KEY", "sig": 7}]"#, "sig"),
        (#"[{"sig": "abab"}]"#, "keyid"),
        (#"[{"keyid": "", "sig": "abab"}]"#, "keyid"),
        (#"["KEY"]"#, "signatures"),
        (#"{"keyid": "KEY"}"#, "signatures"),
    ])
    func malformedSignatureEntries(signatures: String, field: String) throws {
        let owner = try S.functionary(.ed25519)
        let a = try S.functionary(.ed25519)
        let layout = S.layout([a], steps: [S.step("build", [a.keyid])])
        let signed = String(decoding: CanonicalJSON.compact(S.link("build")), as: UTF8.self)
        let text = #"{"signed": \#(signed), "signatures": \#(signatures.replacingOccurrences(of: "KEY", with: a.keyid))}"#
        let name = "build.\(a.keyid.prefix(8)).link"
        do {
            _ = try S.verify(layout, owner: owner, files: [name: Data(text.utf8)])
            Issue.record("a malformed signature entry was accepted")
        } catch let error as FormatError {
            #expect(error.file == "links/\(name)")
            #expect("\(error)".contains(field), "\(error)")
        }
    }
}
