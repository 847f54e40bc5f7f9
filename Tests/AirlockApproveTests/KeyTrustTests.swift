import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockVerify

/// Key hygiene: a distrusted key's approvals stop verifying and leave the policies; a private key others
/// can read is refused; ephemeral containers are checked too.
@Suite struct KeyTrustTests {
    private func approve(_ fixture: StoreFixture, out: String) throws -> ApprovalReport {
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing, out: out), policy: samplePolicy,
                                                                               source: fixture.source())
        guard case .approved(let report) = outcome else { throw CancellationError() }
        return report
    }

    @Test("keys distrust: approvals signed by the key fail approvals verify naming it; new policies list only trusted keys")
    func distrust() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let keys = ApplianceKeys(stateDirectory: fixture.state)
        let old = try #require(try keys.load().current)
        _ = try approve(fixture, out: "old")
        let refusedCurrent = #expect(throws: ApplianceError.self) { try keys.distrust(old.id, reason: "leaked") }
        #expect(refusedCurrent?.reason.contains("keys rotate") == true)
        _ = try keys.rotate()
        let ring = try keys.distrust(String(old.id.prefix(12)), reason: "backup tape lost", now: verifiedInstant.addingTimeInterval(100))
        #expect(ring.trustedPublicKeysPEM == [try #require(ring.current).publicKeyPEM])

        let check = try ApprovalsService(stateDirectory: fixture.state).verify(file: fixture.dir.url("old/approval.intoto.json").path,
                                                                              now: verifiedInstant.addingTimeInterval(200))
        #expect(!check.valid && check.code == "distrusted-key", "\(check.code)")
        #expect(check.reason.contains(String(old.id.prefix(16))) && check.reason.contains("backup tape lost"), "\(check.reason)")

        _ = try approve(fixture, out: "new")
        for file in ["kyverno-clusterpolicy.yaml", "kyverno-imagevalidatingpolicy.yaml", "policy-controller-clusterimagepolicy.yaml"] {
            let yaml = try String(contentsOf: fixture.dir.url("new/policies/\(file)"), encoding: .utf8)
            let oldBody = old.publicKeyPEM.split(separator: "\n")[1]
            #expect(!yaml.contains(oldBody), "\(file) still trusts the distrusted key")
        }
        let fresh = try ApprovalsService(stateDirectory: fixture.state).verify(file: fixture.dir.url("new/approval.intoto.json").path,
                                                                              now: verifiedInstant.addingTimeInterval(200))
        #expect(fresh.valid, "\(fresh.code): \(fresh.reason)")
    }

    @Test("a private key readable by group or others is refused before signing (key-permissions)")
    func loosePrivateKey() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let keys = ApplianceKeys(stateDirectory: fixture.state)
        let id = try #require(try keys.load().current).id
        let path = keys.directory.appendingPathComponent("\(id).key.pem").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let error = #expect(throws: ApplianceError.self) { try approve(fixture, out: "out") }
        #expect(error?.code == "key-permissions" && error?.reason.contains("mode 644") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.url("out").path))
    }

    @Test("the ImageValidatingPolicy also matches pods/ephemeralcontainers (kubectl debug)")
    func ephemeralContainers() throws {
        let file = try #require(try AdmissionPolicies.files(AdmissionPolicyTests.inputs()).first { $0.fileName == "kyverno-imagevalidatingpolicy.yaml" })
        #expect(file.yaml.contains("- pods\n") && file.yaml.contains("- pods/ephemeralcontainers\n"), "\(file.yaml)")
    }

    @Test("a new state directory and its key directory are 0700")
    func stateDirectoryMode() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        for path in [fixture.state.path, fixture.state.appendingPathComponent("keys").path] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode == 0o700, "\(path): \(String(mode, radix: 8))")
        }
    }
}
