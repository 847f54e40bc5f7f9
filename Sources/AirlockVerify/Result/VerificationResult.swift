public import Foundation
public import AirlockFormats

/// Where a verified time came from.
public enum TimeSource: String, Sendable, Codable {
    /// A transparency-log integrated time backed by a verified signed entry timestamp.
    case transparencyLog = "tlog"
    /// An RFC 3161 timestamp that verified against a trusted timestamp authority.
    case timestampAuthority = "tsa"
    /// The verification instant itself (only for managed keys, and only when allowed).
    case verificationInstant = "verification-instant"
}

/// One time at which the signature is proven to have existed.
public struct VerifiedTime: Sendable, Codable, Equatable {
    /// The instant.
    public var time: Date
    /// Its source.
    public var source: TimeSource
    /// Which log or authority vouched for it (log id hex or TSA URI).
    public var authority: String
}

/// A transparency-log entry that verified.
public struct VerifiedLogEntry: Sendable, Codable, Equatable {
    /// Log id (lowercase hex).
    public var logID: String
    /// The log's base URL from the trust root.
    public var logURL: String
    /// Entry index (top-level `logIndex`).
    public var logIndex: Int64
    /// Entry kind and version, e.g. `hashedrekord/0.0.1`.
    public var kindVersion: String
    /// Integrated time if backed by a verified SET, else nil.
    public var integratedTime: Date?
    /// Whether an inclusion proof with a signed checkpoint verified.
    public var inclusionProven: Bool
    /// Whether a signed entry timestamp verified.
    public var promiseVerified: Bool
    /// The signed checkpoint the inclusion proof verified against (not encoded: JSON output is unchanged).
    public var checkpoint: VerifiedCheckpoint?

    enum CodingKeys: String, CodingKey {
        case logID, logURL, logIndex, kindVersion, integratedTime, inclusionProven, promiseVerified
    }

    /// Makes one.
    public init(logID: String, logURL: String, logIndex: Int64, kindVersion: String, integratedTime: Date?,
                inclusionProven: Bool, promiseVerified: Bool, checkpoint: VerifiedCheckpoint? = nil) {
        self.logID = logID
        self.logURL = logURL
        self.logIndex = logIndex
        self.kindVersion = kindVersion
        self.integratedTime = integratedTime
        self.inclusionProven = inclusionProven
        self.promiseVerified = promiseVerified
        self.checkpoint = checkpoint
    }
}

/// Who signed: the certificate identity, or the managed key.
public struct SignerIdentity: Sendable, Codable, Equatable {
    /// The subject alternative name used for identity matching (URI, email or otherName).
    public var subjectAlternativeName: String?
    /// The OIDC issuer from the Fulcio extension.
    public var issuer: String?
    /// SHA-256 of the leaf certificate DER (hex), when keyless.
    public var certificateSHA256: String?
    /// SHA-256 of the public key SPKI DER (hex).
    public var publicKeySHA256: String
    /// Fulcio extension values by OID, when keyless.
    public var extensions: [String: String]
}

/// The thresholds that were applied, stated in every result.
public struct AppliedThresholds: Sendable, Codable, Equatable {
    /// Distinct transparency logs that had to verify.
    public var transparencyLogs: Int
    /// Distinct CT logs whose SCTs had to verify.
    public var certificateTransparency: Int
    /// RFC 3161 timestamps that had to verify.
    public var timestamps: Int
    /// Verified times (from any source) that had to exist.
    public var observerTimes: Int
}

/// Everything a bundle verification decided, check by check.
public struct SigstoreVerificationResult: Sendable, Codable, Equatable {
    /// True when no check failed.
    public var verified: Bool { checks.allHeld }
    /// Every check that ran, in the specification's order.
    public var checks: [CheckResult]
    /// The signer, when the signing material parsed.
    public var signer: SignerIdentity?
    /// Log entries that verified.
    public var logEntries: [VerifiedLogEntry]
    /// Times at which the signature verifiably existed.
    public var times: [VerifiedTime]
    /// The thresholds applied.
    public var thresholds: AppliedThresholds
    /// The verification instant (clock or replayed).
    public var verificationTime: Date
    /// The in-toto statement's predicate type, for DSSE bundles.
    public var predicateType: String?
}
