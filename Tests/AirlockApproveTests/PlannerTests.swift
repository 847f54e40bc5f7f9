import Foundation
import Testing
import AirlockAppliance

/// Refusals: a failing, missing or stale verdict is never approved, and each refusal says why.
@Suite struct PlannerTests {
    let planner = ApprovalPlanner(policy: samplePolicy, now: verifiedInstant.addingTimeInterval(3600), maxVerdictAge: 86400)
    static let oldPolicy = CurrentPolicy(uri: "urn:airlock:policy:old", sha256: String(repeating: "cd", count: 32))

    var source: InMemoryVerdictSource {
        InMemoryVerdictSource(candidates: [
            sampleCandidate("reg/pass:1", byte: "a1"),
            sampleCandidate("reg/fail:1", byte: "b2", passed: false),
            sampleCandidate("reg/oldpolicy:1", byte: "c3", policy: Self.oldPolicy),
            sampleCandidate("reg/old:1", byte: "d4", at: verifiedInstant.addingTimeInterval(-3 * 86400)),
            // Passed under the current policy, then failed under it: the latest one counts.
            sampleCandidate("reg/flip:1", byte: "e5"),
            sampleCandidate("reg/flip:1", byte: "e5", passed: false),
            // Failed under the current policy, then passed under an old one: still refused.
            sampleCandidate("reg/mixed:1", byte: "f6", passed: false),
            sampleCandidate("reg/mixed:1", byte: "f6", policy: Self.oldPolicy),
            sampleCandidate("reg/pass2:1", byte: "a7"),
        ], bundles: ["bundle-ok": ["sha256:" + String(repeating: "a1", count: 32)],
                     "bundle-mixed": ["sha256:" + String(repeating: "a1", count: 32), "sha256:" + String(repeating: "b2", count: 32)],
                     // Imported, never verified.
                     "bundle-unverified": ["sha256:" + String(repeating: "99", count: 32)]])
    }

    private func refusal(_ reference: String) throws -> Refusal {
        let plan = try planner.plan(.images([reference]), source: source)
        #expect(plan.approved.isEmpty)
        #expect(!plan.mayProceed(.images([reference])))
        return try #require(plan.refusals.first)
    }

    @Test("a passing, fresh verdict under the current policy is approved, under the name the operator used")
    func passes() throws {
        let plan = try planner.plan(.images(["reg/pass:1"]), source: source)
        #expect(plan.refusals.isEmpty && plan.mayProceed(.images(["reg/pass:1"])))
        #expect(plan.approved.map(\.imageName) == ["reg/pass:1"])
    }

    @Test("refusals name the image and the reason", arguments: [
        ("reg/fail:1", "failed", "is FAIL: slsa.builder: builder id does not match"),
        ("reg/oldpolicy:1", "stale-policy", "not the current policy"),
        ("reg/old:1", "stale-verdict", "older than the 24h maximum"),
        ("reg/flip:1", "failed", "is FAIL"),
        ("reg/mixed:1", "failed", "is FAIL"),
        ("reg/unknown:1", "unknown-image", "no imported image has this name"),
        ("sha256:" + String(repeating: "99", count: 32), "not-verified", "no verdict is recorded"),
        ("sha256:" + String(repeating: "98", count: 32), "unknown-image", "no image with this digest was imported"),
    ])
    func refused(_ reference: String, _ code: String, _ reason: String) throws {
        let refusal = try refusal(reference)
        #expect(refusal.image == reference)
        #expect(refusal.code == code)
        #expect(refusal.reason.contains(reason), "\(refusal.reason)")
    }

    @Test("a verdict dated in the future is refused")
    func future() throws {
        let source = InMemoryVerdictSource(candidates: [sampleCandidate("reg/x", byte: "a1", at: verifiedInstant.addingTimeInterval(86400))])
        let plan = try planner.plan(.images(["reg/x"]), source: source)
        #expect(plan.refusals.first?.code == "stale-verdict")
        #expect(plan.refusals.first?.reason.contains("future") == true)
    }

    @Test("one refused image stops an explicit list; --all-passing skips it and approves the rest")
    func allOrNothing() throws {
        let listed = ApprovalSelection.images(["reg/pass:1", "reg/fail:1"])
        let plan = try planner.plan(listed, source: source)
        #expect(plan.approved.count == 1 && plan.refusals.map(\.code) == ["failed"])
        #expect(!plan.mayProceed(listed))
        let all = try planner.plan(.allPassing, source: source)
        #expect(all.mayProceed(.allPassing))
        #expect(all.approved.map(\.imageDigest) == ["a1", "a7"].map { "sha256:" + String(repeating: $0, count: 32) })
        #expect(Set(all.refusals.map(\.code)) == ["failed", "stale-policy", "stale-verdict"])
        #expect(all.refusals.count == 5)
    }

    @Test("a bundle is approved only when every image in it passes")
    func bundles() throws {
        #expect(try planner.plan(.bundle("bundle-ok"), source: source).mayProceed(.bundle("bundle-ok")))
        let mixed = try planner.plan(.bundle("bundle-mixed"), source: source)
        #expect(!mixed.mayProceed(.bundle("bundle-mixed")) && mixed.refusals.map(\.code) == ["failed"])
        let error = #expect(throws: ApplianceError.self) { try planner.plan(.bundle("nope"), source: source) }
        #expect(error?.field == "--bundle")
    }

    @Test("nothing verified means nothing to approve, even with --all-passing")
    func empty() throws {
        #expect(!(try planner.plan(.allPassing, source: InMemoryVerdictSource(candidates: []))).mayProceed(.allPassing))
    }

    @Test("durations", arguments: [("90m", 5400.0), ("12h", 43200.0), ("30d", 2_592_000.0), ("1d12h", 129_600.0), ("2w", 1_209_600.0)])
    func durations(_ text: String, _ seconds: Double) throws {
        #expect(try ApprovalDuration.parse(text, field: "--expires") == seconds)
    }

    @Test("bad durations are refused naming the option", arguments: ["", "0d", "12", "d", "1x", "-1d", "99999999d"])
    func badDurations(_ text: String) {
        let error = #expect(throws: ApplianceError.self) { try ApprovalDuration.parse(text, field: "--expires") }
        #expect(error?.field == "--expires")
    }
}
