import Foundation
import Testing
import AirlockTestKit

/// The demo site policy (`bundles/demo-policy.yaml`) decides the demo releases as `tools/demo` shows:
/// the release passes; the tampered twin's worker fails, naming the broken check; a policy that wants
/// another tag fails both images for that reason.
@Suite("Demo site policy")
struct DemoPolicyTests {
    static func path(_ relative: String) -> String { Corpus.packageRoot.appendingPathComponent(relative).path }

    func importWithPolicy(_ archive: String, policy: String = path("bundles/demo-policy.yaml")) throws -> CommandResult {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        return try CLI.run(["import", "--state", scratch.state.path, "--policy", policy, Self.path(archive)])
    }

    @Test("the demo policy lints and prints its identity")
    func lints() throws {
        let result = try CLI.run(["policy", "check", Self.path("bundles/demo-policy.yaml")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sha256:"))
    }

    @Test("the demo release passes the demo policy")
    func releasePasses() throws {
        let result = try importWithPolicy("bundles/demo-release.tar.gz")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("2 passed, 0 failed"))
    }

    @Test("the tampered release fails: the worker's provenance signature does not verify")
    func tamperedFails() throws {
        let result = try importWithPolicy("bundles/demo-release-tampered.tar.gz")
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 passed, 1 failed"))
        #expect(result.stdout.contains("signature.dsse: DSSE signature over the envelope does not verify"), "\(result.stdout)")
    }

    @Test("the app's in-toto steps are listed: clone, build and package passed, the package product is the image")
    func appLayoutSteps() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let state = scratch.state.path
        let imported = try CLI.run(["import", "--state", state, Self.path("bundles/demo-release.tar.gz")])
        #expect(imported.status == 0, "\(imported.output)")
        let result = try CLI.run(["verify", "--state", state, "--policy", Self.path("bundles/demo-policy.yaml"), "demo/app:1.0.0"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("rule demo-app"), "\(result.stdout)")
        let steps = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("in-toto step ") }
        #expect(steps == ["in-toto step clone: passed", "in-toto step build: passed", "in-toto step package: passed"], "\(result.stdout)")
        #expect(result.stdout.contains("in-toto product: step 'package' product image/manifest.json is sha256:"), "\(result.stdout)")
        // The worker's rule has no layout, so it lists no steps.
        let worker = try CLI.run(["verify", "--state", state, "--policy", Self.path("bundles/demo-policy.yaml"), "demo/worker:1.0.0"])
        #expect(worker.status == 0 && worker.stdout.contains("rule demo-release") && !worker.stdout.contains("in-toto"), "\(worker.stdout)")
    }

    @Test("without its link attestations (the attached layout kept) the app fails the layout's first step; the worker still passes")
    func appWithoutLinksFails() throws {
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let release = try DemoCarrier.unpack(into: scratch)
        try FileManager.default.removeItem(at: release.appendingPathComponent("airlock-bundle.json"))
        var kept = 0, dropped = 0
        try DemoCarrier.editIndex(release) { manifests in
            manifests = try manifests.filter { entry in
                guard entry["artifactType"] as? String == "application/vnd.dsse.envelope.v1+json" else { return true }
                let manifestURL = release.appendingPathComponent("blobs/sha256/\((entry["digest"] as! String).dropFirst(7))")
                let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
                let layer = try #require((manifest["layers"] as? [[String: Any]])?.first?["digest"] as? String)
                let layerURL = release.appendingPathComponent("blobs/sha256/\(layer.dropFirst(7))")
                let envelope = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: layerURL)) as? [String: Any])
                let encoded = try #require(envelope["payload"] as? String)
                let payload = try #require(Data(base64Encoded: encoded))
                let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
                if statement["_type"] as? String == "layout" { kept += 1; return true }
                try FileManager.default.removeItem(at: manifestURL)
                try FileManager.default.removeItem(at: layerURL)
                dropped += 1
                return false
            }
        }
        #expect(kept == 1 && dropped == 3, "the layout stays attached; the three links are removed")
        let result = try CLI.run(["import", "--state", scratch.state.path, "--policy", Self.path("bundles/demo-policy.yaml"),
                                  scratch.tar(release, as: "without-links.tar").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("1 passed, 1 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("first failure: layout.step.clone.threshold: ThresholdVerificationError: step 'clone'"), "\(result.stdout)")
        #expect(result.stdout.contains("in-toto step clone: FAILED"), "\(result.stdout)")
    }

    @Test("a policy requiring another tag fails both images on the SLSA tag condition")
    func wrongTagFails() throws {
        let policy = try String(contentsOfFile: Self.path("bundles/demo-policy.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "versionedTag: v1.0.0", with: "versionedTag: v2.0.0")
        let scratch = try ScratchDirectory("cli")
        defer { scratch.remove() }
        let file = try scratch.write(policy, as: "policy.yaml")
        let result = try importWithPolicy("bundles/demo-release.tar.gz", policy: file.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("0 passed, 2 failed"), "\(result.stdout)")
        #expect(result.stdout.contains("v2.0.0"), "\(result.stdout)")
    }
}
