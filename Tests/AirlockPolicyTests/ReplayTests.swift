import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockVerify
import AirlockFormats
import AirlockTestKit

/// Verdicts are deterministic and replayable from the state directory alone; any change to the
/// stored evidence or policy shows up as a difference, check by check.
struct ReplayTests {
    static let instant = CorpusVerdictTests.instant

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func sameEvidenceAndInstantGiveByteIdenticalVerdicts() throws {
        let workspace = try CorpusVerdictTests.workspace()
        let path = try workspace.write(CorpusVerdictTests.policy(), as: "policy.yaml")
        let first = try workspace.verifier.verify(.all, policyPath: path, at: Self.instant)
        let second = try workspace.verifier.verify(.all, policyPath: path, at: Self.instant.addingTimeInterval(0.7))
        #expect(first.verdicts.count == 2)
        #expect(first.verdicts.map(\.id) == second.verdicts.map(\.id))
        let store = try Store(stateDirectory: workspace.state)
        let rows = try store.catalogue.verdicts()
        #expect(rows.count == 4)
        #expect(rows[0].document == rows[2].document)
        #expect(rows[1].document == rows[3].document)
        let later = try workspace.verifier.verify(.all, policyPath: path, at: Self.instant.addingTimeInterval(60))
        #expect(Set(later.verdicts.map(\.id)).isDisjoint(with: first.verdicts.map(\.id)))
        // One row per check, in order, as recorded in the document.
        let checks = try store.catalogue.checks(verdictSeq: try #require(rows[0].seq))
        let verdict = try Verdict.parse(rows[0].document)
        #expect(checks.map(\.checkID) == verdict.checks.map(\.id))
        #expect(checks.map(\.evidence) == verdict.checks.map(\.evidence))
        #expect(checks.map(\.message) == verdict.checks.map(\.message))
        #expect(verdict.id == rows[0].id)
        #expect(verdict.canonicalJSON() == rows[0].document)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func replayAllOfEveryVerdictIsIdentical() throws {
        let workspace = try CorpusVerdictTests.workspace()
        for policy in [CorpusVerdictTests.policy(), CorpusVerdictTests.policy(ref: "branch: master"),
                       CorpusVerdictTests.policy(builder: "https://example.com/untrusted")] {
            let path = try workspace.write(policy, as: "policy-\(UUID().uuidString).yaml")
            _ = try workspace.verifier.verify(.all, policyPath: path, at: Self.instant)
        }
        let report = try workspace.replayer.replay(nil)
        #expect(report.results.count == 6)
        #expect(report.allIdentical, "\(report.results.flatMap(\.differences))")
        #expect(report.results.allSatisfy { $0.replayedID == $0.verdictID })
        let one = try workspace.replayer.replay(String(report.results[0].verdictID.prefix(12)))
        #expect(one.results.count == 1 && one.allIdentical)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func aChangedEvidenceBlobIsStoreCorruption() throws {
        let workspace = try CorpusVerdictTests.workspace()
        let path = try workspace.write(CorpusVerdictTests.policy(), as: "policy.yaml")
        let report = try workspace.verifier.verify(.image(CorpusVerdictTests.layouts[0].1), policyPath: path, at: Self.instant)
        let verdict = try #require(report.verdicts.first)
        #expect(verdict.result == "PASS")
        let evidence = try Verdict.parse(try #require(Store(stateDirectory: workspace.state).catalogue.verdicts().first).document).inputs[0]
        try tamper(workspace, sha256: evidence.sha256) { data in
            // Re-sign nothing: swap the envelope's signature for another base64 string of the same length.
            var text = String(decoding: data, as: UTF8.self)
            let range = try #require(text.range(of: "\"sig\":\""))
            let index = text.index(range.upperBound, offsetBy: 10)
            text.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
            return Data(text.utf8)
        }
        // A blob that no longer matches its digest is store corruption, not a signature failure.
        let error = #expect(throws: ApplianceError.self) { try workspace.replayer.replay(verdict.id) }
        #expect(error?.code == "corrupt-blob" && error?.reason.contains("sha256:\(evidence.sha256)") == true, "\(String(describing: error))")
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func aChangedPolicyIsStoreCorruption() throws {
        let workspace = try CorpusVerdictTests.workspace()
        let text = CorpusVerdictTests.policy()
        let path = try workspace.write(text, as: "policy.yaml")
        let verdict = try #require(try workspace.verifier.verify(.image(CorpusVerdictTests.layouts[1].1), policyPath: path, at: Self.instant).verdicts.first)
        try tamper(workspace, sha256: verdict.policySHA256) { _ in Data(text.replacingOccurrences(of: "branch: main", with: "branch: master").utf8) }
        // The stored policy no longer hashes to its name: corruption (exit 3), not a YAML or rule difference.
        let error = #expect(throws: ApplianceError.self) { try workspace.replayer.replay(verdict.id) }
        #expect(error?.code == "corrupt-blob" && error?.kind == .internalError, "\(String(describing: error))")
        #expect(error?.reason.contains("sha256:\(verdict.policySHA256)") == true)
    }

    @Test(.enabled(if: Corpus.isAvailable, "corpus absent"))
    func verifyWithoutAPolicyReusesTheRecordedOne() throws {
        let workspace = try CorpusVerdictTests.workspace()
        let unrecorded = #expect(throws: ApplianceError.self) { try workspace.verifier.verifyWithRecordedPolicy(.all, at: Self.instant) }
        #expect(unrecorded?.code == "bad-input" && unrecorded?.field == "policy")
        #expect(unrecorded?.reason.contains("no verdict recorded yet") == true, "\(String(describing: unrecorded))")
        let path = try workspace.write(CorpusVerdictTests.policy(ref: "branch: master"), as: "policy.yaml")
        let first = try workspace.verifier.verify(.all, policyPath: path, at: Self.instant)
        try FileManager.default.removeItem(atPath: path)
        let again = try workspace.verifier.verifyWithRecordedPolicy(.all, at: Self.instant)
        #expect(again.policySHA256 == first.policySHA256)
        #expect(again.verdicts.map(\.id) == first.verdicts.map(\.id))
        #expect(again.verdicts.allSatisfy { $0.result == "FAIL" })
    }

    @Test func replayOfAnUnknownVerdictIsBadInput() throws {
        let workspace = try Workspace()
        let policy = try workspace.write(PolicyLintTests.valid, as: "policy.yaml")
        let verify = #expect(throws: ApplianceError.self) { try workspace.verifier.verify(.all, policyPath: policy) }
        #expect(verify?.code == "missing-state" && verify?.reason.contains("no Airlock state directory") == true, "\(String(describing: verify))")
        let replay = #expect(throws: ApplianceError.self) { try workspace.replayer.replay("00000000") }
        #expect(replay?.code == "missing-state" && replay?.reason.contains("no Airlock state directory") == true, "\(String(describing: replay))")
        let missing = #expect(throws: ApplianceError.self) { try workspace.replayer.replay(nil) }
        #expect(missing?.code == "missing-state" && missing?.kind == .badInput)
    }

    /// Rewrites a stored blob in place (as an attacker or a disk fault would).
    private func tamper(_ workspace: Workspace, sha256: String, _ change: (Data) throws -> Data) throws {
        let url = workspace.state.appendingPathComponent("blobs/sha256/\(sha256)")
        let changed = try change(Data(contentsOf: url))
        try FileManager.default.removeItem(at: url)
        try changed.write(to: url)
    }
}
