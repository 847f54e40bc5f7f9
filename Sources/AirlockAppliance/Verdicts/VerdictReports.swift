import Foundation
import AirlockVerify
public import AirlockFormats

/// Which images `airlock verify` decides.
public enum ImageTarget: Sendable, Equatable {
    /// Every top-level image in the catalogue.
    case all
    /// The images of one imported bundle (by id).
    case bundle(String)
    /// One image: a `sha256:` digest, or a name it was imported under.
    case image(String)
}

/// One verdict as reported by `verify`, `images` and `replay`.
public struct VerdictSummary: Sendable, Codable, Equatable {
    /// The verdict id (SHA-256 of its canonical JSON).
    public var id: String
    /// The image digest.
    public var subject: String
    /// The image's names (an artifact's paths).
    public var names: [String]
    /// `"artifact"` for a release artifact's verdict; absent for an image.
    public var kind: String?
    /// `PASS` or `FAIL`.
    public var result: String
    /// The rule that applied.
    public var rule: String?
    /// The verification instant (RFC 3339).
    public var verificationTime: String
    /// SHA-256 of the policy.
    public var policySHA256: String
    /// The first failed check, if any.
    public var firstFailure: CheckResult?
    /// Every check.
    public var checks: [CheckResult]

    /// Summarises a verdict; `id` saves re-encoding when the caller already has it.
    init(_ verdict: Verdict, id: String? = nil) {
        self.id = id ?? verdict.id
        subject = verdict.subject.digest
        names = verdict.subject.names
        kind = verdict.subject.isArtifact ? "artifact" : nil
        result = verdict.result
        rule = verdict.rule
        verificationTime = Verdict.formatTime(verdict.verificationTime)
        policySHA256 = verdict.policy.sha256
        firstFailure = verdict.firstFailure
        checks = verdict.checks
    }
}

/// What `airlock verify` reports.
public struct VerifyReport: Sendable, Codable, Equatable {
    /// The policy's SHA-256.
    public var policySHA256: String
    /// The policy's name.
    public var policyName: String
    /// One verdict per image, in digest order.
    public var verdicts: [VerdictSummary]
    /// Paths of release artifacts in the target that were not decided because the policy has no artifact
    /// rule (D21): reported, never silently ignored. Empty when every artifact was decided.
    public var unverifiedArtifacts: [String] = []
    /// Observations that are not verdicts: evidence about a platform manifest that does not count for its
    /// index because the deciding rule does not say `platforms: all` (D22).
    public var notes: [String] = []

    /// Whether every image passed.
    public var allPassed: Bool { verdicts.allSatisfy { $0.result == "PASS" } }
}

/// One replayed verdict.
public struct ReplayResult: Sendable, Codable, Equatable {
    /// The recorded verdict id.
    public var verdictID: String
    /// The image digest.
    public var subject: String
    /// The id of the verdict the replay produced.
    public var replayedID: String
    /// Whether the replayed verdict is byte-identical to the recorded one.
    public var identical: Bool
    /// Each difference, one line per field or check.
    public var differences: [String]
}

/// What `airlock replay` reports.
public struct ReplayReport: Sendable, Codable, Equatable {
    /// One result per replayed verdict.
    public var results: [ReplayResult]

    /// Whether every replay was identical.
    public var allIdentical: Bool { results.allSatisfy(\.identical) }
}
