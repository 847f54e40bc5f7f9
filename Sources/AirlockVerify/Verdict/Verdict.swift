public import Foundation
import AirlockCrypto
public import AirlockFormats

/// What was decided about one image, from what: the verdict is data. Its canonical JSON (RFC 8785) is
/// deterministic — the same inputs and instant give the same bytes — and its SHA-256 is its id, so
/// replay and audit can compare verdicts byte for byte.
public struct Verdict: Sendable, Equatable {
    /// The `type` of the canonical document.
    public static let type = "https://airlock.dev/verdict/v1"

    /// The image.
    public var subject: ImageSubject
    /// PASS or FAIL.
    public var passed: Bool
    /// The rule that applied, nil when none selected the image.
    public var rule: String?
    /// Every check, in evaluation order.
    public var checks: [CheckResult]
    /// The policy, by digest.
    public var policy: PolicyReference
    /// The trust roots the policy's rules name, by digest.
    public var trustRoots: [TrustRootReference]
    /// The evidence that was evaluated, by digest.
    public var inputs: [EvidenceReference]
    /// The verification instant (whole seconds).
    public var verificationTime: Date
    /// The tool version that decided.
    public var toolVersion: String

    /// Makes a verdict.
    public init(subject: ImageSubject, passed: Bool, rule: String?, checks: [CheckResult], policy: PolicyReference,
                trustRoots: [TrustRootReference], inputs: [EvidenceReference], verificationTime: Date, toolVersion: String) {
        self.subject = subject
        self.passed = passed
        self.rule = rule
        self.checks = checks
        self.policy = policy
        self.trustRoots = trustRoots
        self.inputs = inputs
        self.verificationTime = verificationTime
        self.toolVersion = toolVersion
    }

    /// `PASS` or `FAIL`.
    public var result: String { passed ? "PASS" : "FAIL" }

    /// The first failed check, which listings show.
    public var firstFailure: CheckResult? { checks.firstFailure }

    /// The RFC 8785 canonical JSON bytes.
    public func canonicalJSON() -> Data {
        // Every value is a string, array or object, so canonicalisation cannot fail.
        (try? CanonicalJSON.rfc8785(jsonValue)) ?? Data()
    }

    /// The verdict id: lowercase hex SHA-256 of the canonical JSON.
    public var id: String { Hex.encode(Digest.sha256(canonicalJSON())) }
}

/// The policy a verdict was decided under.
public struct PolicyReference: Sendable, Equatable {
    /// SHA-256 (hex) of the policy file bytes.
    public var sha256: String
    /// The policy's name.
    public var name: String

    /// Makes a reference.
    public init(sha256: String, name: String) {
        self.sha256 = sha256
        self.name = name
    }
}

/// A trust root a verdict used.
public struct TrustRootReference: Sendable, Equatable {
    /// The name the policy uses.
    public var name: String
    /// SHA-256 (hex) of the `trusted_root.json` bytes.
    public var sha256: String

    /// Makes a reference.
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// A piece of evidence a verdict evaluated: its blob and the annotations that came with it.
public struct EvidenceReference: Sendable, Equatable {
    /// SHA-256 (hex) of the evidence blob.
    public var sha256: String
    /// The evidence kind.
    public var kind: String
    /// The media type, when known.
    public var mediaType: String?
    /// SHA-256 (hex) of the canonical JSON of its annotations (stored as a blob too).
    public var annotationsSHA256: String
    /// The digest it speaks about when not the verdict's subject (`"subject"` in the verdict): a platform
    /// manifest under `platforms: all`, or an index of the platform manifest decided; nil otherwise.
    public var aboutDigest: String?

    /// Makes a reference.
    public init(sha256: String, kind: String, mediaType: String?, annotationsSHA256: String, aboutDigest: String? = nil) {
        self.aboutDigest = aboutDigest
        self.sha256 = sha256
        self.kind = kind
        self.mediaType = mediaType
        self.annotationsSHA256 = annotationsSHA256
    }
}
