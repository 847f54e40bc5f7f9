import Foundation
import Testing
import AirlockAppliance
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// The CLI end to end: keys, a refused and an accepted approve, verify, revoke, list.
@Suite struct ApproveCLITests {
    /// A minimal valid site policy (one rule, a vendor key) written next to the state directory.
    static func writePolicy(in dir: ScratchDirectory) throws -> URL {
        let pem = try PrivateKey.generate(.ecdsaP256).publicKey.pem
        let indented = pem.split(separator: "\n").map { "            " + $0 }.joined(separator: "\n")
        let text = """
            version: 1
            name: approve-test
            rules:
              - name: vendor
                match:
                  names: ["registry.example/*"]
                trustRoot: public-good
                signatures:
                  signers:
                    - publicKey: |
            \(indented)

            """
        let url = dir.url("policy.yaml")
        try Data(text.utf8).write(to: url)
        return url
    }


    @Test("keys init/show/rotate: the public key is printed, the private key never is; a second init exits 2")
    func keys() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let state = dir.url("state")
        let made = try CLI.run(["keys", "init", "--id", "https://airlock.example/a1"], state: state)
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("appliance https://airlock.example/a1") && made.output.contains("BEGIN PUBLIC KEY"))
        #expect(!made.output.contains("PRIVATE"))
        let again = try CLI.run(["keys", "init"], state: state)
        #expect(again.status == 2 && again.output.contains("keys rotate"), "\(again.output)")
        let badAlgorithm = try CLI.run(["keys", "rotate", "--algorithm", "rsa"], state: state)
        #expect(badAlgorithm.status != 0 && badAlgorithm.output.contains("ecdsa-p256, ed25519"), "\(badAlgorithm.output)")
        let rotated = try CLI.run(["keys", "rotate", "--algorithm", "ed25519"], state: state)
        #expect(rotated.status == 0 && rotated.output.contains("ed25519 current") && rotated.output.contains("retired"), "\(rotated.output)")
        let shown = try CLI.run(["keys", "show", "--output", "json"], state: state)
        let ring = try JSONDecoder.iso.decode(ApplianceKeyRing.self, from: Data(shown.output.utf8))
        #expect(ring.keys.count == 1 && ring.current?.algorithm == .ed25519)
    }

    @Test("approve refuses an unverified image and a recorded verdict that does not replay (exit 1, nothing written)")
    func approveRefusals() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let policy = try Self.writePolicy(in: fixture.dir)
        let policySHA = Hex.encode(Digest.sha256(try Data(contentsOf: policy)))
        let image = fixture.images[0]
        let refused = try CLI.run(["approve", image.digest, "--policy", policy.path, "--out", fixture.dir.url("out").path], state: fixture.state)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("refused") && refused.output.contains("\(image.digest): not-verified"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))

        _ = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: true, policySHA256: policySHA, at: Date())
        let unreplayable = try CLI.run(["approve", image.digest, "--policy", policy.path, "--out", fixture.dir.url("out").path], state: fixture.state)
        #expect(unreplayable.status == 1 && unreplayable.output.contains("\(image.digest)): not-reproducible"), "\(unreplayable.output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))
    }

    @Test("approve a replayable PASS, verify it, a tampered copy fails, revoke it: verify then names revoked, when and why",
          .enabled(if: DemoState.available, "demo bundles absent"))
    func approveFlow() throws {
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let policySHA = Hex.encode(Digest.sha256(try Data(contentsOf: DemoState.policy)))
        let digest = try demo.digest(named: "demo/app:1.0.0")
        let approved = try demo.airlock(["approve", digest, "--policy", DemoState.policy.path, "--out", demo.dir.url("out").path,
                                         "--expires", "30d", "--output", "json"])
        #expect(approved.status == 0, "\(approved.output)")
        let report = try JSONDecoder.iso.decode(ApprovalReport.self, from: Data(approved.output.utf8))
        #expect(report.images.map(\.digest) == [digest] && report.policy.sha256 == policySHA)

        let verified = try demo.airlock(["approvals", "verify", demo.dir.url("out/approval.sigstore.json").path])
        #expect(verified.status == 0 && verified.output.contains("verified"), "\(verified.output)")
        var tampered = try Data(contentsOf: demo.dir.url("out/approval.intoto.json"))
        let text = String(decoding: tampered, as: UTF8.self)
        let payload = try #require(text.range(of: #""payload":""#))
        let index = text.index(payload.upperBound, offsetBy: 12)
        let flipped: Character = text[index] == "A" ? "B" : "A"
        tampered = Data((String(text[..<index]) + String(flipped) + String(text[text.index(after: index)...])).utf8)
        try tampered.write(to: demo.dir.url("tampered.json"))
        let bad = try demo.airlock(["approvals", "verify", demo.dir.url("tampered.json").path])
        #expect(bad.status == 1 && (bad.output.contains("bad-signature") || bad.output.contains("malformed")), "\(bad.output)")

        // Without --policy, the policy of the latest verdict is the current one.
        let second = try demo.airlock(["approve", digest, "--out", demo.dir.url("out2").path, "--output", "json"])
        #expect(second.status == 0, "\(second.output)")
        #expect(try JSONDecoder.iso.decode(ApprovalReport.self, from: Data(second.output.utf8)).policy.sha256 == policySHA)

        // The second approval still covers the digest, so nothing the cluster runs changes (RevokeOutputTests
        // covers a revocation that changes the policies).
        let revoked = try demo.airlock(["revoke", String(report.id.prefix(8)), "--reason", "superseded"])
        #expect(revoked.status == 0 && revoked.output.contains("admits 1 digest(s)"), "\(revoked.output)")
        #expect(revoked.output.contains("no policy file changed") && !revoked.output.contains("kubectl apply"), "\(revoked.output)")
        #expect(revoked.output.contains("another active approval still covers this image"), "\(revoked.output)")
        let listed = try demo.airlock(["approvals"])
        #expect(listed.output.contains("\(report.id)  revoked") && listed.output.contains("superseded"), "\(listed.output)")
        let twice = try demo.airlock(["revoke", report.id, "--reason", "again"])
        #expect(twice.status == 2 && twice.output.contains("already revoked"), "\(twice.output)")
        let afterRevoke = try demo.airlock(["approvals", "verify", demo.dir.url("out/approval.sigstore.json").path])
        #expect(afterRevoke.status == 1 && afterRevoke.output.contains("revoked: revoked at") && afterRevoke.output.contains("superseded"),
                "\(afterRevoke.output)")
    }

    @Test("approve without --policy and without any verdict is bad input (exit 2) naming --policy")
    func noPolicy() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let run = try CLI.run(["approve", "--all-passing", "--out", fixture.dir.url("out").path], state: fixture.state)
        #expect(run.status == 2 && run.output.contains("--policy"), "\(run.output)")
    }

    @Test("approve needs exactly one way of choosing images")
    func selectionValidation() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let run = try CLI.run(["approve", "--all-passing", "--bundle", "x", "--policy", "p", "--out", "o"], state: dir.url("s"))
        #expect(run.status != 0 && run.output.contains("exactly one"), "\(run.output)")
    }
}

extension JSONDecoder {
    /// A decoder for the CLI's JSON (ISO 8601 dates).
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
