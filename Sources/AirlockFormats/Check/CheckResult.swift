/// The outcome of one verification check.
public enum CheckStatus: String, Sendable, Codable, Equatable {
    /// The check ran and held.
    case passed
    /// The check ran and did not hold; the verification fails.
    case failed
    /// The check did not apply (for example, no SCT check for a key-signed bundle).
    case skipped
}

/// One verification check: a stable id, its status, a human message and the evidence it used.
///
/// A failed check is a result, not an exception (STYLE.md §6), so a verification lists every
/// check it ran and an auditor sees exactly what was decided from what.
public struct CheckResult: Sendable, Codable, Equatable {
    /// Stable identifier, e.g. `tlog.inclusion`, `certificate.chain`, `identity.san`.
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

    /// A passed check.
    public static func pass(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .passed, message, evidence: evidence)
    }

    /// A failed check.
    public static func fail(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .failed, message, evidence: evidence)
    }

    /// A check that did not apply.
    public static func skip(_ id: String, _ message: String, evidence: [String] = []) -> CheckResult {
        CheckResult(id, .skipped, message, evidence: evidence)
    }
}

extension Array where Element == CheckResult {
    /// The first failed check, which the CLI names on failure.
    public var firstFailure: CheckResult? { first { $0.status == .failed } }

    /// Whether no check failed.
    public var allHeld: Bool { firstFailure == nil }
}
