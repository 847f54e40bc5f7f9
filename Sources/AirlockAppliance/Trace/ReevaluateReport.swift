import Foundation

/// What `airlock reevaluate` reports: the new verdict of every image, what changed, and the active
/// approvals that now rest on a failing verdict.
public struct ReevaluateReport: Sendable, Codable, Equatable {
    /// The verification instant of every new verdict (RFC 3339).
    public var verificationTime: String
    /// The policy of each new verdict, by SHA-256, in image order without repeats.
    public var policies: [String]
    /// One result per image that had a verdict, in digest order.
    public var results: [ReevaluationResult]
    /// Every active approval covering an image whose new verdict fails.
    public var approvalsAtRisk: [ApprovalAtRisk]

    /// The results whose outcome changed.
    public var changed: [ReevaluationResult] { results.filter { $0.previousResult != $0.result } }
    /// Whether something that is approved now fails.
    public var approvedNowFailing: Bool { !approvalsAtRisk.isEmpty }
}

/// One image re-decided.
public struct ReevaluationResult: Sendable, Codable, Equatable {
    /// The image digest.
    public var subject: String
    /// Its names.
    public var names: [String]
    /// The latest verdict before re-evaluation.
    public var previousVerdictId: String
    /// Its result (`PASS` / `FAIL`).
    public var previousResult: String
    /// The new verdict, recorded.
    public var verdictId: String
    /// Its result.
    public var result: String
    /// The first failed check of the new verdict (`id: message`) when it fails, else of the previous one
    /// when that failed.
    public var reason: String?
}

/// An active approval that now rests on a failing verdict, with the command that revokes it.
public struct ApprovalAtRisk: Sendable, Codable, Equatable {
    /// The approval id.
    public var approvalId: String
    /// The image that now fails.
    public var subject: String
    /// The name it was approved under.
    public var name: String
    /// The new, failing verdict.
    public var verdictId: String
    /// Why it fails (`check id: message`).
    public var reason: String
    /// The exact command to revoke it, shell-quoted.
    public var revokeCommand: String
}
