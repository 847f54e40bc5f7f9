import Foundation
import Testing
import AirlockAppliance
import AirlockStore
import AirlockTestKit

/// `verify --all` decides images in parallel; the verdicts, their ids and the order of the recorded
/// rows must be exactly those of a serial run (`maxConcurrency: 1`), and replay must stay identical.
@Suite struct ParallelVerifyTests {
    /// Nine images: signed by the expected workflow (PASS), by an unexpected e-mail identity (FAIL), or
    /// not at all (FAIL), so the parallel run has to keep mixed results in place.
    func multiImageKit() throws -> Kit {
        let kit = try Kit()
        for i in 0..<9 {
            let image = kit.layout.addImage(seed: "parallel-\(i)", name: "registry.test/app-\(i):1")
            switch i % 3 {
            case 0: try kit.sign(image, as: .githubWorkflow)
            case 1: try kit.sign(image, as: .email)
            default: break
            }
        }
        try kit.workspace.importLayout(kit.layout, as: "parallel")
        return kit
    }

    @Test func parallelVerdictsEqualSerialVerdicts() throws {
        let kit = try multiImageKit()
        let path = try kit.workspace.write(kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])), as: "policy.yaml")
        let serial = try VerifyService(stateDirectory: kit.workspace.state, maxConcurrency: 1).verify(.all, policyPath: path, at: kit.at)
        let parallel = try VerifyService(stateDirectory: kit.workspace.state, maxConcurrency: 4).verify(.all, policyPath: path, at: kit.at)
        let automatic = try VerifyService(stateDirectory: kit.workspace.state).verify(.all, policyPath: path, at: kit.at)
        #expect(serial.verdicts.count == 9)
        #expect(serial.verdicts.filter { $0.result == "PASS" }.count == 3)
        for report in [parallel, automatic] {
            #expect(report.verdicts.map(\.id) == serial.verdicts.map(\.id))
            #expect(report.verdicts.map(\.subject) == serial.verdicts.map(\.subject))
            #expect(report.verdicts.map(\.checks) == serial.verdicts.map(\.checks))
        }
        // Recorded rows: three runs of nine, each run in the same subject order, with the same documents.
        let rows = try Store(stateDirectory: kit.workspace.state).catalogue.verdicts()
        #expect(rows.count == 27)
        let runs = stride(from: 0, to: rows.count, by: 9).map { Array(rows[$0..<$0 + 9]) }
        for run in runs.dropFirst() {
            #expect(run.map(\.id) == runs[0].map(\.id))
            #expect(run.map(\.subjectDigest) == runs[0].map(\.subjectDigest))
            #expect(run.map(\.document) == runs[0].map(\.document))
        }
        let replay = try kit.workspace.replayer.replay(nil)
        #expect(replay.allIdentical, "replay differs: \(replay.results.flatMap(\.differences))")
    }
}
