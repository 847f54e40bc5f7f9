import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockVerify
import AirlockCrypto
import AirlockFormats

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

    @Test("appliance.pub.pem holds the trusted set: current first, rotated keys until distrusted, never a distrusted one (each PEM block read by openssl)")
    func exportedTrustedSet() throws {
        try #require(Tool.openssl.isAvailable, "openssl is not installed")
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let keys = ApplianceKeys(stateDirectory: fixture.state)
        let first = try #require(try keys.load().current)
        _ = try keys.rotate()
        let second = try #require(try keys.load().current)
        _ = try keys.rotate(algorithm: .ed25519)
        let ring = try keys.distrust(first.id, reason: "lost", now: verifiedInstant)
        let third = try #require(ring.current)
        _ = try approve(fixture, out: "out")
        let text = try String(contentsOf: fixture.dir.url("out/appliance.pub.pem"), encoding: .utf8)
        let blocks = text.components(separatedBy: "-----END PUBLIC KEY-----").dropLast().map { $0.trimmingCharacters(in: .whitespacesAndNewlines) + "\n-----END PUBLIC KEY-----\n" }
        var ids: [String] = []
        for (index, block) in blocks.enumerated() {
            let file = try fixture.dir.write(block, as: "block-\(index).pem")
            let der = try Tool.openssl.run(["pkey", "-pubin", "-in", file.path, "-outform", "DER"])
            #expect(der.status == 0, "block \(index): \(der.stderr)")
            ids.append(Hex.encode(Digest.sha256(der.stdoutData)))
        }
        #expect(ids == [third.id, second.id], "\(ids) vs current \(third.id), rotated \(second.id), distrusted \(first.id)")
    }

    @Test("a retired private key that cannot be deleted is an error naming the file and the OS reason; the key ring is unchanged")
    func undeletablePrivateKey() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let keys = ApplianceKeys(stateDirectory: fixture.state)
        let before = try keys.load()
        let current = try #require(before.current)
        let keyFile = keys.directory.appendingPathComponent("\(current.id).key.pem").path
        let listing = try ScratchDirectory.listing(keys.directory)
        if getuid() != 0 {
            try #require(chmod(keys.directory.path, 0o500) == 0)
            defer { chmod(keys.directory.path, 0o700) }
            let error = #expect(throws: ApplianceError.self) { try keys.rotate() }
            #expect(error?.code == "key-not-deleted" && error?.reason.contains(keyFile) == true
                    && error?.reason.contains("Permission denied") == true && error?.reason.contains("nothing was changed") == true,
                    "\(String(describing: error))")
        } else {
            // Root ignores permission bits: the CLI runs as nobody (setpriv) on a state directory nobody owns,
            // whose key directory nobody may not write.
            try #require(Tool.setpriv.isAvailable, "setpriv (util-linux) is not installed")
            let binary = fixture.dir.url("airlock")
            try FileManager.default.copyItem(at: try #require(CLI.binary), to: binary)
            try #require(chmod(binary.path, 0o755) == 0 && chmod(fixture.dir.root.path, 0o755) == 0)
            for path in try [fixture.state.path] + FileManager.default.subpathsOfDirectory(atPath: fixture.state.path).map({ fixture.state.path + "/" + $0 }) {
                try #require(chown(path, 65534, 65534) == 0, "chown \(path)")
            }
            try #require(chmod(keys.directory.path, 0o500) == 0)
            let result = try Tool.setpriv.run(["--reuid=65534", "--regid=65534", "--clear-groups", binary.path,
                                               "keys", "rotate", "--state", fixture.state.path])
            #expect(result.status == 3, "\(result.output)")
            #expect(result.stderr.contains("cannot delete the retired private key \(keyFile): Permission denied; nothing was changed"), "\(result.stderr)")
            try #require(chmod(keys.directory.path, 0o700) == 0)
        }
        #expect(try keys.load() == before)
        #expect(try ScratchDirectory.listing(keys.directory) == listing)
    }
}
