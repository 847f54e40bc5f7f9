public import Foundation
public import AirlockCrypto
public import AirlockFormats

/// The certificate identity a keyless signature must carry: SAN and OIDC issuer, each exact or regex,
/// plus optional exact expectations on Fulcio extensions (keyed by dotted OID).
public struct CertificateIdentity: Sendable {
    /// Matcher for the subject alternative name (URI, else email, else otherName).
    public var subjectAlternativeName: StringMatcher
    /// Matcher for the OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8, falling back to .1).
    public var issuer: StringMatcher
    /// Exact values required of other Fulcio extensions, keyed by OID.
    public var extensions: [String: String]

    /// Makes an identity requirement.
    public init(subjectAlternativeName: StringMatcher, issuer: StringMatcher, extensions: [String: String] = [:]) {
        self.subjectAlternativeName = subjectAlternativeName
        self.issuer = issuer
        self.extensions = extensions
    }
}

/// A managed (out-of-band) public key, optionally valid only within a time range.
public struct ManagedKey: Sendable {
    /// The key.
    public var publicKey: PublicKey
    /// When the key may have signed; nil means always.
    public var validFor: TimeRange?

    /// Makes a managed key.
    public init(publicKey: PublicKey, validFor: TimeRange? = nil) {
        self.publicKey = publicKey
        self.validFor = validFor
    }
}

/// Who must have signed: a keyless identity (any of several) or a managed key.
public enum SignerRequirement: Sendable {
    /// Keyless: the Fulcio certificate must match one of these identities (first match wins).
    case certificate([CertificateIdentity])
    /// Key-signed: the signature must verify with this key.
    case key(ManagedKey)
}

/// What is known of the artifact: its digests. Large files are hashed by streaming once for every
/// algorithm, so verification never needs the artifact in memory; a caller that only has a digest
/// (`sha256:…`, or a DSSE subject) passes just that one.
public struct ArtifactInput: Sendable, Equatable {
    /// The artifact's digests by algorithm.
    public var digests: [DigestAlgorithm: Data]

    /// An artifact known by these digests.
    public init(digests: [DigestAlgorithm: Data]) {
        self.digests = digests
    }

    /// An artifact known only by one digest.
    public static func digest(_ algorithm: DigestAlgorithm, _ value: Data) -> ArtifactInput {
        ArtifactInput(digests: [algorithm: value])
    }

    /// An artifact given by its bytes (hashed with every supported algorithm).
    public static func bytes(_ data: Data) -> ArtifactInput {
        var digests: [DigestAlgorithm: Data] = [:]
        for algorithm in DigestAlgorithm.allCases {
            digests[algorithm] = Digest.hash(data, using: algorithm)
        }
        return ArtifactInput(digests: digests)
    }
}

/// How many independent proofs are required. `nil` fields take their default from the trust root:
/// one transparency log and one SCT when the root has logs of that kind, and one RFC 3161 timestamp
/// when it has no transparency log (GitHub's private instance, for example).
public struct ThresholdOptions: Sendable {
    /// Distinct transparency logs that must verify.
    public var transparencyLogs: Int?
    /// Distinct CT logs whose embedded SCTs must verify.
    public var certificateTransparency: Int?
    /// RFC 3161 timestamps that must verify.
    public var timestamps: Int?
    /// Verified times from any source that must exist (default 1).
    public var observerTimes: Int?

    /// Defaults everywhere.
    public init(transparencyLogs: Int? = nil, certificateTransparency: Int? = nil, timestamps: Int? = nil, observerTimes: Int? = nil) {
        self.transparencyLogs = transparencyLogs
        self.certificateTransparency = certificateTransparency
        self.timestamps = timestamps
        self.observerTimes = observerTimes
    }

    /// The thresholds for a given trust root.
    public func resolved(for root: TrustedRoot) -> AppliedThresholds {
        AppliedThresholds(
            transparencyLogs: transparencyLogs ?? (root.tlogs.isEmpty ? 0 : 1),
            certificateTransparency: certificateTransparency ?? (root.ctlogs.isEmpty ? 0 : 1),
            timestamps: timestamps ?? (root.tlogs.isEmpty ? 1 : 0),
            observerTimes: observerTimes ?? 1
        )
    }
}

/// Everything one bundle verification needs besides the bundle and trust root.
public struct VerificationPolicy: Sendable {
    /// Who must have signed.
    public var signer: SignerRequirement
    /// Required proof counts.
    public var thresholds: ThresholdOptions
    /// For managed keys only: count the verification instant as a verified time when the bundle
    /// carries none. Off by default (fail closed).
    public var allowVerificationTimeForKeys: Bool
    /// Match the identity even when the certificate chain did not verify. Unsafe with the caller's
    /// own patterns (a self-made certificate would reach them); the verdict path sets it only with
    /// the match-anything identity, so verdicts v1 — which always listed the identity check — replay
    /// byte for byte. Off by default: the identity is then `skipped` after a chain failure.
    public var unsafeMatchIdentityWithoutChain = false

    /// Makes a policy.
    public init(signer: SignerRequirement, thresholds: ThresholdOptions = ThresholdOptions(), allowVerificationTimeForKeys: Bool = false) {
        self.signer = signer
        self.thresholds = thresholds
        self.allowVerificationTimeForKeys = allowVerificationTimeForKeys
    }
}
