import Foundation
import Testing
import AirlockTestKit
import AirlockFormats
import AirlockVerify

/// `airlock trace` on a state made by the real CLI from the demo release: where the image came from, who
/// signed it, how it was built, every decision, and a decision-log proof that verifies.
@Suite struct TraceTests {
    static let app = "demo/app:1.0.0"

    static func object(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    }

    @Test("trace of the demo app names its archive, signer, builder, PASS verdict and approval; the proof verifies",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func demoApp() throws {
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let digest = try demo.digest(named: Self.app)
        let approved = try demo.airlock(["approve", digest, "--out", demo.dir.url("out").path])
        #expect(approved.status == 0, "\(approved.output)")

        let text = try demo.airlock(["trace", Self.app])
        #expect(text.status == 0, "\(text.output)")
        for expected in ["demo-release-1.0.0", "https://github.com/example/demo-app/.github/workflows/release.yml@refs/tags/v1.0.0",
                         "builder https://github.com/actions/runner/github-hosted", "PASS", "active", "log leaf"] {
            #expect(text.output.contains(expected), "missing \(expected): \(text.output)")
        }

        let json = try demo.airlock(["trace", digest, "--output", "json"])
        #expect(json.status == 0, "\(json.output)")
        let report = try Self.object(json.stdout)
        #expect(report["schemaVersion"] as? Int == 1)
        #expect(report["digest"] as? String == digest)
        let archives = try #require(report["archives"] as? [[String: Any]])
        #expect(archives.map { $0["name"] as? String } == ["demo-release-1.0.0"])
        let signatures = try #require(report["signatures"] as? [[String: Any]])
        #expect(signatures.contains { ($0["issuer"] as? String) == "https://token.actions.githubusercontent.com" })
        // Keyless signatures are logged; the app's in-toto link attestations are signed by functionary keys, unlogged.
        let keyless = signatures.filter { $0["issuer"] != nil }
        #expect(keyless.count >= 2 && keyless.allSatisfy { !($0["logEntries"] as? [Any] ?? []).isEmpty }, "\(signatures)")
        let provenance = try #require((report["provenance"] as? [[String: Any]])?.first)
        #expect(provenance["builderId"] as? String == "https://github.com/actions/runner/github-hosted")
        #expect(provenance["sourceRepository"] != nil && provenance["commit"] != nil)
        let verdict = try #require((report["verdicts"] as? [[String: Any]])?.last)
        let summary = try #require(verdict["verdict"] as? [String: Any])
        #expect(summary["result"] as? String == "PASS")
        #expect((summary["checks"] as? [Any])?.count == verdict["checkCount"] as? Int)
        let approval = try #require((report["approvals"] as? [[String: Any]])?.first)
        #expect(approval["status"] as? String == "active" && approval["verdictId"] as? String == summary["id"] as? String)

        // The verdict's inclusion proof checks against the signed root, and matches `audit prove`.
        let log = try #require(verdict["log"] as? [String: Any])
        let proof = try #require(log["inclusion"] as? [String: Any])
        #expect(log["status"] as? String == "proven")
        let hashes = try (proof["proof"] as? [String] ?? []).map { try #require(Hex.decode($0)) }
        try MerkleInclusion.verify(index: UInt64(try #require(proof["leafIndex"] as? Int)), size: UInt64(try #require(proof["treeSize"] as? Int)),
                                   leafHash: try #require(Hex.decode(proof["leafHash"] as? String ?? "")),
                                   root: try #require(Hex.decode(proof["rootHash"] as? String ?? "")), proof: hashes)
        let proved = try Self.object(try demo.airlock(["audit", "prove", "verdict:\(verdict["seq"] as? Int ?? -1)", "--output", "json"]).stdout)
        #expect(proved["rootHash"] as? String == proof["rootHash"] as? String && proved["leafHash"] as? String == proof["leafHash"] as? String)
    }

    @Test("trace of an unknown digest is bad input (exit 2, unknown-image), in text and JSON",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func unknownDigest() throws {
        let demo = try DemoState()
        defer { demo.dir.remove() }
        let unknown = "sha256:" + String(repeating: "0", count: 64)
        let text = try demo.airlock(["trace", unknown])
        #expect(text.status == 2 && text.output.contains("unknown-image"), "\(text.output)")
        let json = try demo.airlock(["trace", unknown, "--output", "json"])
        #expect(json.status == 2)
        let error = try #require(try Self.object(json.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "unknown-image")
    }

    @Test("trace never creates state: a missing state directory is missing-state and stays missing",
          .enabled(if: CLI.isBuilt, "airlock binary absent"))
    func readOnly() throws {
        let dir = try ScratchDirectory("trace")
        defer { dir.remove() }
        let state = dir.url("absent")
        let result = try CLI.run(["trace", "demo/app:1.0.0"], state: state)
        #expect(result.status == 2 && result.output.contains("missing-state"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }
}
