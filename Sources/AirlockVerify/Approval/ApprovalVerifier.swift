public import Foundation
public import AirlockCrypto
import AirlockFormats

/// Verifies signed approvals (a DSSE envelope, or a Sigstore bundle holding one) in the order of the
/// SLSA Verification Summary specification: the signature under a configured key, then the predicate
/// type, then `verificationResult == PASSED`. Pure: document and keys in, checks out.
public enum ApprovalVerifier {
    /// Checks `document` against `keys` (by key id); stops at the first failed check.
    public static func verify(_ document: Data, keys: [String: PublicKey]) -> ApprovalVerification {
        var checks: [CheckResult] = []
        func failed(_ id: String, _ message: String) -> ApprovalVerification {
            ApprovalVerification(checks: checks + [.fail(id, message)])
        }
        let envelope: DSSEEnvelope
        do {
            envelope = try decodeEnvelope(document)
        } catch {
            return failed(CheckID.approvalEnvelope, "neither a DSSE envelope nor a Sigstore bundle with one: \(error)")
        }
        checks.append(.pass(CheckID.approvalEnvelope, "a DSSE envelope (\(envelope.payloadType))"))
        guard envelope.signatures.count == 1 else {
            return failed(CheckID.approvalSignatureCount, "an approval carries exactly one signature, this has \(envelope.signatures.count)")
        }
        checks.append(.pass(CheckID.approvalSignatureCount, "one signature"))
        guard envelope.payloadType == MediaType.inTotoPayload else {
            return failed(CheckID.approvalPayloadType, "payload type is \(envelope.payloadType), not \(MediaType.inTotoPayload)")
        }
        checks.append(.pass(CheckID.approvalPayloadType, "payload type is \(MediaType.inTotoPayload)"))
        let signature = envelope.signatures[0]
        let pae = envelope.pae()
        let ordered = keys.sorted { ($0.key == signature.keyid ? 0 : 1, $0.key) < ($1.key == signature.keyid ? 0 : 1, $1.key) }
        guard let match = ordered.first(where: { $0.value.isValidSignature(signature.sig, for: pae, scheme: $0.value.defaultScheme) }) else {
            return failed(CheckID.approvalSignature, "the signature does not verify under any of the appliance's \(keys.count) key(s)")
        }
        checks.append(.pass(CheckID.approvalSignature, "signed by appliance key \(match.key)", evidence: [Hex.encode(Digest.sha256(envelope.payload))]))
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement.parse(envelope.payload)
        } catch {
            return failed(CheckID.approvalStatement, "the signed statement does not parse: \(error)")
        }
        guard statement.predicateType == VerificationSummaryV1.predicateType else {
            return failed(CheckID.approvalPredicateType, "predicate type is \(statement.predicateType), not \(VerificationSummaryV1.predicateType)")
        }
        checks.append(.pass(CheckID.approvalPredicateType, "predicate type is \(VerificationSummaryV1.predicateType)"))
        let summary: VerificationSummaryV1
        do {
            summary = try VerificationSummaryV1.parse(predicate: statement.predicate)
        } catch {
            return failed(CheckID.approvalStatement, "the signed statement does not parse: \(error)")
        }
        checks.append(.pass(CheckID.approvalStatement, "the signed statement and its VSA predicate parse"))
        guard summary.verificationResult == "PASSED" else {
            return failed(CheckID.approvalResult, "verificationResult is \(summary.verificationResult)")
        }
        checks.append(.pass(CheckID.approvalResult, "verificationResult is PASSED"))
        let subjects = statement.subjects.map { "\($0.name ?? "-") sha256:\($0.digest["sha256"] ?? "?")" }
        return ApprovalVerification(checks: checks, keyID: match.key, subjects: subjects, predicate: statement.predicate)
    }

    /// The envelope itself, or the `dsseEnvelope` of a bundle (recognised by its `mediaType`).
    private static func decodeEnvelope(_ document: Data) throws -> DSSEEnvelope {
        let json = try JSONValue.parse(document)
        if json.objectValue?["mediaType"] != nil {
            guard case .dsseEnvelope(let envelope) = try SigstoreBundle.parse(document).content else {
                throw FormatError(.invalidField, "the bundle holds a message signature, not a DSSE envelope")
            }
            return envelope
        }
        return try DSSEEnvelope.parse(document)
    }
}
