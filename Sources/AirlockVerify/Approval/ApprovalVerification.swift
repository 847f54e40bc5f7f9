public import AirlockFormats

/// The outcome of checking a signed approval file: the checks that ran (a failure is a result, not an
/// exception), plus the key and subjects of a verified approval.
public struct ApprovalVerification: Sendable, Equatable, Encodable {
    /// Every check that ran, in order; verification stops at the first failure.
    public var checks: [CheckResult]
    /// The key that verified the signature.
    public var keyID: String?
    /// The subjects (`name sha256:<hex>`) of a verified statement.
    public var subjects: [String]
    /// The signed VSA predicate of a statement whose signature verified (not encoded), so the appliance
    /// can check what it signed into it (approval id, validity window).
    public var predicate: JSONValue?

    /// Makes a result.
    public init(checks: [CheckResult], keyID: String? = nil, subjects: [String] = [], predicate: JSONValue? = nil) {
        self.checks = checks
        self.keyID = keyID
        self.subjects = subjects
        self.predicate = predicate
    }

    /// Whether every check held.
    public var valid: Bool { !checks.isEmpty && checks.allHeld }

    /// The stable code `airlock approvals verify` prints: `verified`, or the failing check's code
    /// (`malformed`, `signature-count`, `payload-type`, `bad-signature`, `predicate-type`, `not-passed`; and from
    /// the appliance `distrusted-key`, `incomplete`, `not-recorded`, `revoked`, `expired`).
    public var code: String {
        guard let failure = checks.firstFailure else { return "verified" }
        return Self.codes[failure.id] ?? failure.id
    }

    /// One human line: the failing check's message, or the last (signature) check's.
    public var reason: String {
        checks.firstFailure?.message ?? checks.first { $0.id == CheckID.approvalSignature }?.message ?? ""
    }

    /// The code of each check id, as printed since approvals were introduced.
    static let codes: [String: String] = [
        CheckID.approvalEnvelope: "malformed",
        CheckID.approvalSignatureCount: "signature-count",
        CheckID.approvalPayloadType: "payload-type",
        CheckID.approvalSignature: "bad-signature",
        CheckID.approvalStatement: "malformed",
        CheckID.approvalPredicateType: "predicate-type",
        CheckID.approvalResult: "not-passed",
        CheckID.approvalKeyTrusted: "distrusted-key",
        CheckID.approvalComplete: "incomplete",
        CheckID.approvalRecorded: "not-recorded",
        CheckID.approvalRevoked: "revoked",
        CheckID.approvalWindow: "expired",
    ]

    private enum CodingKeys: String, CodingKey {
        case valid, code, reason, keyID, subjects, checks
    }

    /// Encodes the summary fields (`valid`, `code`, `reason`, `keyID`, `subjects`) and every check.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encode(code, forKey: .code)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(keyID, forKey: .keyID)
        try container.encode(subjects, forKey: .subjects)
        try container.encode(checks, forKey: .checks)
    }
}
