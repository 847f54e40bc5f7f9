import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockVerify
import AirlockTestKit

/// Appliance keys: file modes, refusal to re-initialise, rotation that keeps old public keys.
@Suite struct KeyTests {
    private func permissions(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber).intValue
    }

    @Test("keys init writes a 0600 private key in a 0700 directory and a key ring without it")
    func initModes() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        let ring = try keys.initialise()
        let key = try #require(ring.current)
        #expect(key.algorithm == .ecdsaP256)
        #expect(key.id.count == 64)
        #expect(ring.applianceID == "urn:airlock:appliance:\(key.id.prefix(16))")
        #expect(try permissions(keys.directory) == 0o700)
        #expect(try permissions(keys.directory.appendingPathComponent("\(key.id).key.pem")) == 0o600)
        let ringText = try String(contentsOf: keys.directory.appendingPathComponent("keyring.json"), encoding: .utf8)
        #expect(ringText.contains("BEGIN PUBLIC KEY"))
        #expect(!ringText.contains("PRIVATE"))
        #expect(try keys.load() == ring)
    }

    @Test("a second keys init is refused and names rotate")
    func reinitRefused() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        _ = try keys.initialise(algorithm: .ed25519)
        let error = #expect(throws: ApplianceError.self) { try keys.initialise() }
        #expect(error?.kind == .badInput)
        #expect(error?.reason.contains("keys rotate") == true)
    }

    @Test("signing without keys fails and says to run keys init")
    func noKeys() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let error = #expect(throws: ApplianceError.self) { try ApprovalSigner(keys: ApplianceKeys(stateDirectory: dir.root)) }
        #expect(error?.reason.contains("airlock keys init") == true)
    }

    @Test("an appliance id must be a URI")
    func badApplianceID() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let error = #expect(throws: ApplianceError.self) { try ApplianceKeys(stateDirectory: dir.root).initialise(applianceID: "not a uri") }
        #expect(error?.field == "--id")
    }

    @Test("rotation retires the old key, deletes its private half, and old approvals still verify")
    func rotation() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        let first = try #require(try keys.initialise().current)
        let statement = ApprovalStatements.imageVSA(validity: sampleValidity, applianceID: "urn:x", policy: samplePolicy, candidate: sampleCandidate("a", byte: "a1"))
        let old = try ApprovalSigner(keys: keys).sign(statement)
        let ring = try keys.rotate(algorithm: .ed25519)
        #expect(ring.keys.count == 2)
        #expect(ring.keys[0].id == first.id && ring.keys[0].retired != nil)
        let second = try #require(ring.current)
        #expect(second.algorithm == .ed25519 && second.id != first.id)
        #expect(!FileManager.default.fileExists(atPath: keys.directory.appendingPathComponent("\(first.id).key.pem").path))
        #expect(FileManager.default.fileExists(atPath: keys.directory.appendingPathComponent("\(first.id).pub.pem").path))
        let signer = try ApprovalSigner(keys: keys)
        #expect(signer.keyID == second.id)
        let oldCheck = try keys.verifyApproval(old.envelopeJSON)
        #expect(oldCheck.valid && oldCheck.keyID == first.id)
        let newCheck = try keys.verifyApproval(try signer.sign(statement).bundleJSON)
        #expect(newCheck.valid && newCheck.keyID == second.id)
    }
}

/// Verification of signed approvals: tampering, foreign keys and wrong statements are each caught for their reason.
@Suite struct ApprovalVerificationTests {
    @Test("a tampered manifest fails with bad-signature; the untouched one verifies")
    func tampered() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        _ = try keys.initialise()
        let signed = try ApprovalSigner(keys: keys).sign(ApprovalStatements.manifest(
            validity: sampleValidity, applianceID: "urn:x", policy: samplePolicy, candidates: [sampleCandidate("a", byte: "a1")]))
        let good = try keys.verifyApproval(signed.envelopeJSON)
        #expect(good.valid && good.code == "verified")
        #expect(good.subjects == ["a sha256:\(String(repeating: "a1", count: 32))"])
        var envelope = signed.envelope
        envelope.payload = Data(String(decoding: envelope.payload, as: UTF8.self).replacingOccurrences(of: "a1a1", with: "c3c3").utf8)
        let bad = try keys.verifyApproval(envelope.encoded())
        #expect(!bad.valid && bad.code == "bad-signature")
        let bundle = try keys.verifyApproval(try SigstoreBundle.publicKeyDSSE(envelope, keyHint: "x").encodedPublicKeyDSSE())
        #expect(!bundle.valid && bundle.code == "bad-signature")
    }

    @Test("an approval signed by another appliance fails with bad-signature")
    func foreignKey() throws {
        let mine = try ScratchDirectory("approve")
        defer { mine.remove() }
        let theirs = try ScratchDirectory("approve")
        defer { theirs.remove() }
        defer { mine.remove(); theirs.remove() }
        _ = try ApplianceKeys(stateDirectory: mine.root).initialise()
        let otherKeys = ApplianceKeys(stateDirectory: theirs.root)
        _ = try otherKeys.initialise()
        let signed = try ApprovalSigner(keys: otherKeys).sign(ApprovalStatements.imageVSA(
            validity: sampleValidity, applianceID: "urn:x", policy: samplePolicy, candidate: sampleCandidate("a", byte: "a1")))
        let check = try ApplianceKeys(stateDirectory: mine.root).verifyApproval(signed.envelopeJSON)
        #expect(check.code == "bad-signature")
    }

    @Test("a signed statement with another predicate type fails with predicate-type")
    func wrongPredicate() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        _ = try keys.initialise()
        let statement = InTotoStatement.v1(subjects: [ResourceDescriptor(name: "a", uri: nil, digest: ["sha256": String(repeating: "a1", count: 32)])],
                                           predicateType: "https://slsa.dev/provenance/v1", predicate: .object(JSONObject()))
        let check = try keys.verifyApproval(try ApprovalSigner(keys: keys).sign(statement).envelopeJSON)
        #expect(check.code == "predicate-type")
    }

    @Test("garbage is malformed, not a crash")
    func garbage() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let keys = ApplianceKeys(stateDirectory: dir.root)
        _ = try keys.initialise()
        #expect(try keys.verifyApproval(Data("{\"payload\":1}".utf8)).code == "malformed")
    }
}
