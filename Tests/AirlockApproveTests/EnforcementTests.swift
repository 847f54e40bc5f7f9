import Foundation
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockFormats

/// What the cluster enforces over time, checked with independent evaluators: a fresh PASSED VSA is
/// admitted under every policy kind; an expired one, one decided under a policy the cluster does not
/// accept, and one of a revoked approval are refused, each with its reason.
@Suite struct EnforcementTests {
    /// An approval of image `index` of the fixture at `verifiedInstant + 60 s`, written to `out`.
    private func approve(_ fixture: StoreFixture, image index: Int = 0, out: String = "out", expires: TimeInterval? = ApproveRequest.defaultValidity,
                         accept: [String] = []) throws -> ApprovalReport {
        var request = fixture.request(.images([fixture.images[index].name]), out: out, expires: expires,
                                      now: verifiedInstant.addingTimeInterval(60 + Double(index)))
        request.acceptPolicies = accept
        guard case .approved(let report) = try ApproveService(stateDirectory: fixture.state).approve(request, policy: samplePolicy, source: fixture.source()) else {
            throw CancellationError()
        }
        return report
    }

    /// The signed in-toto Statement of the image's VSA (the DSSE payload).
    private func statement(_ fixture: StoreFixture, out: String = "out", image index: Int = 0) throws -> Data {
        let name = fixture.images[index].digest.replacingOccurrences(of: ":", with: "-")
        let envelope = try DSSEEnvelope.parse(try Data(contentsOf: fixture.dir.url("\(out)/vsa/\(name).intoto.json")))
        return envelope.payload
    }

    private func evaluate(_ fixture: StoreFixture, policies: String = "out/policies", out: String = "out", image index: Int = 0,
                          at instant: Date) throws -> [String: AdmissionEvaluator.Outcome] {
        let image = "registry.example/app@" + fixture.images[index].digest
        return try AdmissionEvaluator.evaluate(policies: fixture.dir.url(policies), statement: statement(fixture, out: out, image: index),
                                               image: image, now: RFC3339.format(instant), in: fixture.dir)
    }

    static let kinds = ["ClusterImagePolicy", "ClusterPolicy", "ImageValidatingPolicy"]

    @Test("the validity window is signed into every VSA and the manifest; --expires defaults to 30 days")
    func signedWindow() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let report = try approve(fixture)
        let approvedAt = verifiedInstant.addingTimeInterval(60)
        #expect(report.expiresAt == RFC3339.format(approvedAt.addingTimeInterval(30 * 86400)))
        let manifest = try DSSEEnvelope.parse(try Data(contentsOf: fixture.dir.url("out/approval.intoto.json")))
        for payload in [try statement(fixture), manifest.payload] {
            let predicate = try #require(try InTotoStatement.parse(payload).predicate.objectValue)
            #expect(predicate["validFrom"]?.stringValue == RFC3339.format(approvedAt))
            #expect(predicate["validUntil"]?.stringValue == report.expiresAt)
            #expect(predicate["approvalId"]?.stringValue == report.id)
        }
    }

    @Test("a fresh PASSED VSA is admitted by every policy kind; an expired one is refused by every kind, naming expiry")
    func freshAndExpired() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        _ = try approve(fixture)
        let fresh = try evaluate(fixture, at: verifiedInstant.addingTimeInterval(86400))
        #expect(fresh.keys.sorted() == Self.kinds)
        for (kind, outcome) in fresh { #expect(outcome.admitted, "\(kind): \(outcome.reasons)") }

        let expired = try evaluate(fixture, at: verifiedInstant.addingTimeInterval(31 * 86400))
        #expect(expired["ClusterPolicy"]?.reasons == ["the Airlock approval has expired"])
        #expect(expired["ImageValidatingPolicy"]?.reasons == ["the Airlock approval is outside its signed validity window"])
        #expect(expired["ClusterImagePolicy"]?.reasons == ["expired"])
        let early = try evaluate(fixture, at: verifiedInstant)
        #expect(early["ClusterPolicy"]?.reasons == ["the Airlock approval is not valid yet (or carries no signed validity window)"])
        #expect(early["ClusterImagePolicy"]?.reasons == ["not started"])
        #expect(early.values.allSatisfy { !$0.admitted })
    }

    @Test("a VSA saying FAILED, inside its window and from this appliance, is refused by every kind, naming the result")
    func failedResult() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        _ = try approve(fixture)
        var statement = try #require(try JSONSerialization.jsonObject(with: statement(fixture)) as? [String: Any])
        var predicate = try #require(statement["predicate"] as? [String: Any])
        #expect(predicate["verificationResult"] as? String == "PASSED")
        predicate["verificationResult"] = "FAILED"
        statement["predicate"] = predicate
        let image = "registry.example/app@" + fixture.images[0].digest
        let outcome = try AdmissionEvaluator.evaluate(policies: fixture.dir.url("out/policies"), statement: JSONSerialization.data(withJSONObject: statement),
                                                      image: image, now: RFC3339.format(verifiedInstant.addingTimeInterval(86400)), in: fixture.dir)
        #expect(outcome["ClusterPolicy"]?.reasons == ["the Airlock verification result is not PASSED"])
        #expect(outcome["ImageValidatingPolicy"]?.reasons == ["the Airlock VSA must say PASSED and name this appliance as verifier"])
        #expect(outcome["ClusterImagePolicy"]?.admitted == false)
        #expect(outcome.keys.sorted() == Self.kinds && outcome.values.allSatisfy { !$0.admitted })
    }

    @Test("--expires never is explicit: no validUntil is signed and the VSA stays admitted")
    func never() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let report = try approve(fixture, expires: nil)
        #expect(report.expiresAt == nil)
        let predicate = try #require(try InTotoStatement.parse(try statement(fixture)).predicate.objectValue)
        #expect(predicate["validUntil"] == nil && predicate["validFrom"] != nil)
        let later = try evaluate(fixture, at: verifiedInstant.addingTimeInterval(9 * 365 * 86400))
        for (kind, outcome) in later { #expect(outcome.admitted, "\(kind): \(outcome.reasons)") }
    }

    @Test("policies admit only VSAs under an accepted site policy: another policy's VSA is refused; --accept-policy adds one")
    func policyBinding() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let other = String(repeating: "cd", count: 32)
        _ = try approve(fixture, accept: [other])
        let both = try String(contentsOf: fixture.dir.url("out/policies/kyverno-clusterpolicy.yaml"), encoding: .utf8)
        #expect(both.contains(samplePolicy.sha256) && both.contains(other))
        let admitted = try evaluate(fixture, at: verifiedInstant.addingTimeInterval(3600))
        for (kind, outcome) in admitted { #expect(outcome.admitted, "\(kind): \(outcome.reasons)") }

        // The same VSA against policies that accept only another site policy.
        let ring = try ApplianceKeys(stateDirectory: fixture.state).load()
        let inputs = AdmissionInputs(applianceID: ring.applianceID, publicKeysPEM: ring.keys.map(\.publicKeyPEM), allowedDigests: [],
                                     acceptedPolicyDigests: [other])
        let dir = fixture.dir.url("other/policies")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for file in try AdmissionPolicies.files(inputs) { try Data(file.yaml.utf8).write(to: dir.appendingPathComponent(file.fileName)) }
        let refused = try evaluate(fixture, policies: "other/policies", at: verifiedInstant.addingTimeInterval(3600))
        #expect(refused["ClusterPolicy"]?.reasons == ["the VSA was decided under a site policy this cluster does not accept"])
        #expect(refused["ImageValidatingPolicy"]?.reasons == ["the Airlock VSA was decided under a site policy this cluster does not accept"])
        #expect(refused["ClusterImagePolicy"]?.reasons == ["policy not accepted"])
    }

    @Test("after revoke, the regenerated policies refuse the revoked digest under every kind and still admit the other approval")
    func revocationReachesTheCluster() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        let first = try approve(fixture, image: 0, out: "one")
        let second = try approve(fixture, image: 1, out: "two")
        let before = try evaluate(fixture, policies: "two/policies", out: "one", image: 0, at: verifiedInstant.addingTimeInterval(3600))
        for (kind, outcome) in before { #expect(outcome.admitted, "\(kind) before revoke: \(outcome.reasons)") }

        let report = try ApprovalsService(stateDirectory: fixture.state).revoke(first.id, reason: "CVE-2026-0002", by: "bob",
                                                                               now: verifiedInstant.addingTimeInterval(120),
                                                                               extraDirectory: fixture.dir.url("cluster"))
        #expect(report.deniedDigests == [fixture.images[0].digest])
        #expect(Set(report.policyFiles.map { URL(fileURLWithPath: $0).lastPathComponent }).count == 5)
        let revoked = try evaluate(fixture, policies: "cluster/policies", out: "one", image: 0, at: verifiedInstant.addingTimeInterval(3600))
        #expect(revoked["ClusterPolicy"]?.reasons == ["image {{ element.image }} belongs to a revoked Airlock approval"])
        #expect(revoked["ImageValidatingPolicy"]?.reasons == ["the image belongs to a revoked Airlock approval"])
        #expect(revoked["ClusterImagePolicy"]?.reasons == ["revoked"])
        let other = try evaluate(fixture, policies: "cluster/policies", out: "two", image: 1, at: verifiedInstant.addingTimeInterval(3600))
        for (kind, outcome) in other { #expect(outcome.admitted, "\(kind) for the other approval: \(outcome.reasons)") }

        // With no active approval left, the regenerated policies accept no site policy: nothing is admitted.
        _ = try ApprovalsService(stateDirectory: fixture.state).revoke(second.id, reason: "withdrawn", by: "bob",
                                                                      now: verifiedInstant.addingTimeInterval(130),
                                                                      extraDirectory: fixture.dir.url("cluster"))
        let none = try evaluate(fixture, policies: "cluster/policies", out: "two", image: 1, at: verifiedInstant.addingTimeInterval(3600))
        #expect(none["ClusterImagePolicy"]?.reasons == ["policy not accepted", "revoked"])
        #expect(none["ClusterPolicy"]?.reasons == ["the VSA was decided under a site policy this cluster does not accept",
                                                   "image {{ element.image }} belongs to a revoked Airlock approval"])
    }
}
