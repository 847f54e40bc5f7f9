import Foundation
import Testing
import AirlockAppliance
import AirlockTestKit

/// The README in the output directory is runnable: its OpenSSL recipe verifies the manifest there.
@Suite struct ReadmeTests {
    @Test("the README's openssl recipe verifies approval.intoto.json, and fails on a tampered copy", .enabled(if: Tool.jq.isAvailable, "jq is not installed"),
          .enabled(if: Tool.openssl.isAvailable && Tool.bash.isAvailable, "openssl or bash is not installed"))
    func recipe() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .approved = outcome else { Issue.record("refused: \(outcome)"); return }
        let out = fixture.dir.url("out")
        let readme = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```")
        let script = try #require(blocks.first { $0.contains("openssl dgst") })
        let run = try Tool.bash.run(["-c", "set -e; cd '\(out.path)'; \(script)"])
        #expect(run.status == 0 && run.output.contains("Verified OK"), "\(run.output)")
        // Swap the signature for one over different bytes: the same recipe now fails.
        let envelopeURL = out.appendingPathComponent("approval.intoto.json")
        let vsa = try Data(contentsOf: out.appendingPathComponent("vsa/" + fixture.images[0].digest.replacingOccurrences(of: ":", with: "-") + ".intoto.json"))
        var envelope = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: envelopeURL)) as? [String: Any])
        let other = try #require(try JSONSerialization.jsonObject(with: vsa) as? [String: Any])
        envelope["signatures"] = other["signatures"]
        try JSONSerialization.data(withJSONObject: envelope).write(to: envelopeURL)
        let bad = try Tool.bash.run(["-c", "cd '\(out.path)'; \(script)"])
        #expect(bad.output.contains("Verification failure") && !bad.output.contains("Verified OK"), "\(bad.output)")
    }

    @Test("the README copies with skopeo --preserve-digests, so the digests the VSAs name arrive unchanged")
    func preserveDigests() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .approved(let report) = outcome else { Issue.record("refused: \(outcome)"); return }
        let readme = try String(contentsOf: fixture.dir.url("out/README.md"), encoding: .utf8)
        let copies = readme.split(separator: "\n").filter { $0.hasPrefix("skopeo copy ") }
        // Per image: the image, its .att manifest and its referrer (RegistryCopyTests runs them against a registry).
        #expect(copies.count == 3 * report.images.count && copies.allSatisfy { $0.contains(" --preserve-digests ") }, "\(copies)")
    }

    @Test("the README says what the policies do not cover: Kyverno's excluded namespaces and the RBAC closing them, policy-controller's opt-in label and its companion, each cache delay")
    func gaps() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let outcome = try ApproveService(stateDirectory: fixture.state).approve(fixture.request(.allPassing), policy: samplePolicy, source: fixture.source())
        guard case .approved = outcome else { Issue.record("refused: \(outcome)"); return }
        let readme = try String(contentsOf: fixture.dir.url("out/README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## What the policies do not cover").dropFirst().first)
        let flat = section.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for sentence in [
            "by default the `resourceFilters` of the `kyverno` ConfigMap exclude `kube-system`, `kube-public`, `kube-node-lease` and Kyverno's own namespace (`kyverno`)",
            "`excludeGroups` excludes `system:nodes`",
            "RBAC closes those namespaces: only cluster administrators may create Pods",
            "`kubectl auth can-i create pods -n kube-system --as=<user>`",
            "Sigstore policy-controller only enforces in namespaces labelled `policy.sigstore.dev/include=true`",
            "The companion `policies/namespace-require-sigstore-include.yaml` refuses a Namespace without the label, except `kube-system`, `kube-public`, `kube-node-lease`, `cosign-system`",
            "Verification caches, policy by policy (`airlock revoke` prints the same):",
            "Kyverno ClusterPolicy: useCache: false, so nothing is cached",
            "Sigstore policy-controller: caches results only when its result cache is enabled (not by default)",
            "Pods already running are not stopped",
        ] {
            #expect(flat.contains(sentence), "missing: \(sentence)")
        }
        // The ImageValidatingPolicy's known gap on kubectl debug is stated where the policy is offered.
        let offered = readme.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for sentence in [
            "It matches `pods` and `pods/ephemeralcontainers` (`kubectl debug`), but Kyverno 1.18 does not evaluate an ImageValidatingPolicy's validations on `pods/ephemeralcontainers` requests",
            "use a release with both fixes, or the ClusterPolicy.",
        ] {
            #expect(offered.contains(sentence), "missing: \(sentence)")
        }
        #expect(FileManager.default.fileExists(atPath: fixture.dir.url("out/policies/namespace-require-sigstore-include.yaml").path))
    }
}
