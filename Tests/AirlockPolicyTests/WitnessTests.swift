import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockVerify
import AirlockAppliance
import AirlockTestKit

/// Witness cosignatures (C2SP tlog-cosignature `cosignature/v1`, docs/decisions.md D24): pinned
/// witness keys per log, a quorum per rule, distinct keys counted once, forged lines refused, unknown ignored.
struct WitnessTests {
    /// A kit with witnesses w1, w2 (and an unpinned w3) and w1, w2 pinned for the Rekor v2 log.
    final class Witnessed {
        let kit: Kit
        let keys: [String: PrivateKey]
        init() throws {
            kit = try Kit()
            keys = ["w1.test": try .generate(.ed25519), "w2.test": try .generate(.ed25519), "w3.test": try .generate(.ed25519)]
            let library = try kit.library()
            for name in ["w1.test", "w2.test"] {
                _ = try library.addWitness(origin: kit.sigstore.rekorV2.host, name: name,
                                           key: SignedNoteWriter.witnessVerifierKey(name: name, key: keys[name]!.publicKey))
            }
        }

        func line(_ name: String, _ text: String, at time: UInt64 = 1_700_000_000, forged: Bool = false) throws -> String {
            try SignedNoteWriter.cosignatureLine(text: text, name: name, key: keys[name]!, timestamp: time,
                                                 signer: forged ? try PrivateKey.generate(.ed25519) : nil)
        }

        func verify(threshold: Int, names: [String]? = nil, cosign: (String) throws -> [String]) throws -> VerdictSummary {
            let image = kit.layout.addImage(seed: UUID().uuidString, name: "registry.test/app:1")
            try kit.signV2(image, cosign: cosign)
            let list = names.map { ", names: [\($0.map { "'\($0)'" }.joined(separator: ", "))]" } ?? ""
            return try kit.verify(image, policy: kit.workflowPolicy("\n    witnesses: {threshold: \(threshold)\(list)}"))
        }
    }

    static func witnessCheck(_ verdict: VerdictSummary) -> CheckResult? { verdict.checks.first { $0.id == CheckID.tlogWitnesses } }

    @Test func quorumMetListsTheWitnesses() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 2) { [try w.line("w1.test", $0), try w.line("w2.test", $0)] }
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        let check = try #require(Self.witnessCheck(verdict))
        #expect(check.status == .passed)
        #expect(check.message.hasSuffix("cosigned by 2 of 2 required witnesses: w1.test, w2.test"), "\(check.message)")
    }

    @Test func quorumNotMetSaysHowManyOfWhich() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 2) { [try w.line("w1.test", $0)] }
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.hasSuffix("1 of 2 required witness cosignatures (cosigned by: w1.test; pinned: w1.test, w2.test)") == true,
                "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func aForgedCosignatureIsRefused() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 1) { [try w.line("w1.test", $0), try w.line("w2.test", $0, forged: true)] }
        #expect(verdict.result == "FAIL")
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.contains("cosignature by pinned witness w2.test does not verify (cosigned by: w1.test)") == true,
                "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func anUnknownWitnessIsIgnored() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 2) { [try w.line("w1.test", $0), try w.line("w3.test", $0)] }
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.contains("1 of 2 required witness cosignatures (cosigned by: w1.test;") == true,
                "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func duplicateLinesCountOnce() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 2) { [try w.line("w1.test", $0), try w.line("w1.test", $0, at: 1_700_000_100), try w.line("w1.test", $0)] }
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.contains("1 of 2 required witness cosignatures") == true, "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func namesRestrictWhichWitnessesCount() throws {
        let w = try Witnessed()
        let verdict = try w.verify(threshold: 1, names: ["w2.test"]) { [try w.line("w1.test", $0)] }
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.hasSuffix("0 of 1 required witness cosignatures (cosigned by: none; pinned: w2.test)") == true,
                "\(verdict.firstFailure?.message ?? "")")
    }

    @Test func verifierKeysParseAndAreChecked() throws {
        let key = try PrivateKey.generate(.ed25519)
        let text = SignedNoteWriter.witnessVerifierKey(name: "w.test", key: key.publicKey)
        let parsed = try WitnessKey(verifierKey: text)
        #expect(parsed.verifierKey == text)
        #expect(parsed.keyID == SignedNoteWriter.cosignatureKeyID(name: "w.test", key: key.publicKey))
        let parts = text.split(separator: "+", maxSplits: 2)
        let wrongID = "\(parts[0])+00000000+\(parts[2])"
        #expect(throws: WitnessKey.Failure.self) { try WitnessKey(verifierKey: wrongID) }
        let signedNoteType = "\(parts[0])+\(parts[1])+\(Base64.encode(Data([0x01]) + key.publicKey.rawEd25519!))"
        let error = try #require(throws: WitnessKey.Failure.self) { try WitnessKey(verifierKey: signedNoteType) }
        #expect(error.reason.contains("is not 0x04"), "\(error.reason)")
    }

    @Test func aWitnessRuleWithoutCheckpointsFails() throws {
        let kit = try Kit()
        let image = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.sign(image, as: .githubWorkflow, options: SigstoreBundleOptions(version: .v0_1, includeInclusionProof: false))
        let verdict = try kit.verify(image, policy: kit.workflowPolicy("\n    witnesses: {threshold: 1}"))
        #expect(verdict.failedCheck == CheckID.tlogWitnesses)
        #expect(verdict.firstFailure?.message.contains("no verified evidence carries a log checkpoint to cosign") == true)
    }
}
