import Foundation
import Testing
import AirlockTestKit

/// `airlock reevaluate` on the approved demo state: a stricter policy turns the approved app's PASS into
/// a FAIL, which is listed with its reason and the approval named with its revoke command (exit 1); the
/// same policy changes nothing (exit 0).
@Suite struct ReevaluateTests {
    /// The demo state with `demo/app:1.0.0` approved; returns the state and the approval id.
    static func approvedDemo() throws -> (DemoState, String) {
        let demo = try DemoState()
        let approved = try demo.airlock(["approve", try demo.digest(named: TraceTests.app), "--out", demo.dir.url("out").path,
                                         "--output", "json"])
        #expect(approved.status == 0, "\(approved.output)")
        let listing = try TraceTests.object(try demo.airlock(["approvals", "list", "--output", "json"]).stdout)
        let id = try #require(((listing["approvals"] as? [[String: Any]])?.first?["id"]) as? String, "\(listing)")
        return (demo, id)
    }

    @Test("a policy whose builder id no longer matches: PASS→FAIL with the reason, the approval and its revoke command, exit 1",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func stricterPolicy() throws {
        let (demo, approvalID) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let strict = demo.dir.url("strict-policy.yaml")
        let original = try String(contentsOf: DemoState.policy, encoding: .utf8)
        let changed = original.replacingOccurrences(of: "builderIDs: [https://github.com/actions/runner/github-hosted]",
                                                    with: "builderIDs: [https://builder.example/hardened]")
        #expect(changed != original)
        try Data(changed.utf8).write(to: strict)

        let text = try demo.airlock(["reevaluate", "--policy", strict.path])
        #expect(text.status == 1, "\(text.output)")
        #expect(text.output.contains("PASS→FAIL") && text.output.contains(TraceTests.app), "\(text.output)")
        #expect(text.output.contains("slsa.builder"), "\(text.output)")
        #expect(text.output.contains("airlock revoke \(approvalID) --reason '"), "\(text.output)")

        // The new verdicts are recorded: trace shows the FAIL as the latest; the JSON names the approval.
        let trace = try TraceTests.object(try demo.airlock(["trace", TraceTests.app, "--output", "json"]).stdout)
        let latest = try #require(((trace["verdicts"] as? [[String: Any]])?.last?["verdict"]) as? [String: Any])
        #expect(latest["result"] as? String == "FAIL")
        let json = try demo.airlock(["reevaluate", "--policy", strict.path, "--output", "json"])
        #expect(json.status == 1)
        let report = try TraceTests.object(json.stdout)
        let risk = try #require((report["approvalsAtRisk"] as? [[String: Any]])?.first)
        #expect(risk["approvalId"] as? String == approvalID && (risk["reason"] as? String ?? "").contains("slsa.builder"))
        #expect((risk["revokeCommand"] as? String ?? "").contains("--state '\(demo.state.path)'"))
    }

    @Test("back under the demo policy after a stricter one: FAIL→PASS with what was failing, no approval at risk, exit 0",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func failToPass() throws {
        let (demo, _) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let strict = demo.dir.url("strict-policy.yaml")
        let original = try String(contentsOf: DemoState.policy, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "versionedTag: v1.0.0", with: "versionedTag: v2.0.0").utf8).write(to: strict)
        let failing = try demo.airlock(["reevaluate", "--policy", strict.path])
        #expect(failing.status == 1 && failing.output.contains("slsa.ref"), "\(failing.output)")
        let back = try demo.airlock(["reevaluate", "--policy", DemoState.policy.path])
        #expect(back.status == 0, "\(back.output)")
        #expect(back.output.contains("FAIL→PASS") && back.output.contains("was failing: attestation[0]."), "\(back.output)")
        #expect(!back.output.contains("airlock revoke"), "\(back.output)")
    }

    @Test("re-evaluating under the recorded policy changes nothing: exit 0",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func samePolicy() throws {
        let (demo, _) = try Self.approvedDemo()
        defer { demo.dir.remove() }
        let result = try demo.airlock(["reevaluate"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("nothing changed") && !result.output.contains("airlock revoke"), "\(result.output)")
        let explicit = try demo.airlock(["reevaluate", "--policy", DemoState.policy.path])
        #expect(explicit.status == 0 && explicit.output.contains("nothing changed"), "\(explicit.output)")
    }

    @Test("reevaluate with no verdict recorded is bad input (no-verdicts)",
          .enabled(if: DemoState.available && CLI.isBuilt, "demo bundles or airlock binary absent"))
    func noVerdicts() throws {
        let dir = try ScratchDirectory("reevaluate")
        defer { dir.remove() }
        #expect(try CLI.run(["import", DemoState.release.path], state: dir.url("state")).status == 0)
        let result = try CLI.run(["reevaluate"], state: dir.url("state"))
        #expect(result.status == 2 && result.output.contains("no-verdicts"), "\(result.output)")
    }
}
