import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockStore
import AirlockCrypto
import AirlockVerify
import AirlockTestKit

/// The approve use case end to end on a real state directory: files, OCI layout, records, revocation.
@Suite struct ApproveServiceTests {
    private func approved(_ outcome: ApproveOutcome) throws -> ApprovalReport {
        guard case .approved(let report) = outcome else {
            Issue.record("refused: \(outcome)")
            throw CancellationError()
        }
        return report
    }

    @Test("approve writes the signed manifest, per-image VSAs, policies, key, README and records the approval")
    func writesEverything() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let service = ApproveService(stateDirectory: fixture.state)
        let report = try approved(service.approve(fixture.request(.allPassing, expires: 86400), policy: samplePolicy, source: fixture.source()))
        #expect(report.images.map(\.name) == fixture.images.map(\.name).sorted { a, b in
            fixture.images.first { $0.name == a }!.digest < fixture.images.first { $0.name == b }!.digest })
        #expect(report.approver == "alice" && report.expiresAt == RFC3339.format(verifiedInstant.addingTimeInterval(86460)))
        #expect(report.missingBlobs == [fixture.missingLayer])
        let out = fixture.dir.url("out")
        let keys = ApplianceKeys(stateDirectory: fixture.state)
        for file in ["approval.intoto.json", "approval.sigstore.json"] {
            let check = try keys.verifyApproval(Data(contentsOf: out.appendingPathComponent(file)))
            #expect(check.valid && check.subjects.count == 2, "\(file): \(check.reason)")
        }
        for image in fixture.images {
            let base = "vsa/" + image.digest.replacingOccurrences(of: ":", with: "-")
            let check = try keys.verifyApproval(Data(contentsOf: out.appendingPathComponent(base + ".sigstore.json")))
            #expect(check.valid && check.subjects == ["\(image.name) \(image.digest)"], "\(check.reason)")
        }
        for file in ["appliance.pub.pem", "README.md", "approval.json", "policies/kyverno-clusterpolicy.yaml",
                     "policies/kyverno-imagevalidatingpolicy.yaml", "policies/policy-controller-clusterimagepolicy.yaml",
                     "policies/kyverno-digest-allowlist.yaml", "oci/index.json", "oci/oci-layout"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(report.id) && readme.contains("kubectl apply -f policies/kyverno-clusterpolicy.yaml"))
        let allow = try String(contentsOf: out.appendingPathComponent("policies/kyverno-digest-allowlist.yaml"), encoding: .utf8)
        #expect(fixture.images.allSatisfy { allow.contains("*@\($0.digest)") })

        let listed = try ApprovalsService(stateDirectory: fixture.state).list(now: verifiedInstant.addingTimeInterval(120))
        #expect(listed.count == 1 && listed[0].id == report.id && listed[0].status == "active" && listed[0].approver == "alice")
        #expect(listed[0].images.map(\.verdictID) == report.images.map(\.verdictID))
        let later = try ApprovalsService(stateDirectory: fixture.state).list(now: verifiedInstant.addingTimeInterval(2 * 86400))
        #expect(later[0].status == "expired")
    }

    @Test("a refusal writes nothing and records nothing, and names each image and why")
    func refusalWritesNothing() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(
            fixture.request(.images(fixture.images.map(\.name))), policy: samplePolicy, source: fixture.source(failing: "registry.example/db:2"))
        guard case .refused(let refusals) = outcome else { Issue.record("approved a failing image"); return }
        #expect(refusals.map(\.image) == ["registry.example/db:2"])
        #expect(refusals[0].code == "failed" && refusals[0].reason.contains("builder id does not match"))
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))
        #expect(try ApprovalsService(stateDirectory: fixture.state).list().isEmpty)
    }

    @Test("a non-empty output directory is refused before anything is signed")
    func nonEmptyOutput() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        try FileManager.default.createDirectory(at: fixture.dir.url("out"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: fixture.dir.url("out/keep"))
        let error = #expect(throws: ApplianceError.self) {
            try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        }
        #expect(error?.reason.contains("must not exist or be empty") == true)
        #expect(try String(contentsOf: fixture.dir.url("out/keep"), encoding: .utf8) == "x")
    }

    @Test("revoke records who and why, drops the digests from the regenerated allow-list, and cannot repeat")
    func revoke() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let service = ApproveService(stateDirectory: fixture.state)
        let first = try approved(service.approve(fixture.request(.images([fixture.images[0].name]), out: "one"), policy: samplePolicy, source: fixture.source()))
        _ = try approved(service.approve(fixture.request(.images([fixture.images[1].name]), out: "two", now: verifiedInstant.addingTimeInterval(90)),
                                         policy: samplePolicy, source: fixture.source()))
        let approvals = ApprovalsService(stateDirectory: fixture.state)
        let report = try approvals.revoke(String(first.id.prefix(6)), reason: "CVE-2026-0001", by: "bob", now: verifiedInstant.addingTimeInterval(200),
                                          extraDirectory: fixture.dir.url("cluster"))
        #expect(report.id == first.id && report.allowedDigests == [fixture.images[1].digest])
        #expect(report.policyFiles.count == 10 && report.deniedDigests == [fixture.images[0].digest])
        for path in report.policyFiles where path.hasSuffix("allowlist.yaml") {
            let yaml = try String(contentsOfFile: path, encoding: .utf8)
            #expect(yaml.contains(fixture.images[1].digest) && !yaml.contains(fixture.images[0].digest), "\(path)")
        }
        let listed = try approvals.list(now: verifiedInstant.addingTimeInterval(300))
        #expect(listed.map(\.status) == ["revoked", "active"])
        #expect(listed[0].revokedBy == "bob" && listed[0].revokeReason == "CVE-2026-0001")
        let again = #expect(throws: ApplianceError.self) { try approvals.revoke(first.id, reason: "again") }
        #expect(again?.reason.contains("already revoked") == true)
        let noReason = #expect(throws: ApplianceError.self) { try approvals.revoke(first.id, reason: "  ") }
        #expect(noReason?.field == "--reason")
        let unknown = #expect(throws: ApplianceError.self) { try approvals.revoke("ffffffff", reason: "x") }
        #expect(unknown?.reason.contains("no approval matches") == true)
    }

    @Test("the catalogue refuses to edit or delete an approval (append-only)", .enabled(if: Tool.python3.isAvailable, "python3 is not installed"))
    func appendOnly() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        _ = try approved(ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source()))
        let database = fixture.state.appendingPathComponent("airlock.sqlite").path
        for statement in ["DELETE FROM approvals", "UPDATE approvals SET approver = 'mallory'", "DELETE FROM approval_images"] {
            let script = "import sqlite3, sys\ntry:\n    c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit(); print('CHANGED')\nexcept Exception as e:\n    print('REFUSED', e)"
            let result = try Tool.python3.run(["-c", script, database, statement])
            #expect(result.output.contains("REFUSED") && result.output.contains("append-only"), "\(statement): \(result.output)")
        }
        #expect(try ApprovalsService(stateDirectory: fixture.state).list().first?.approver == "alice")
    }

    @Test("the store-backed source reads recorded verdict documents: latest under the current policy decides, and must replay")
    func storeSource() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let image = fixture.images[0]
        let other = String(repeating: "cd", count: 32)
        _ = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: true, policySHA256: samplePolicy.sha256, at: verifiedInstant)
        let failing = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: false, policySHA256: samplePolicy.sha256,
                                                at: verifiedInstant.addingTimeInterval(10))
        _ = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: true, policySHA256: other, at: verifiedInstant.addingTimeInterval(20))
        let source = try StoreVerdictSource(stateDirectory: fixture.state)
        let history = try source.verdicts(digest: image.digest)
        #expect(history.count == 3 && history[1].verdictID == failing && !history[1].verdictPassed)
        #expect(history[1].firstFailure == "slsa.builder: builder id does not match")
        #expect(history[0].evidence == [EvidenceDigest(uri: "urn:airlock:evidence:sigstore-bundle", sha256: String(repeating: "e", count: 64))])
        #expect(history[0].verifiedLevels == ["SLSA_BUILD_LEVEL_UNEVALUATED", "AIRLOCK_RULE_release"])
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.images([image.digest])), policy: samplePolicy, source: source)
        guard case .refused(let refusals) = outcome else { Issue.record("approved over a FAIL verdict"); return }
        #expect(refusals.map(\.code) == ["failed"])
        // A PASS row whose evidence is not in the blob store does not replay: it is never signed.
        _ = try fixture.recordVerdict(digest: image.digest, names: [image.name], passed: true, policySHA256: samplePolicy.sha256,
                                      at: verifiedInstant.addingTimeInterval(30))
        let unreplayable = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.images([image.digest])), policy: samplePolicy,
                                                                                    source: try StoreVerdictSource(stateDirectory: fixture.state))
        guard case .refused(let later) = unreplayable else { Issue.record("signed a verdict that does not replay"); return }
        #expect(later.map(\.code) == ["not-reproducible"] && later[0].reason.contains("cannot replay"), "\(later)")
    }
}

/// Two approvals of the same images in the same second are distinct records.
@Suite struct ApprovalIDTests {
    @Test("same images, same instant: two approvals, two ids")
    func sameSecond() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let service = ApproveService(stateDirectory: fixture.state)
        for out in ["a", "b"] {
            let outcome = try service.approve(fixture.request(.allPassing, out: out), policy: samplePolicy, source: fixture.source())
            guard case .approved = outcome else { Issue.record("refused: \(outcome)"); return }
        }
        let ids = try ApprovalsService(stateDirectory: fixture.state).list().map(\.id)
        #expect(ids.count == 2 && Set(ids).count == 2)
    }
}
