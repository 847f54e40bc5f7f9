import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// `airlock revoke` says exactly what the site must do: which policy files changed and must be re-applied,
/// the registry clean-up per image (the `.att` manifest and the referrer, by digest, with `skopeo delete`),
/// and the admission controllers' cache delay; JSON carries the same.
@Suite struct RevokeOutputTests {
    /// The layout entries (name → digest) of an approval's exported `oci/index.json`.
    private func layoutDigests(_ out: URL) throws -> [String: String] {
        let index = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("oci/index.json"))) as? [String: Any])
        var names: [String: String] = [:]
        for entry in try #require(index["manifests"] as? [[String: Any]]) {
            let annotations = try #require(entry["annotations"] as? [String: String])
            names[try #require(annotations["org.opencontainers.image.ref.name"])] = try #require(entry["digest"] as? String)
        }
        return names
    }

    @Test("revoke prints the changed policy files, per image the skopeo delete of its .att manifest and referrer, and the cache delay")
    func text() throws {
        try #require(DemoState.available, "bundles/demo-release.tar.gz is missing")
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let report = try demo.approveAll(into: out)
        let layout = try layoutDigests(out)
        let revoked = try demo.airlock(["revoke", report.id, "--reason", "compromised builder"])
        #expect(revoked.status == 0, "\(revoked.output)")
        let lines = revoked.stdout.split(separator: "\n").map(String.init)

        // Exactly the four policies whose content changed; the namespace companion did not.
        let applies = lines.filter { $0.hasPrefix("  kubectl apply -f ") }
        let changed = ["kyverno-clusterpolicy", "kyverno-imagevalidatingpolicy", "policy-controller-clusterimagepolicy", "kyverno-digest-allowlist"]
        #expect(applies == changed.map { "  kubectl apply -f \(out.path)/policies/\($0).yaml" }, "\(applies)")
        #expect(lines.contains("re-apply these files to the cluster (those of the policy kinds it runs):"))

        #expect(lines.contains { $0.hasPrefix("clean up the registry (set REGISTRY=host[:port]; deletion must be enabled in the registry (CNCF distribution: storage.delete.enabled: true)") })
        for image in report.images {
            let repo = ApprovalStatements.repositoryName(image.name)
            let hex = image.digest.dropFirst(7)
            let att = try #require(layout["\(repo):sha256-\(hex).att"])
            let referrer = try #require(layout["\(repo):sha256-\(hex).sigstore-bundle"])
            let header = try #require(lines.firstIndex(of: "  \(repo) \(image.digest) (\(image.name)):"), "\(lines)")
            #expect(lines[header + 1] == "    skopeo delete \"docker://${REGISTRY}/\(repo)@\(att)\"")
            #expect(lines[header + 2] == "    skopeo delete \"docker://${REGISTRY}/\(repo)@\(referrer)\"")
        }
        #expect(lines.contains("admission cache: revoked digests are refused 0 s after the files are applied"))
        for line in AdmissionCache.lines { #expect(lines.contains("  \(line)"), "missing: \(line)") }
        #expect(AdmissionCache.lines.contains { $0.hasPrefix("Kyverno ClusterPolicy: useCache: false") })
        let policy = try String(contentsOf: out.appendingPathComponent("policies/kyverno-clusterpolicy.yaml"), encoding: .utf8)
        #expect(policy.contains("      useCache: false\n"), "the ClusterPolicy must switch Kyverno's verification cache off")
    }

    @Test("revoke --output json carries the files to re-apply, the clean-up commands and the cache delay")
    func json() throws {
        try #require(DemoState.available, "bundles/demo-release.tar.gz is missing")
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let report = try demo.approveAll(into: out)
        let extra = demo.dir.url("site")
        let revoked = try demo.airlock(["revoke", report.id, "--reason", "test", "--out", extra.path, "--output", "json"])
        #expect(revoked.status == 0, "\(revoked.output)")
        let revocation = try JSONDecoder.iso.decode(RevokeReport.self, from: Data(revoked.output.utf8))
        // --out given: the files to re-apply are those under it; both copies were rewritten.
        #expect(revocation.reapply.count == 4 && revocation.reapply.allSatisfy { $0.hasPrefix(extra.path + "/policies/") }, "\(revocation.reapply)")
        #expect(revocation.policyFiles.count == 10)
        #expect(revocation.cacheDelaySeconds == 0 && revocation.cache == AdmissionCache.lines)
        #expect(revocation.registryNote.contains("storage.delete.enabled: true"))
        #expect(revocation.registryCleanup.count == 2 && revocation.registryCleanup.allSatisfy { $0.commands.count == 2 && $0.commands.allSatisfy { $0.hasPrefix("skopeo delete \"docker://${REGISTRY}/") } })
    }

    @Test("without the approval's layout, the clean-up falls back to the .att tag and says how to find the referrer")
    func layoutGone() throws {
        try #require(DemoState.available, "bundles/demo-release.tar.gz is missing")
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let out = demo.dir.url("out")
        let report = try demo.approveAll(into: out)
        try FileManager.default.removeItem(at: out)
        let revoked = try demo.airlock(["revoke", report.id, "--reason", "test", "--output", "json"])
        #expect(revoked.status == 0, "\(revoked.output)")
        let revocation = try JSONDecoder.iso.decode(RevokeReport.self, from: Data(revoked.output.utf8))
        #expect(revocation.reapply.isEmpty && revocation.policyFiles.isEmpty)
        for (image, cleanup) in zip(report.images, revocation.registryCleanup) {
            let repo = ApprovalStatements.repositoryName(image.name)
            #expect(cleanup.commands == ["skopeo delete \"docker://${REGISTRY}/\(repo):sha256-\(image.digest.dropFirst(7)).att\""])
            #expect(cleanup.note?.contains("referrers/\(image.digest)") == true, "\(String(describing: cleanup.note))")
        }
        let text = try demo.airlock(["approvals"])
        #expect(text.output.contains("revoked"))
    }
}
