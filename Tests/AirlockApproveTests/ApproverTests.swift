import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockVerify
import AirlockTestKit
#if canImport(Glibc)
import Glibc
#endif

/// The approver is signed into the approval manifest, not only written into the unsigned `approval.json`.
@Suite struct ApproverTests {
    @Test("the approver is the OS account; --approver adds a name in front")
    func approverName() {
        #expect(ApproveRequest.approver(name: nil, account: "alice") == "alice")
        #expect(ApproveRequest.approver(name: "  ", account: "alice") == "alice")
        #expect(ApproveRequest.approver(name: "Alice Example", account: "alice") == "Alice Example (account alice)")
        // The account is the password-database name of the effective user, whatever $USER says.
        let expected = String(cString: getpwuid(geteuid()).pointee.pw_name)
        #expect(ApproveRequest.currentUser() == expected)
    }

    @Test("the signed manifest payload names the approver, and the VSA members the policies check are unchanged")
    func approverIsSigned() throws {
        let fixture = try StoreFixture()
        defer { fixture.dir.remove() }
        var request = fixture.request(.allPassing)
        request.approver = ApproveRequest.approver(name: "Alice Example", account: "alice")
        guard case .approved = try ApproveService(stateDirectory: fixture.state).approve(request, policy: samplePolicy, source: fixture.source()) else {
            Issue.record("refused"); return
        }
        let envelopeData = try Data(contentsOf: fixture.dir.url("out/approval.intoto.json"))
        let check = try ApplianceKeys(stateDirectory: fixture.state).verifyApproval(envelopeData)
        #expect(check.valid, "\(check.reason)")
        let envelope = try #require(try JSONSerialization.jsonObject(with: envelopeData) as? [String: Any])
        let payload = try #require((envelope["payload"] as? String).flatMap { Data(base64Encoded: $0) })
        let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let predicate = try #require(statement["predicate"] as? [String: Any])
        #expect(predicate[ApprovalStatements.approverField] as? String == "Alice Example (account alice)")
        #expect(predicate["verificationResult"] as? String == "PASSED")
        #expect((predicate["verifier"] as? [String: Any])?["id"] is String && predicate["validFrom"] is String)

        // Rewriting the approver in the payload breaks the signature: the name is covered by it.
        let forged = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "Alice Example (account alice)", with: "Mallory")
        var tampered = envelope
        tampered["payload"] = Data(forged.utf8).base64EncodedString()
        let bad = try ApplianceKeys(stateDirectory: fixture.state).verifyApproval(try JSONSerialization.data(withJSONObject: tampered))
        #expect(!bad.valid)
        #expect(bad.reason.lowercased().contains("signature"), "\(bad.reason)")
    }
}
