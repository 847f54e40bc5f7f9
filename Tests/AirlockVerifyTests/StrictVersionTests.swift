import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit
import AirlockVerify

/// Lenient readings refused (docs/decisions.md "Strict bundle versions and log indexes"): a Rekor v2
/// proof for another index, a v0.1 media type on v0.3 material or on a Rekor v2 entry, and a Rekor v1
/// checkpoint signature line named other than the log.
struct StrictVersionTests {
    /// Verifies `json` (a mutated test-kit bundle) with the mini Sigstore's identity; returns the failed checks.
    private func failures(_ mini: MiniSigstore, _ made: MadeSigstoreBundle, _ json: Data) throws -> [CheckResult] {
        let verifier = SigstoreVerifier(trust: try TrustMaterial(json: mini.trustedRootJSON()))
        let id = try #require(made.identity)
        let policy = VerificationPolicy(signer: .certificate([CertificateIdentity(
            subjectAlternativeName: .exact(id.subjectAlternativeNameValue), issuer: .exact(id.issuer))]))
        let result = verifier.verify(try SigstoreBundle.parse(json), artifact: .bytes(MiniSigstore.defaultArtifact), policy: policy, at: Date())
        return result.checks.filter { $0.status == .failed }
    }

    private func edit(_ json: Data, _ change: (inout [String: Any]) throws -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        try change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    private func firstEntry(_ object: [String: Any]) throws -> [String: Any] {
        let material = try #require(object["verificationMaterial"] as? [String: Any])
        return try #require((material["tlogEntries"] as? [[String: Any]])?.first)
    }

    private func setFirstEntry(_ object: inout [String: Any], _ entry: [String: Any]) throws {
        var material = try #require(object["verificationMaterial"] as? [String: Any])
        material["tlogEntries"] = [entry]
        object["verificationMaterial"] = material
    }

    @Test func rekorV2ProofForAnotherIndexIsRefused() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: MiniSigstore.defaultArtifact, identity: .email, options: .rekorV2)
        #expect(try failures(mini, made, made.json).isEmpty)
        let json = try edit(made.json) { object in
            var entry = try firstEntry(object)
            var proof = try #require(entry["inclusionProof"] as? [String: Any])
            let index = Int(try #require(proof["logIndex"] as? String))!
            proof["logIndex"] = String(index + 1)
            entry["inclusionProof"] = proof
            try setFirstEntry(&object, entry)
        }
        let failed = try failures(mini, made, json)
        #expect(failed.contains { $0.id == "tlog.inclusion" && $0.message.contains("Rekor v2 has no virtual index") }, "\(failed)")
    }

    @Test func v01MediaTypeOnV03MaterialIsRefused() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: MiniSigstore.defaultArtifact, identity: .email, options: SigstoreBundleOptions())
        // Claim v0.1 and drop the inclusion proof v0.2+ would require, keeping the SET v0.1 asks for.
        let json = try edit(made.json) { object in
            object["mediaType"] = MediaType.sigstoreBundleV01
            var entry = try firstEntry(object)
            entry.removeValue(forKey: "inclusionProof")
            try setFirstEntry(&object, entry)
        }
        let failed = try failures(mini, made, json)
        #expect(failed.first?.id == "bundle.material" && failed.first?.message.contains("claims bundle v0.1") == true, "\(failed)")
    }

    @Test func v01MediaTypeOnARekorV2EntryIsRefused() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: MiniSigstore.defaultArtifact, identity: .email, options: .rekorV2)
        // v0.1 spelling throughout (certificate chain), so only the Rekor v2 entry gives it away.
        let json = try edit(made.json) { object in
            object["mediaType"] = MediaType.sigstoreBundleV01
            var material = try #require(object["verificationMaterial"] as? [String: Any])
            let certificate = try #require(material["certificate"])
            material.removeValue(forKey: "certificate")
            material["x509CertificateChain"] = ["certificates": [certificate]]
            object["verificationMaterial"] = material
        }
        let failed = try failures(mini, made, json)
        #expect(failed.contains { $0.id == "tlog.entries" && $0.message.contains("cannot carry a Rekor v2 entry") }, "\(failed)")
    }

    @Test func rekorV1CheckpointLineNamedOtherThanTheLogIsRefused() throws {
        var mini = try MiniSigstore()
        let made = try mini.messageBundle(artifact: MiniSigstore.defaultArtifact, identity: .email, options: SigstoreBundleOptions())
        #expect(try failures(mini, made, made.json).isEmpty)
        let json = try edit(made.json) { object in
            var entry = try firstEntry(object)
            var proof = try #require(entry["inclusionProof"] as? [String: Any])
            var checkpoint = try #require(proof["checkpoint"] as? [String: Any])
            let envelope = try #require(checkpoint["envelope"] as? String)
            let host = mini.rekorV1.host
            #expect(envelope.contains("\u{2014} \(host) "))
            checkpoint["envelope"] = envelope.replacingOccurrences(of: "\u{2014} \(host) ", with: "\u{2014} impostor.example ")
            proof["checkpoint"] = checkpoint
            entry["inclusionProof"] = proof
            try setFirstEntry(&object, entry)
        }
        let failed = try failures(mini, made, json)
        #expect(failed.contains { $0.id == "tlog.checkpoint" && $0.message.contains("named \"impostor.example\"") }, "\(failed)")
    }
}
