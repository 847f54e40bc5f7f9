/// The outcome of one verification check.
public enum CheckStatus: String, Sendable, Codable, Hashable {
    /// The check ran and held.
    case passed
    /// The check ran and did not hold; the verification fails.
    case failed
    /// Worth reporting, not a failure (in-toto only warns on command mismatches).
    case warning
    /// The check did not apply, or was not performed by the caller's explicit choice.
    case skipped
}

/// One verification check: a stable id, its status, a human message and the evidence it used.
///
/// The one shape every verifier reports (Sigstore bundles, in-toto layouts, site policy, approvals)
/// and the one the store records for a verdict. A failed check is a result, not an exception, so a
/// verification lists every check it ran and an auditor sees exactly what was decided from what.
public struct CheckResult: Sendable, Codable, Hashable {
    /// Stable identifier, one of `CheckID`, e.g. `tlog.inclusion`, `certificate.chain`, `identity`.
    public var id: String
    /// Whether the check held.
    public var status: CheckStatus
    /// What was checked and the outcome, in one line.
    public var message: String
    /// Digests or identifiers of the evidence the check relied on (log ids, certificate digests…).
    public var evidence: [String]

    /// Makes a result.
    public init(_ id: String, _ status: CheckStatus, _ message: String, evidence: [String] = []) {
        self.id = id
        self.status = status
        self.message = message
        self.evidence = evidence
    }

    /// Decodes a result; `evidence` may be absent (older in-toto reports carried none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        status = try container.decode(CheckStatus.self, forKey: .status)
        message = try container.decode(String.self, forKey: .message)
        evidence = try container.decodeIfPresent([String].self, forKey: .evidence) ?? []
    }

    /// A passed check.
    public static func pass(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .passed, message, evidence: evidence)
    }

    /// A failed check.
    public static func fail(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .failed, message, evidence: evidence)
    }

    /// A check that only warns.
    public static func warn(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .warning, message, evidence: evidence)
    }

    /// A check that did not apply.
    public static func skip(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .skipped, message, evidence: evidence)
    }
}

extension Array where Element == CheckResult {
    /// The first failed check, which the CLI names on failure.
    public var firstFailure: CheckResult? { first { $0.status == .failed } }

    /// Whether no check failed (warnings and skips allowed).
    public var allHeld: Bool { firstFailure == nil }
}
