public import Foundation
public import AirlockFormats

/// The image a verdict is about: its manifest (or index) digest and its names.
public struct ImageSubject: Sendable, Equatable {
    /// `sha256:<hex>`.
    public var digest: String
    /// Names (tags) the image was imported under, sorted and unique; for an artifact, its paths in bundles.
    public var names: [String]
    /// Whether the subject is a release artifact (a plain file, by its SHA-256) rather than an image:
    /// only `match.artifacts` rules select it, and its verdict says `"kind": "artifact"` (D21).
    public var isArtifact: Bool
    /// The platform manifests of an index decided under `platforms: all`, by digest; empty otherwise
    /// (and then absent from the verdict, D22).
    public var platforms: [PlatformSubject]
    /// The indexes that list this manifest as a platform: their evidence applies to it (D22);
    /// empty otherwise (and then absent from the verdict).
    public var indexes: [String]

    /// Makes a subject; names are sorted and de-duplicated so verdicts do not depend on discovery order.
    public init(digest: String, names: [String], isArtifact: Bool = false, platforms: [PlatformSubject] = [], indexes: [String] = []) {
        self.digest = digest
        self.names = Array(Set(names)).sorted()
        self.isArtifact = isArtifact
        self.platforms = platforms.sorted { $0.digest < $1.digest }
        self.indexes = Array(Set(indexes)).sorted()
    }
}

/// One platform manifest of an index: its digest and `os/arch[/variant]` (from its config).
public struct PlatformSubject: Sendable, Equatable {
    /// `sha256:<hex>` of the platform manifest.
    public var digest: String
    /// `os/arch[/variant]`.
    public var platform: String

    /// Makes a platform subject.
    public init(digest: String, platform: String) {
        self.digest = digest
        self.platform = platform
    }
}

/// One piece of stored evidence handed to the engine: its bytes and what import recorded about it.
public struct EvidenceInput: Sendable, Equatable {
    /// SHA-256 (hex) of `content`, as stored.
    public var sha256: String
    /// What import found it to be (`cosign-signature`, `cosign-attestation`, `sigstore-bundle`, `dsse`, …).
    public var kind: String
    /// The layer media type, when a descriptor named one.
    public var mediaType: String?
    /// The annotations of the layer or manifest that carried it (cosign certificate, SET, timestamp…).
    public var annotations: [String: String]
    /// The evidence bytes.
    public var content: Data
    /// The digest it speaks about when that is not the subject (D22): a platform manifest of the
    /// index under `platforms: all`, or an index listing the platform manifest being decided.
    public var aboutDigest: String?

    /// Makes an input.
    public init(sha256: String, kind: String, mediaType: String?, annotations: [String: String], content: Data,
                aboutDigest: String? = nil) {
        self.aboutDigest = aboutDigest
        self.sha256 = sha256
        self.kind = kind
        self.mediaType = mediaType
        self.annotations = annotations
        self.content = content
    }
}

/// What the engine decided for one image: the rule that applied (if any) and every check.
public struct ImageEvaluation: Sendable, Equatable {
    /// The rule's name, nil when no rule selected the image.
    public var rule: String?
    /// Every check, in evaluation order.
    public var checks: [CheckResult]
    /// The signed checkpoints the verified evidence relied on (for the appliance's log-continuity record).
    public var checkpoints: [VerifiedCheckpoint] = []

    /// PASS when a rule applied and no check failed.
    public var passed: Bool { rule != nil && checks.allHeld && checks.contains { $0.status == .passed } }
}
