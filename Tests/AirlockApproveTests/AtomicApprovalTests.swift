import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats
import AirlockVerify

/// A killed or failed `approve` never leaves a signed approval the appliance did not record, and
/// `approvals verify` tells an approval from an incomplete, unrecorded, revoked or expired one.
@Suite struct AtomicApprovalTests {
    /// Runs `airlock approve --all-passing` with a failpoint that SIGKILLs it at the given moment.
    private func approveKilled(at failpoint: String, demo: DemoState, out: URL) throws -> CommandResult {
        try CLI.run(["approve", "--all-passing", "--out", out.path, "--state", demo.state.path],
                    environment: ["AIRLOCK_FAILPOINT": failpoint])
    }

    private func staged(in directory: URL) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".out.airlock-staging-") }
        #expect(names.count == 1, "\(names)")
        return directory.appendingPathComponent(try #require(names.first))
    }

    @Test("approve killed before recording: nothing at --out, nothing recorded, the staged file verifies as incomplete",
          .enabled(if: DemoState.available, "demo bundles absent"))
    func killedBeforeRecord() throws {
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let run = try approveKilled(at: "approve-before-record", demo: demo, out: out)
        #expect(run.status != 0, "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "a signed approval appeared at --out without being recorded")
        #expect(try ApprovalsService(stateDirectory: demo.state).list().isEmpty)
        let staging = try staged(in: demo.dir.root)
        let check = try ApprovalsService(stateDirectory: demo.state).verify(file: staging.appendingPathComponent("approval.sigstore.json").path)
        #expect(!check.valid && check.code == "incomplete", "\(check.code): \(check.reason)")
        // Copied out of the staging directory, the files are still no approval: the id was never recorded.
        try FileManager.default.copyItem(at: staging, to: demo.dir.url("copied"))
        let copied = try demo.airlock(["approvals", "verify", demo.dir.url("copied/approval.intoto.json").path])
        #expect(copied.status == 1 && copied.output.contains("not-recorded"), "\(copied.output)")
    }

    @Test("approve killed after recording, before the rename: --out is still absent and the staged file is incomplete",
          .enabled(if: DemoState.available, "demo bundles absent"))
    func killedBeforeRename() throws {
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let run = try approveKilled(at: "approve-before-rename", demo: demo, out: out)
        #expect(run.status != 0, "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try ApprovalsService(stateDirectory: demo.state).list().count == 1)
        let cli = try demo.airlock(["approvals", "verify", try staged(in: demo.dir.root).appendingPathComponent("approval.intoto.json").path])
        #expect(cli.status == 1 && cli.output.contains("incomplete"), "\(cli.output)")
    }

    @Test("a committed approval leaves no staging directory behind")
    func noStagingLeft() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .approved = outcome else { Issue.record("refused: \(outcome)"); return }
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.dir.root.path)
        #expect(names.contains("out") && !names.contains { $0.contains(".airlock-staging-") }, "\(names)")
    }

    @Test("an approval signed with the appliance key but never recorded does not verify: not-recorded")
    func unrecorded() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let signed = try ApprovalSigner(keys: ApplianceKeys(stateDirectory: fixture.state)).sign(ApprovalStatements.manifest(
            validity: sampleValidity, applianceID: "https://airlock.example/appliance", policy: samplePolicy,
            candidates: [sampleCandidate("registry.example/app:1.0", byte: "a1")]))
        let file = fixture.dir.url("stray.intoto.json")
        try signed.envelopeJSON.write(to: file)
        let check = try ApprovalsService(stateDirectory: fixture.state).verify(file: file.path, now: verifiedInstant)
        #expect(!check.valid && check.code == "not-recorded", "\(check.code): \(check.reason)")
        #expect(check.checks.contains { $0.id == "approval.signature" && $0.status == .passed })
    }

    @Test("approvals verify names expired with when, and revoked with when, who and why")
    func expiredAndRevoked() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing, expires: 3600), policy: samplePolicy,
                                                                               source: fixture.source())
        guard case .approved(let report) = outcome else { Issue.record("refused: \(outcome)"); return }
        let service = ApprovalsService(stateDirectory: fixture.state)
        let file = fixture.dir.url("out/approval.sigstore.json").path
        let vsa = fixture.dir.url("out/vsa/\(fixture.images[0].digest.replacingOccurrences(of: ":", with: "-")).intoto.json").path
        for path in [file, vsa] {
            let valid = try service.verify(file: path, now: verifiedInstant.addingTimeInterval(600))
            #expect(valid.valid && valid.code == "verified", "\(valid.code): \(valid.reason)")
            let expired = try service.verify(file: path, now: verifiedInstant.addingTimeInterval(7200))
            #expect(expired.code == "expired" && expired.reason.contains("expired at \(report.expiresAt ?? "?")"), "\(expired.reason)")
        }
        _ = try service.revoke(report.id, reason: "key compromise", by: "carol", now: verifiedInstant.addingTimeInterval(900))
        let revoked = try service.verify(file: vsa, now: verifiedInstant.addingTimeInterval(1000))
        #expect(revoked.code == "revoked", "\(revoked.code)")
        #expect(revoked.reason == "revoked at \(RFC3339.format(verifiedInstant.addingTimeInterval(900))) by carol: key compromise")
    }

    @Test("airlock approvals verify exits 1 on an expired approval, naming expired and when", .enabled(if: CLI.isBuilt, "airlock executable not built"))
    func expiredExitsOne() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        // Approved at 2026-01-01 for one hour: expired at any real instant this test runs.
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing, expires: 3600), policy: samplePolicy,
                                                                               source: fixture.source())
        guard case .approved(let report) = outcome else { Issue.record("refused: \(outcome)"); return }
        let file = fixture.dir.url("out/approval.sigstore.json").path
        let result = try CLI.run(["approvals", "verify", file], state: fixture.state)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("NOT VALID \(file): expired: expired at \(report.expiresAt ?? "?")"), "\(result.output)")
        let json = try CLI.run(["approvals", "verify", file, "--output", "json"], state: fixture.state)
        #expect(json.status == 1 && (json.stdout.contains("\"code\" : \"expired\"") || json.stdout.contains("\"code\":\"expired\"")), "\(json.output)")
    }

    @Test("a catalogue failing PRAGMA quick_check is refused before anything is signed, naming the finding")
    func quickCheck() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let corrupt = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'approval_revocations'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
        db.close()
        with open(sys.argv[1], "r+b") as f:
            f.seek((root - 1) * size)
            f.write(b"\\xff" * 16)
        """
        try Data(corrupt.utf8).write(to: fixture.dir.url("corrupt.py"))
        let run = try Tool.python3.run([fixture.dir.url("corrupt.py").path, fixture.state.appendingPathComponent("airlock.sqlite").path])
        #expect(run.status == 0, "\(run.output)")
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .refused(let refusals) = outcome else { Issue.record("signed over a damaged catalogue"); return }
        #expect(refusals.map(\.code) == ["database-damaged"] && refusals[0].reason.contains("PRAGMA quick_check reports"), "\(refusals)")
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))
    }
}
