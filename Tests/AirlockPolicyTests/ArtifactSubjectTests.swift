import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockCrypto
import AirlockStore
import AirlockTestKit

/// Release artifacts as subjects (D21): plain files of a bundle with their Sigstore bundles, decided
/// by `match.artifacts` rules, replayed byte for byte, and reported (not ignored) when no rule decides them.
@Suite("Release artifacts as subjects")
struct ArtifactSubjectTests {
    static let app = Data("app release tarball\n".utf8)
    static let tool = Data("tool binary\n".utf8)
    static let chart = Data("helm chart\n".utf8)
    static let sbom = Data(#"{"spdxVersion":"SPDX-2.3"}"#.utf8)

    /// A release folder: four files under `dist/`, one outside, and their evidence.
    static func release(_ kit: Kit) throws -> URL {
        var files: [String: Data] = [
            "dist/app.tar.gz": app, "dist/tool.bin": tool, "dist/chart.tgz": chart, "dist/sbom.spdx.json": sbom,
            "notes/README.txt": Data("read me\n".utf8),
        ]
        // Signed by the release workflow: PASS.
        files["dist/app.tar.gz.sigstore.json"] = try kit.sigstore.messageBundle(artifact: app, identity: .githubWorkflow).json
        // A signature over another file named as the tool's: the logged digest is not the tool's.
        files["dist/tool.bin.sigstore.json"] = try kit.sigstore.messageBundle(artifact: app, identity: .githubWorkflow).json
        // Signed, but by an identity the rule does not list.
        files["dist/chart.tgz.sigstore.json"] = try kit.sigstore.messageBundle(artifact: chart, identity: .email).json
        // Provenance naming the app tarball by sha256, linked through its Statement subject.
        let statement = MiniSigstore.inTotoStatement(subjects: [(name: "app.tar.gz", sha256Hex: LayoutBuilderHex.sha256(app))],
                                                     predicateType: PredicateType.slsaProvenanceV1, predicate: Kit.json("{}"))
        files["attestations/provenance.sigstore.json"] = try kit.sigstore.dsseBundle(statement: statement, identity: .githubWorkflow).json
        return try kit.workspace.scratch.write(files: files, under: "release")
    }

    static func policy(_ kit: Kit, rules: String? = nil) -> String {
        """
        version: 1
        name: release-artifacts
        trustRoots:
          - {name: mini, path: '\(kit.rootPath)'}
        rules:
        \(rules ?? """
          - name: release files
            match: {artifacts: ["dist/*"]}
            trustRoot: mini
            signatures:
              threshold: 1
              signers:
                - {issuer: '\(Kit.workflowIssuer)', sanRegex: '\(Kit.workflowSAN)'}
        """)
        """
    }

    @Test("each file is a subject decided for its own reason; replay is identical")
    func filesDecidedPerFile() throws {
        let kit = try Kit()
        let bundle = try kit.workspace.importDirectory(try Self.release(kit), as: "release.tar")
        let listed = try ImportService(stateDirectory: kit.workspace.state).artifacts()
        #expect(listed.map(\.path) == ["dist/app.tar.gz", "dist/chart.tgz", "dist/sbom.spdx.json", "dist/tool.bin", "notes/README.txt"],
                "evidence files are not artifacts")
        let appListed = try #require(listed.first)
        #expect(appListed.digest == "sha256:" + LayoutBuilderHex.sha256(Self.app))
        #expect(Set(appListed.evidence.map(\.source)) == ["dist/app.tar.gz.sigstore.json", "attestations/provenance.sigstore.json"])

        let path = try kit.workspace.write(Self.policy(kit), as: "artifacts.yaml")
        let report = try kit.workspace.verifier.verify(.bundle(bundle), policyPath: path, at: kit.at)
        #expect(report.unverifiedArtifacts.isEmpty)
        let byPath = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.names.joined(separator: ","), $0) })
        #expect(report.verdicts.allSatisfy { $0.kind == "artifact" })
        let app = try #require(byPath["dist/app.tar.gz"])
        #expect(app.result == "PASS", "\(String(describing: app.firstFailure))")
        #expect(app.rule == "release files")
        let tool = try #require(byPath["dist/tool.bin"])
        #expect(tool.result == "FAIL")
        #expect(tool.firstFailure.map { $0.id.hasSuffix("tlog.body") || $0.id.hasSuffix("signature.artifact") } == true,
                "digest mismatch: \(String(describing: tool.firstFailure))")
        let chart = try #require(byPath["dist/chart.tgz"])
        #expect(chart.failedCheck == "signatures", "wrong identity: \(String(describing: chart.firstFailure))")
        #expect(chart.has("signature.artifact", .passed), "the chart's signature itself verifies; its signer is not listed")
        let sbom = try #require(byPath["dist/sbom.spdx.json"])
        #expect(sbom.failedCheck == "signatures")
        #expect(sbom.firstFailure?.message.contains("0 of 1 required") == true, "no evidence")
        let readme = try #require(byPath["notes/README.txt"])
        #expect(readme.rule == nil)
        #expect(readme.failedCheck == "rule")
        #expect(readme.firstFailure?.message.contains("no artifact rule") == true)

        let documents = try Store(stateDirectory: kit.workspace.state).catalogue.verdicts().map { String(decoding: $0.document, as: UTF8.self) }
        #expect(documents.count == 5 && documents.allSatisfy { $0.contains(#""subject":{"digest":"sha256:"#) && $0.contains(#""kind":"artifact""#) })
        let replay = try kit.workspace.replayer.replay(nil)
        #expect(replay.results.count == 5)
        #expect(replay.allIdentical, "\(replay.results.flatMap(\.differences))")

        // trace finds a file by path or digest, with its bundle, its signature and its verdict.
        let traced = try TraceService(stateDirectory: kit.workspace.state).trace("dist/app.tar.gz")
        #expect(traced.digest == appListed.digest)
        #expect(traced.names == ["dist/app.tar.gz"])
        #expect(traced.archives.map(\.id) == [bundle])
        #expect(traced.verdicts.last?.verdict.result == "PASS")
        #expect(!traced.signatures.isEmpty, "the file's Sigstore bundle is listed")
        #expect(try TraceService(stateDirectory: kit.workspace.state).trace(appListed.digest).names == ["dist/app.tar.gz"])
    }

    @Test("approve lists a passing artifact in the manifest by path, and keeps it out of the admission allow-list")
    func approveListsArtifacts() throws {
        let kit = try Kit()
        let state = kit.workspace.state.path
        let archive = try kit.workspace.scratch.tar(try Self.release(kit), as: "release.tar")
        let policy = try kit.workspace.write(Self.policy(kit), as: "artifacts.yaml")
        let imported = try CLI.run(["import", "--state", state, "--policy", policy, archive.path])
        #expect(imported.status == 1, "four files fail")
        #expect(imported.stdout.contains("PASS  sha256:\(LayoutBuilderHex.sha256(Self.app))  artifact dist/app.tar.gz"), "\(imported.stdout)")
        #expect(imported.stdout.contains("1 passed, 4 failed"), "\(imported.stdout)")
        let listed = try CLI.run(["artifacts", "--state", state])
        #expect(listed.stdout.contains("artifact dist/app.tar.gz") && listed.stdout.contains("verdict:   PASS"), "\(listed.stdout)")
        let json = try CLI.run(["artifacts", "--state", state, "--output", "json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let artifacts = try #require(object["artifacts"] as? [[String: Any]])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(artifacts.map { $0["path"] as? String } == ["dist/app.tar.gz", "dist/chart.tgz", "dist/sbom.spdx.json", "dist/tool.bin", "notes/README.txt"])
        #expect((artifacts.first?["verdict"] as? [String: Any])?["result"] as? String == "PASS")
        #expect(try CLI.run(["keys", "init", "--state", state]).status == 0)
        let out = kit.workspace.scratch.url("approval")
        let approved = try CLI.run(["approve", "--all-passing", "--policy", policy, "--out", out.path, "--state", state])
        #expect(approved.status == 0, "\(approved.stdout)\(approved.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("approval.json"))) as? [String: Any])
        let subjects = try #require(report["images"] as? [[String: Any]])
        #expect(subjects.map { $0["name"] as? String } == ["dist/app.tar.gz"])
        #expect(subjects.first?["digest"] as? String == "sha256:" + LayoutBuilderHex.sha256(Self.app))
        let allowList = try String(contentsOf: out.appendingPathComponent("policies/kyverno-digest-allowlist.yaml"), encoding: .utf8)
        #expect(!allowList.contains(LayoutBuilderHex.sha256(Self.app)), "admission policies concern images only")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("vsa/sha256-\(LayoutBuilderHex.sha256(Self.app)).intoto.json").path))
        let envelope = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("approval.intoto.json"))) as? [String: Any])
        let encoded = try #require(envelope["payload"] as? String)
        let payload = try #require(Data(base64Encoded: encoded))
        let statement = try #require(JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let subject = try #require((statement["subject"] as? [[String: Any]])?.first)
        #expect(subject["name"] as? String == "dist/app.tar.gz")
        #expect((subject["digest"] as? [String: String])?["sha256"] == LayoutBuilderHex.sha256(Self.app))
    }

    @Test("an artifact rule with an in-toto layout: the chain's final product is the file; PASS, and FAIL for a file it did not produce")
    func layoutProductIsTheArtifact() throws {
        let kit = try Kit()
        let chain = try LayoutChain()
        var files = try chain.files(imageHex: LayoutBuilderHex.sha256(Self.app))
        files["dist/app.tar.gz"] = Self.app
        files["dist/tool.bin"] = Self.tool
        let bundle = try kit.workspace.importDirectory(try kit.workspace.scratch.write(files: files, under: "chain"), as: "chain.tar")
        let path = try kit.workspace.write(Self.policy(kit, rules: """
          - name: built files
            match: {artifacts: ["dist/*"]}
            trustRoot: mini
        \(chain.requirement())
        """), as: "layout.yaml")
        let report = try kit.workspace.verifier.verify(.bundle(bundle), policyPath: path, at: kit.at)
        let byPath = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.names.joined(separator: ","), $0) })
        #expect(byPath["dist/app.tar.gz"]?.result == "PASS", "\(String(describing: byPath["dist/app.tar.gz"]?.firstFailure))")
        #expect(byPath["dist/app.tar.gz"]?.has("layout", .passed) == true)
        #expect(byPath["dist/tool.bin"]?.failedCheck == "layout.product", "\(String(describing: byPath["dist/tool.bin"]?.firstFailure))")
        #expect(try kit.workspace.replayer.replay(nil).allIdentical)
    }

    @Test("a policy without artifact rules decides no file and reports each as not verified")
    func filesWithoutArtifactRulesAreReported() throws {
        let kit = try Kit()
        let bundle = try kit.workspace.importDirectory(try Self.release(kit), as: "release.tar")
        let path = try kit.workspace.write(kit.policy(kit.signatures([(Kit.workflowIssuer, Kit.workflowSAN)])), as: "images.yaml")
        let report = try kit.workspace.verifier.verify(.bundle(bundle), policyPath: path, at: kit.at)
        #expect(report.verdicts.isEmpty)
        #expect(report.unverifiedArtifacts == ["dist/app.tar.gz", "dist/chart.tgz", "dist/sbom.spdx.json", "dist/tool.bin", "notes/README.txt"])
    }

    @Test("a rule matching both images and artifacts is refused, naming the key")
    func ruleMixingImagesAndArtifactsIsRefused() throws {
        let kit = try Kit()
        let text = Self.policy(kit, rules: """
          - name: both
            match: {names: ["registry.test/*"], artifacts: ["dist/*"]}
            trustRoot: mini
            signatures: {threshold: 1, signers: [{issuer: x, sanRegex: y}]}
        """)
        let path = try kit.workspace.write(text, as: "mixed.yaml")
        let error = #expect(throws: ApplianceError.self) { try kit.workspace.verifier.verify(.all, policyPath: path, at: kit.at) }
        #expect(error?.reason.contains("images") == true && error?.reason.contains("artifacts, not both") == true, "\(String(describing: error))")
    }
}

/// Hex SHA-256 for test data.
enum LayoutBuilderHex {
    static func sha256(_ data: Data) -> String { Hex.encode(Digest.sha256(data)) }
}
