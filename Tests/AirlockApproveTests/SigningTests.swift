import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockTestKit

/// The signed outputs verify with tools that share no code with Airlock: `openssl` over a PAE built
/// by the test kit's independent encoder, and Python `cryptography` reading the bundle file.
@Suite struct SigningTests {
    static let algorithms: [ApplianceKeyAlgorithm] = [.ecdsaP256, .ed25519]

    private func signedManifest(_ algorithm: ApplianceKeyAlgorithm, in dir: ScratchDirectory) throws -> (SignedStatement, ApplianceKeyRing) {
        let keys = ApplianceKeys(stateDirectory: dir.root)
        let ring = try keys.initialise(algorithm: algorithm, applianceID: "https://airlock.example/appliance")
        let statement = ApprovalStatements.manifest(validity: sampleValidity, applianceID: ring.applianceID, policy: samplePolicy,
                                                    candidates: [sampleCandidate("registry.example/app:1.0", byte: "a1"),
                                                                 sampleCandidate("registry.example/db:2", byte: "b2")])
        return (try ApprovalSigner(keys: keys).sign(statement), ring)
    }

    @Test("openssl verifies the DSSE signature over an independently built PAE", .enabled(if: Tool.openssl.isAvailable, "openssl is not installed"), arguments: algorithms)
    func opensslVerifiesPAE(_ algorithm: ApplianceKeyAlgorithm) throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let (signed, ring) = try signedManifest(algorithm, in: dir)
        // Decode the envelope file as a consumer would, and rebuild PAE with the test kit's encoder.
        let file = try #require(try JSONSerialization.jsonObject(with: signed.envelopeJSON) as? [String: Any])
        let payload = try #require((file["payload"] as? String).flatMap { Data(base64Encoded: $0) })
        let signatures = try #require(file["signatures"] as? [[String: Any]])
        #expect(signatures.count == 1)
        let sig = try #require((signatures[0]["sig"] as? String).flatMap { Data(base64Encoded: $0) })
        #expect(signatures[0]["keyid"] as? String == ring.current?.id)
        let payloadType = try #require(file["payloadType"] as? String)
        try DSSE.pae(payloadType: payloadType, payload: payload).write(to: dir.url("pae.bin"))
        try sig.write(to: dir.url("sig.bin"))
        try Data(#require(ring.current).publicKeyPEM.utf8).write(to: dir.url("pub.pem"))
        let args: [String] = algorithm == .ed25519
            ? ["pkeyutl", "-verify", "-pubin", "-inkey", dir.url("pub.pem").path, "-rawin", "-in", dir.url("pae.bin").path,
               "-sigfile", dir.url("sig.bin").path]
            : ["dgst", "-sha256", "-verify", dir.url("pub.pem").path, "-signature", dir.url("sig.bin").path, dir.url("pae.bin").path]
        let good = try Tool.openssl.run(args)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("Verified"))
        // One flipped payload byte and openssl refuses.
        var pae = try Data(contentsOf: dir.url("pae.bin"))
        pae[pae.count - 3] ^= 0x01
        try pae.write(to: dir.url("pae.bin"))
        let bad = try Tool.openssl.run(args)
        #expect(bad.status != 0)
        #expect(bad.output.lowercased().contains("verification failure"), "\(bad.output)")
    }

    static let pythonVerifier = """
    import base64, json, sys
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    bundle = json.load(open(sys.argv[1]))
    assert bundle["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json", bundle["mediaType"]
    hint = bundle["verificationMaterial"]["publicKey"]["hint"]
    env = bundle["dsseEnvelope"]
    body = base64.b64decode(env["payload"]); ptype = env["payloadType"].encode()
    pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(body), body)
    key = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
    sig = base64.b64decode(env["signatures"][0]["sig"])
    if isinstance(key, ed25519.Ed25519PublicKey):
        key.verify(sig, pae)
    else:
        key.verify(sig, pae, ec.ECDSA(hashes.SHA256()))
    st = json.loads(body)
    assert st["_type"] == "https://in-toto.io/Statement/v1"
    assert st["predicateType"] == "https://slsa.dev/verification_summary/v1"
    assert st["predicate"]["verificationResult"] == "PASSED"
    print("OK", hint, len(st["subject"]))
    """

    @Test("Python cryptography verifies the Sigstore bundle v0.3 with the exported public key", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"), arguments: algorithms)
    func pythonVerifiesBundle(_ algorithm: ApplianceKeyAlgorithm) throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let (signed, ring) = try signedManifest(algorithm, in: dir)
        try signed.bundleJSON.write(to: dir.url("manifest.sigstore.json"))
        try Data(#require(ring.current).publicKeyPEM.utf8).write(to: dir.url("pub.pem"))
        try Data(Self.pythonVerifier.utf8).write(to: dir.url("verify.py"))
        let run = try Tool.python3.run([dir.url("verify.py").path, dir.url("manifest.sigstore.json").path, dir.url("pub.pem").path])
        #expect(run.status == 0, "\(run.output)")
        let keyID = try #require(ring.current).id
        #expect(run.output.hasPrefix("OK \(keyID) 2"), "\(run.output)")
        // Tampered payload: Python refuses with InvalidSignature.
        var bundle = try #require(try JSONSerialization.jsonObject(with: signed.bundleJSON) as? [String: Any])
        var envelope = try #require(bundle["dsseEnvelope"] as? [String: Any])
        let tampered = String(decoding: signed.statement.encoded(), as: UTF8.self).replacingOccurrences(of: "registry.example/db", with: "registry.example/xx")
        envelope["payload"] = Data(tampered.utf8).base64EncodedString()
        bundle["dsseEnvelope"] = envelope
        try JSONSerialization.data(withJSONObject: bundle).write(to: dir.url("manifest.sigstore.json"))
        let bad = try Tool.python3.run([dir.url("verify.py").path, dir.url("manifest.sigstore.json").path, dir.url("pub.pem").path])
        #expect(bad.status != 0)
        #expect(bad.output.contains("InvalidSignature"), "\(bad.output)")
    }

    @Test("The manifest is a Statement v1 with a SLSA VSA v1 predicate that Airlock's own parsers read back")
    func manifestShape() throws {
        let dir = try ScratchDirectory("approve")
        defer { dir.remove() }
        let (signed, ring) = try signedManifest(.ecdsaP256, in: dir)
        let statement = try InTotoStatement.parse(signed.envelope.payload)
        #expect(statement.type == InTotoStatement.typeV1)
        #expect(statement.subjects.map(\.name) == ["registry.example/app:1.0", "registry.example/db:2"])
        #expect(statement.subjects[0].digest == ["sha256": String(repeating: "a1", count: 32)])
        let vsa = try VerificationSummaryV1.parse(predicate: statement.predicate)
        #expect(vsa.verifierID == ring.applianceID)
        #expect(vsa.resourceURI == "urn:airlock:approval:0123456789abcdef")
        #expect(vsa.policyURI == samplePolicy.uri)
        #expect(vsa.policyDigest == ["sha256": samplePolicy.sha256])
        #expect(vsa.verificationResult == "PASSED")
        #expect(vsa.verifiedLevels == ["SLSA_BUILD_LEVEL_3"])
        #expect(vsa.inputAttestations.count == 2)
        #expect(vsa.timeVerified == verifiedInstant)
        #expect(vsa.slsaVersion == "1.0")
        let bundle = try SigstoreBundle.parse(signed.bundleJSON)
        #expect(bundle.version == .v0_3)
        let keyID = try #require(ring.current).id
        #expect(bundle.verificationMaterial.content == .publicKey(hint: keyID))
        #expect(bundle.content == .dsseEnvelope(signed.envelope))
    }
}
