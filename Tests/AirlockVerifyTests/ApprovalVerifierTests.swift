import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
@testable import AirlockVerify

/// Signed approvals (DSSE envelopes holding a SLSA Verification Summary) report one check per
/// step, and the failing check's id gives the stable code the CLI prints.
struct ApprovalVerifierTests {
    static func statement(result: String = "PASSED", predicateType: String = VerificationSummaryV1.predicateType) -> Data {
        Data("""
            {"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"registry.test/app","digest":{"sha256":"\(String(repeating: "a", count: 64))"}}],
             "predicateType":"\(predicateType)","predicate":{"verifier":{"id":"https://airlock.test","version":{"airlock":"1"}},
             "timeVerified":"2026-01-02T03:04:05Z","resourceUri":"oci://registry.test/app","policy":{"uri":"site","digest":{"sha256":"\(String(repeating: "b", count: 64))"}},
             "verificationResult":"\(result)","verifiedLevels":["SLSA_BUILD_LEVEL_3"]}}
            """.utf8)
    }

    static func envelope(_ payload: Data, key: PrivateKey, payloadType: String = MediaType.inTotoPayload, signatures: Int = 1) throws -> Data {
        let sig = try key.signature(for: DSSEEnvelope.pae(type: payloadType, body: payload))
        return DSSEEnvelope(payload: payload, payloadType: payloadType,
                            signatures: Array(repeating: DSSESignature(sig: sig, keyid: "k1"), count: signatures)).encoded()
    }

    @Test func aSignedPassingSummaryVerifiesCheckByCheck() throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let result = ApprovalVerifier.verify(try Self.envelope(Self.statement(), key: key), keys: ["k1": key.publicKey])
        #expect(result.valid && result.code == "verified")
        #expect(result.checks.map(\.id) == [CheckID.approvalEnvelope, CheckID.approvalSignatureCount, CheckID.approvalPayloadType,
                                            CheckID.approvalSignature, CheckID.approvalPredicateType, CheckID.approvalStatement,
                                            CheckID.approvalResult])
        #expect(result.reason == "signed by appliance key k1")
        #expect(result.keyID == "k1")
        #expect(result.subjects == ["registry.test/app sha256:\(String(repeating: "a", count: 64))"])
    }

    @Test(arguments: [
        ("other key", CheckID.approvalSignature, "bad-signature", "does not verify under any of the appliance's 1 key(s)"),
        ("two signatures", CheckID.approvalSignatureCount, "signature-count", "exactly one signature, this has 2"),
        ("payload type", CheckID.approvalPayloadType, "payload-type", "payload type is text/plain"),
        ("predicate type", CheckID.approvalPredicateType, "predicate-type", "predicate type is https://slsa.dev/provenance/v1"),
        ("failed", CheckID.approvalResult, "not-passed", "verificationResult is FAILED"),
        ("garbage", CheckID.approvalEnvelope, "malformed", "neither a DSSE envelope nor a Sigstore bundle"),
    ])
    func eachBrokenApprovalFailsOnItsCheck(variant: String, id: String, code: String, reason: String) throws {
        let key = try PrivateKey.generate(.ecdsaP256)
        let other = try PrivateKey.generate(.ecdsaP256)
        let document: Data
        switch variant {
        case "other key": document = try Self.envelope(Self.statement(), key: other)
        case "two signatures": document = try Self.envelope(Self.statement(), key: key, signatures: 2)
        case "payload type": document = try Self.envelope(Self.statement(), key: key, payloadType: "text/plain")
        case "predicate type": document = try Self.envelope(Self.statement(predicateType: SLSAProvenanceV1.predicateType), key: key)
        case "failed": document = try Self.envelope(Self.statement(result: "FAILED"), key: key)
        default: document = Data("{\"payload\":1}".utf8)
        }
        let result = ApprovalVerifier.verify(document, keys: ["k1": key.publicKey])
        #expect(!result.valid)
        #expect(result.checks.last?.id == id && result.checks.last?.status == .failed)
        #expect(result.code == code)
        #expect(result.reason.contains(reason), "\(variant): \(result.reason)")
    }
}
