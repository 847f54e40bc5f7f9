import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockStore
import AirlockTestKit
import AirlockVerify

/// `verify --all` decides on several workers and records one transaction (D29, D31): what it records must be
/// exactly what one worker records, a failure must record nothing and name the lowest failing subject, and a
/// split view found after the workers decided must leave only the corrected verdicts.
@Suite struct ParallelVerifyTests {
    /// A copy of the kit's state directory (nothing open on it), for a second run from the same state.
    func copyState(_ kit: Kit, as name: String) throws -> URL {
        let copy = kit.workspace.root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.copyItem(at: kit.workspace.state, to: copy)
        return copy
    }

    /// The verdict rows and decision-log leaves of a state directory, without the wall-clock recording
    /// time (the one field that differs between two runs at one verification instant).
    func recorded(_ state: URL) throws -> (rows: [VerdictRecord], leaves: [String]) {
        let catalogue = try Store(stateDirectory: state).catalogue
        let rows = try catalogue.verdicts().map { var row = $0; row.recordedAt = Date(timeIntervalSince1970: 0); return row }
        let leaves = try catalogue.logLeaves().map { "\($0.index) \($0.kind.rawValue) \($0.recordID) \($0.subject)" }
        return (rows, leaves)
    }

    @Test("twenty-four images: the rows, ids and log leaves recorded by 2, 3 and 8 workers are those of one worker")
    func recordedRunIsTheSerialRun() throws {
        let kit = try Kit()
        for i in 0..<24 {
            let image = kit.layout.addImage(seed: "parallel-\(i)", name: "registry.test/app-\(i):1")
            switch i % 3 {
            case 0: try kit.sign(image, as: .githubWorkflow)
            case 1: try kit.sign(image, as: .email)
            default: break
            }
        }
        try kit.workspace.importLayout(kit.layout, as: "parallel")
        let policy = try kit.workspace.write(kit.workflowPolicy(), as: "policy.yaml")
        let states = try [1, 2, 3, 8].map { workers in (workers, try copyState(kit, as: "state-\(workers)")) }
        var runs: [(workers: Int, ids: [String], rows: [VerdictRecord], leaves: [String])] = []
        for (workers, state) in states {
            // Two runs each: the second decides with the first's verdicts and log leaves already there.
            for _ in 0..<2 {
                _ = try VerifyService(stateDirectory: state, maxConcurrency: workers).verify(.all, policyPath: policy, at: kit.at)
            }
            let report = try VerifyService(stateDirectory: state, maxConcurrency: workers).verify(.all, policyPath: policy, at: kit.at)
            let (rows, leaves) = try recorded(state)
            runs.append((workers, report.verdicts.map(\.id), rows, leaves))
            let audit = try DecisionLogService(stateDirectory: state).verify()
            #expect(audit.findings.isEmpty, "\(workers) workers: \(audit.findings)")
        }
        let serial = runs[0]
        #expect(serial.rows.count == 72 && serial.rows.filter { $0.result == "PASS" }.count == 24)
        #expect(serial.rows.map(\.seq) == (1...72).map { Int64($0) })
        #expect(serial.leaves.filter { $0.contains(" verdict ") }.count == 72, "one leaf per verdict")
        for run in runs.dropFirst() {
            #expect(run.ids == serial.ids, "\(run.workers) workers")
            #expect(run.rows == serial.rows, "\(run.workers) workers: rows differ")
            #expect(run.leaves == serial.leaves, "\(run.workers) workers: log leaves differ")
        }
    }

    @Test("a subject failing in the middle of the run records nothing, whatever the concurrency, and the error names it")
    func failingSubjectRecordsNothing() throws {
        let kit = try Kit()
        let images = (0..<8).map { kit.layout.addImage(seed: "failing-\($0)", name: "registry.test/app-\($0):1") }
            .sorted { $0.digest < $1.digest }
        for (index, image) in images.enumerated() {
            let json = try kit.sigstore.messageBundle(artifact: image.manifest, identity: .githubWorkflow).json
            // Subjects 3 and 5 (in the run's order) carry evidence larger than the run's read limit.
            let padding = [3, 5].contains(index) ? Data(repeating: 0x20, count: 200_000) : Data()
            kit.layout.addReferrer(to: image, bundle: json + padding)
        }
        try kit.workspace.importLayout(kit.layout, as: "failing")
        let policy = try kit.workspace.write(kit.workflowPolicy(), as: "policy.yaml")
        var limits = Limits()
        limits.maxJSONBytes = 100_000
        let leavesBefore = try Store(stateDirectory: kit.workspace.state).catalogue.logLeaves().count
        for workers in [1, 2, 4, 8] {
            let error = #expect(throws: ApplianceError.self, "\(workers) workers") {
                try VerifyService(stateDirectory: kit.workspace.state, limits: limits, maxConcurrency: workers)
                    .verify(.all, policyPath: policy, at: kit.at)
            }
            #expect(error?.digest == images[3].digest, "\(workers) workers: the lowest failing subject is named, not \(error?.digest ?? "none")")
            #expect(error?.code == "io" && error?.reason.contains("larger than the 100000-byte read limit") == true,
                    "\(workers) workers: \(error?.description ?? "")")
            let catalogue = try Store(stateDirectory: kit.workspace.state).catalogue
            #expect(try catalogue.verdicts().isEmpty, "\(workers) workers: nothing of the run is recorded")
            #expect(try catalogue.logLeaves().count == leavesBefore)
        }
        // Nothing is left holding the writer: a run within the limits records all eight.
        let report = try VerifyService(stateDirectory: kit.workspace.state, maxConcurrency: 4).verify(.all, policyPath: policy, at: kit.at)
        #expect(report.verdicts.count == 8 && report.allPassed)
        #expect(try Store(stateDirectory: kit.workspace.state).catalogue.verdicts().count == 8)
    }

    @Test("a split view found after the workers decided: only the corrected verdicts are recorded, as one worker records them")
    func splitViewRecordsCorrectedVerdictsOnly() throws {
        let kit = try Kit()
        var fork = kit.sigstore
        // Two images on the kit's Rekor v2 log and on a fork of it, at one size with two roots; six others on Rekor v1.
        let a = kit.layout.addImage(seed: "split-a", name: "registry.test/split:1")
        let b = kit.layout.addImage(seed: "split-b", name: "registry.test/split:2")
        try kit.signV2(a)
        try kit.signV2(b, with: &fork)
        for i in 0..<6 {
            try kit.sign(kit.layout.addImage(seed: "plain-\(i)", name: "registry.test/plain-\(i):1"), as: .githubWorkflow)
        }
        try kit.workspace.importLayout(kit.layout, as: "split")
        let policy = try kit.workspace.write(kit.workflowPolicy(), as: "policy.yaml")
        let serialState = try copyState(kit, as: "state-serial")
        let parallel = try VerifyService(stateDirectory: kit.workspace.state, maxConcurrency: 4).verify(.all, policyPath: policy, at: kit.at)
        let serial = try VerifyService(stateDirectory: serialState, maxConcurrency: 1).verify(.all, policyPath: policy, at: kit.at)
        #expect(parallel.verdicts.map(\.id) == serial.verdicts.map(\.id))
        let failed = parallel.verdicts.filter { $0.result == "FAIL" }
        #expect(Set(failed.map(\.subject)) == [a.digest, b.digest])
        for verdict in failed {
            #expect(verdict.failedCheck == CheckID.tlogContinuity)
            #expect(verdict.firstFailure?.message.contains("a split view of \(kit.sigstore.rekorV2.host) is recorded") == true,
                    "\(verdict.firstFailure?.message ?? "")")
        }
        #expect(parallel.verdicts.filter { $0.result == "PASS" }.count == 6)
        let (rows, leaves) = try recorded(kit.workspace.state)
        let (serialRows, serialLeaves) = try recorded(serialState)
        // Eight rows, not the eight first decisions and then their corrections.
        #expect(rows.map(\.seq) == (1...8).map { Int64($0) })
        #expect(rows.map(\.id) == parallel.verdicts.map(\.id))
        #expect(rows == serialRows)
        #expect(leaves == serialLeaves)
        #expect(leaves.filter { $0.contains(" verdict ") }.count == 8)
        #expect(leaves.filter { $0.contains(" log-event ") }.count >= 1, "the split view is logged: \(leaves)")
        let audit = try DecisionLogService(stateDirectory: kit.workspace.state).verify()
        #expect(audit.findings.isEmpty, "\(audit.findings)")
        let logs = try #require(try kit.library().logs().logs.first { $0.origin == kit.sigstore.rekorV2.host })
        #expect(logs.splitViews.count == 1)
        let replay = try kit.workspace.replayer.replay(nil)
        #expect(replay.allIdentical, "\(replay.results.flatMap(\.differences))")
    }
}
