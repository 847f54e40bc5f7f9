import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockAppliance
import AirlockTestKit

/// Log continuity (docs/decisions.md D23): the largest verified checkpoint per log is held, growth
/// without a proof is held unproven until `trustroot checkpoint add` connects it, and a split view (same
/// size with another root, or a consistency proof that fails) refuses the evidence and keeps both notes.
/// Every verdict here is replayed byte for byte by `Workspace.verify`.
struct LogContinuityTests {
    @Test func consistentGrowthIsAcceptedAndHeld() throws {
        let kit = try Kit()
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        let first = try kit.verify(a, policy: kit.workflowPolicy())
        #expect(first.result == "PASS", "\(first.firstFailure?.message ?? "")")
        #expect(!first.checks.contains { $0.id == CheckID.tlogContinuity }, "nothing was held before: no new check")
        let library = try kit.library()
        let held = try #require(try library.logs().logs.first)
        #expect(held.origin == kit.sigstore.rekorV2.host)
        #expect(held.checkpoints.map(\.status) == ["proven"])
        #expect(held.checkpoints.first?.size == kit.sigstore.rekorV2.tree.size)

        let b = kit.layout.addImage(seed: "b", name: "registry.test/app:2")
        try kit.signV2(b)
        let second = try kit.verify(b, policy: kit.workflowPolicy())
        #expect(second.result == "PASS", "\(second.firstFailure?.message ?? "")")
        let check = try #require(second.checks.first { $0.id == CheckID.tlogContinuity })
        #expect(check.status == .passed)
        #expect(check.message.contains("larger than the held size \(held.checkpoints[0].size); recorded unproven"), "\(check.message)")
        let grown = try #require(try library.logs().logs.first)
        #expect(grown.checkpoints.map(\.status) == ["proven", "unproven"])
        #expect(grown.checkpoints.map(\.size) == [held.checkpoints[0].size, kit.sigstore.rekorV2.tree.size])
        #expect(grown.splitViews.isEmpty)

        // The older image's checkpoint is held as it is: nothing new, no check, the same verdict as before.
        let again = try kit.verify(a, policy: kit.workflowPolicy())
        #expect(again.result == "PASS")
        #expect(!again.checks.contains { $0.id == CheckID.tlogContinuity })
    }

    @Test func sameSizeWithAnotherRootIsASplitView() throws {
        let kit = try Kit()
        var fork = kit.sigstore  // the same log key, a diverging tree
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        #expect(try kit.verify(a, policy: kit.workflowPolicy()).result == "PASS")
        let library = try kit.library()
        let before = try library.logs().logs

        let b = kit.layout.addImage(seed: "b", name: "registry.test/app:2")
        try kit.signV2(b, with: &fork)
        #expect(fork.rekorV2.tree.size == kit.sigstore.rekorV2.tree.size)
        let refused = try kit.verify(b, policy: kit.workflowPolicy())
        #expect(refused.result == "FAIL")
        #expect(refused.failedCheck == CheckID.tlogContinuity)
        #expect(refused.firstFailure?.message.hasPrefix("split view: checkpoint of \(kit.sigstore.rekorV2.host) at size \(fork.rekorV2.tree.size) has root ") == true,
                "\(refused.firstFailure?.message ?? "")")

        let after = try #require(try library.logs().logs.first)
        #expect(after.checkpoints == before.first?.checkpoints, "held checkpoints are unchanged")
        let split = try #require(after.splitViews.first)
        #expect(after.splitViews.count == 1)
        #expect(split.otherNoteSHA256 == before.first?.checkpoints.first?.noteSHA256, "the held note is kept as proof")
        let store = kit.workspace.state.appendingPathComponent("blobs/sha256")
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(split.noteSHA256).path), "the refused note is kept as proof")

        // Once a split view is recorded, the log's checkpoints are not trusted, even the held one.
        let again = try kit.verify(a, policy: kit.workflowPolicy())
        #expect(again.result == "FAIL" && again.failedCheck == CheckID.tlogContinuity)
        #expect(again.firstFailure?.message.contains("a split view of \(kit.sigstore.rekorV2.host) is recorded") == true)
    }

    @Test func inconsistentLargerTreeIsASplitView() throws {
        let kit = try Kit()
        var fork = kit.sigstore
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        #expect(try kit.verify(a, policy: kit.workflowPolicy()).result == "PASS")
        let library = try kit.library(storingRoot: true)
        let held = try #require(try library.logs().logs.first?.checkpoints.first)
        // The fork grows past the held size along another history, and proves its own consistency.
        _ = fork.rekorV2.append(body: Data("other".utf8))
        _ = fork.rekorV2.append(body: Data("history".utf8))
        let body = Kit.addCheckpointBody(old: held.size, proof: fork.rekorV2.tree.consistencyProof(from: held.size, to: fork.rekorV2.tree.size),
                                         note: try fork.rekorV2.checkpoint())
        let file = try kit.workspace.write(body, as: "add-checkpoint.txt")
        let leavesBefore = try DecisionLogService(stateDirectory: kit.workspace.state).verify().treeSize
        let error = try #require(throws: ApplianceError.self) { try library.addCheckpoint(file: file, trustRoot: "mini") }
        #expect(error.code == "tlog-split-view")
        #expect(error.kind == .verificationFailed)
        #expect(error.reason.contains("consistency proof from size \(held.size) to \(fork.rekorV2.tree.size)"), "\(error.reason)")
        let after = try #require(try library.logs().logs.first)
        #expect(after.checkpoints == [held], "store unchanged but for the split view")
        #expect(after.splitViews.first?.otherNoteSHA256 == held.noteSHA256)
        // Each continuity event is a decision-log record, and the log still verifies.
        let audit = try DecisionLogService(stateDirectory: kit.workspace.state).verify()
        #expect(audit.verified, "\(audit.findings)")
        #expect(audit.treeSize == leavesBefore + 1, "the split view added one leaf")
    }

    @Test func aWrongProofIsASplitViewAndConnectsNothing() throws {
        let kit = try Kit()
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        #expect(try kit.verify(a, policy: kit.workflowPolicy()).result == "PASS")
        let b = kit.layout.addImage(seed: "b", name: "registry.test/app:2")
        try kit.signV2(b)
        #expect(try kit.verify(b, policy: kit.workflowPolicy()).result == "PASS")
        let library = try kit.library(storingRoot: true)
        let held = try #require(try library.logs().logs.first?.checkpoints)
        #expect(held.map(\.status) == ["proven", "unproven"])
        let log = kit.sigstore.rekorV2
        // A bad proof (wrong hashes) is a split view; nothing is connected.
        let wrong = Kit.addCheckpointBody(old: held[0].size, proof: [Data(repeating: 7, count: 32)], note: try log.checkpoint(size: held[1].size))
        let refused = try #require(throws: ApplianceError.self) {
            try library.addCheckpoint(file: try kit.workspace.write(wrong, as: "wrong.txt"), trustRoot: "mini")
        }
        #expect(refused.code == "tlog-split-view")
        #expect(try library.logs().logs.first?.checkpoints == held)
    }

    @Test func aGoodProofConnects() throws {
        let kit = try Kit()
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        #expect(try kit.verify(a, policy: kit.workflowPolicy()).result == "PASS")
        let b = kit.layout.addImage(seed: "b", name: "registry.test/app:2")
        try kit.signV2(b)
        #expect(try kit.verify(b, policy: kit.workflowPolicy()).result == "PASS")
        let library = try kit.library(storingRoot: true)
        let held = try #require(try library.logs().logs.first?.checkpoints)
        let log = kit.sigstore.rekorV2
        let body = Kit.addCheckpointBody(old: held[0].size, proof: log.tree.consistencyProof(from: held[0].size, to: held[1].size),
                                         note: try log.checkpoint(size: held[1].size))
        let report = try library.addCheckpoint(file: try kit.workspace.write(body, as: "proof.txt"), trustRoot: "mini")
        #expect(report.outcome == "connected", "\(report)")
        #expect(report.message == "consistent with the held checkpoint of size \(held[0].size)")
        #expect(try library.logs().logs.first?.checkpoints.map(\.status) == ["proven", "proven"])
        // A note no log of the root signed is refused before anything is recorded.
        let foreign = try log.checkpoint(signer: try PrivateKey.generate(.ed25519))
        let unsigned = try #require(throws: ApplianceError.self) {
            try library.addCheckpoint(file: try kit.workspace.write(foreign, as: "foreign.txt"), trustRoot: "mini")
        }
        #expect(unsigned.code == CheckID.tlogCheckpoint)
        #expect(try library.logs().logs.first?.splitViews.isEmpty == true)
    }
}

/// Two images decided in one run whose checkpoints disagree with each other.
struct LogContinuityRunTests {
    @Test func aSplitViewWithinOneRunFailsBothImages() throws {
        let kit = try Kit()
        var fork = kit.sigstore
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        let b = kit.layout.addImage(seed: "b", name: "registry.test/app:2")
        try kit.signV2(a)
        try kit.signV2(b, with: &fork)
        _ = try kit.workspace.importLayout(kit.layout, as: "both")
        let policy = try kit.workspace.write(kit.workflowPolicy(), as: "policy.yaml")
        let report = try kit.workspace.verifier.verify(.all, policyPath: policy, at: kit.at)
        #expect(report.verdicts.count == 2)
        for verdict in report.verdicts {
            #expect(verdict.result == "FAIL")
            #expect(verdict.failedCheck == CheckID.tlogContinuity)
            #expect(verdict.firstFailure?.message.contains("a split view of \(kit.sigstore.rekorV2.host) is recorded") == true,
                    "\(verdict.firstFailure?.message ?? "")")
        }
        let logs = try #require(try kit.library().logs().logs.first)
        #expect(logs.splitViews.count == 1 && logs.checkpoints.count == 1)
        let replay = try kit.workspace.replayer.replay(nil)
        #expect(replay.allIdentical, "\(replay.results.flatMap(\.differences))")
    }

    @Test("a run's verdicts and the continuity change of their checkpoints are one write, sealed by one checkpoint")
    func runAndContinuityChangeAreOneWrite() throws {
        let kit = try Kit()
        _ = try ApplianceKeys(stateDirectory: kit.workspace.state).initialise()
        try DecisionLogService(stateDirectory: kit.workspace.state).checkpoint()
        let log = DecisionLogService(stateDirectory: kit.workspace.state)
        let before = try log.list()
        let signedBefore = try log.verify().checkpoints
        let a = kit.layout.addImage(seed: "a", name: "registry.test/app:1")
        try kit.signV2(a)
        let verdict = try kit.verify(a, policy: kit.workflowPolicy())
        #expect(verdict.result == "PASS", "\(verdict.firstFailure?.message ?? "")")
        let after = try log.list()
        let added = after.leaves.filter { $0.index >= before.treeSize }
        // The import, then the run: its verdict and the event of the log's first held checkpoint, in that order.
        #expect(added.map(\.kind) == ["import", "verdict", "log-event"], "\(added.map(\.kind))")
        #expect(after.signedSize == after.treeSize)
        let audit = try log.verify()
        #expect(audit.findings == [])
        // Two writes, two checkpoints: the import's, and one over the verdict and the event together.
        #expect(audit.checkpoints == signedBefore + 2)
    }
}
