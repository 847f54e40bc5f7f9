public import Foundation
import AirlockCrypto
import AirlockFormats

/// The outcome of checking a signed approval file: a result, not an exception, naming why it failed.
public struct ApprovalCheck: Sendable, Codable, Equatable {
    /// Whether every check held.
    public var valid: Bool
    /// A stable code: `verified`, `malformed`, `signature-count`, `payload-type`, `bad-signature`,
    /// `predicate-type` or `not-passed`.
    public var code: String
    /// One human line.
    public var reason: String
    /// The key that verified the signature.
    public var keyID: String?
    /// The subjects (`name sha256:<hex>`) of a verified statement.
    public var subjects: [String]

    static func failed(_ code: String, _ reason: String) -> ApprovalCheck {
        ApprovalCheck(valid: false, code: code, reason: reason, keyID: nil, subjects: [])
    }
}

extension ApplianceKeys {
    /// Checks an approval manifest or VSA (a DSSE envelope, or a Sigstore bundle holding one) against
    /// every key the appliance ever had.
    public func verifyApproval(_ document: Data) throws(ApplianceError) -> ApprovalCheck {
        ApprovalVerifier.verify(document, keys: try publicKeys())
    }
}

/// Verifies signed approvals in the order of the VSA spec (formats.md §7.4): the signature under a
/// configured key, then the predicate type, then `verificationResult == PASSED`.
enum ApprovalVerifier {
    static func verify(_ document: Data, keys: [String: PublicKey]) -> ApprovalCheck {
        let envelope: DSSEEnvelope
        do {
            envelope = try decodeEnvelope(document)
        } catch {
            return .failed("malformed", "neither a DSSE envelope nor a Sigstore bundle with one: \(error)")
        }
        guard envelope.signatures.count == 1 else {
            return .failed("signature-count", "an approval carries exactly one signature, this has \(envelope.signatures.count)")
        }
        guard envelope.payloadType == MediaType.inTotoPayload else {
            return .failed("payload-type", "payload type is \(envelope.payloadType), not \(MediaType.inTotoPayload)")
        }
        let signature = envelope.signatures[0]
        let pae = envelope.pae()
        let ordered = keys.sorted { ($0.key == signature.keyid ? 0 : 1, $0.key) < ($1.key == signature.keyid ? 0 : 1, $1.key) }
        guard let match = ordered.first(where: { $0.value.isValidSignature(signature.sig, for: pae, scheme: $0.value.defaultScheme) }) else {
            return .failed("bad-signature", "the signature does not verify under any of the appliance's \(keys.count) key(s)")
        }
        let statement: InTotoStatement
        let summary: VerificationSummaryV1
        do {
            statement = try InTotoStatement.parse(envelope.payload)
            guard statement.predicateType == VerificationSummaryV1.predicateType else {
                return .failed("predicate-type", "predicate type is \(statement.predicateType), not \(VerificationSummaryV1.predicateType)")
            }
            summary = try VerificationSummaryV1.parse(predicate: statement.predicate)
        } catch {
            return .failed("malformed", "the signed statement does not parse: \(error)")
        }
        guard summary.verificationResult == "PASSED" else {
            return .failed("not-passed", "verificationResult is \(summary.verificationResult)")
        }
        let subjects = statement.subjects.map { "\($0.name ?? "-") sha256:\($0.digest["sha256"] ?? "?")" }
        return ApprovalCheck(valid: true, code: "verified", reason: "signed by appliance key \(match.key)", keyID: match.key,
                             subjects: subjects)
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
