public import Foundation

/// What `airlock trace` reports about one image: where it came from, who signed it, how it was built,
/// every decision about it, and each record's place in the decision log.
public struct TraceReport: Sendable, Codable, Equatable {
    /// The image digest.
    public var digest: String
    /// Every name it was imported under.
    public var names: [String]
    /// The transfer archives it arrived in, oldest first.
    public var archives: [TraceArchive]
    /// Every signature over the image or its attestations, one per evidence record that carries one.
    public var signatures: [TraceSignature]
    /// Every SLSA provenance statement about the image.
    public var provenance: [TraceProvenance]
    /// The other attestations, by predicate type.
    public var attestations: [TraceAttestation]
    /// Every verdict, oldest first.
    public var verdicts: [TraceVerdict]
    /// Every approval naming the image, oldest first.
    public var approvals: [TraceApproval]
}

/// Where a record sits in the decision log: the leaf and, when a signed checkpoint covers it, its
/// RFC 6962 inclusion proof (the same proof `airlock audit prove` prints).
public struct TraceLogPosition: Sendable, Codable, Equatable {
    /// `proven` (a signed checkpoint covers the leaf), `unsigned` (no checkpoint covers it yet) or
    /// `unlogged` (no leaf: the record predates the log or was inserted behind its back).
    public var status: String
    /// The leaf index, when the record has a leaf.
    public var leafIndex: Int?
    /// The inclusion proof against the latest signed checkpoint, when one covers the leaf.
    public var inclusion: InclusionProofReport?
}

/// One transfer archive an image arrived in.
public struct TraceArchive: Sendable, Codable, Equatable {
    /// The bundle id.
    public var id: String
    /// The archive's name (from its manifest or file name).
    public var name: String
    /// When it was imported.
    public var importedAt: Date
    /// SHA-256 of the archive file.
    public var archiveSHA256: String
    /// The import's decision-log leaf.
    public var log: TraceLogPosition
}

/// One signature: the signer's identity as the evidence states it, and what the latest verdict said.
public struct TraceSignature: Sendable, Codable, Equatable {
    /// SHA-256 of the evidence blob.
    public var evidence: String
    /// The evidence kind.
    public var kind: String
    /// The archive the evidence arrived in.
    public var bundleId: String
    /// The predicate type of the signed statement (nil for a plain message signature).
    public var predicateType: String?
    /// The certificate's subject alternative names.
    public var san: [String]
    /// The OIDC issuer in the certificate's Fulcio extension.
    public var issuer: String?
    /// A public-key hint or DSSE key id, for key-signed evidence.
    public var keyId: String?
    /// The transparency-log entries the evidence carries.
    public var logEntries: [TraceLogEntry]
    /// The RFC 3161 timestamps the evidence carries.
    public var timestamps: [TraceTimestamp] = []
    /// The latest verdict's identity check for this evidence (`passed: message`), when it made one.
    public var verifiedIdentity: String?
    /// Why the evidence could not be read, when it could not.
    public var problem: String?
}

/// One transparency-log entry of a signature.
public struct TraceLogEntry: Sendable, Codable, Equatable {
    /// The log index.
    public var logIndex: Int64
    /// The integrated time (RFC 3339), when the entry carries one.
    public var integratedTime: String?
}

/// One RFC 3161 timestamp of a signature, as the response states it (verified by the verdict's checks).
public struct TraceTimestamp: Sendable, Codable, Equatable {
    /// The time the authority attests (`genTime`, RFC 3339).
    public var time: String?
    /// The authority: the subject of the signing certificate embedded in the response, when embedded.
    public var authority: String?
    /// The response's serial number (hex).
    public var serial: String?
    /// Why the response could not be read, when it could not.
    public var problem: String?
}

/// What a SLSA provenance statement says about the build.
public struct TraceProvenance: Sendable, Codable, Equatable {
    /// SHA-256 of the evidence blob.
    public var evidence: String
    /// The predicate type (SLSA v1 or v0.2).
    public var predicateType: String
    /// `builder.id`.
    public var builderId: String
    /// `buildType`.
    public var buildType: String
    /// The source repository.
    public var sourceRepository: String?
    /// The source commit.
    public var commit: String?
    /// The source ref.
    public var ref: String?
    /// The invocation id.
    public var invocationId: String?
}

/// The attestations of one predicate type.
public struct TraceAttestation: Sendable, Codable, Equatable {
    /// The predicate type.
    public var predicateType: String
    /// SHA-256 of each evidence blob.
    public var evidence: [String]
}

/// One verdict with its place in the decision log.
public struct TraceVerdict: Sendable, Codable, Equatable {
    /// The verdict's sequence number.
    public var seq: Int64
    /// When it was recorded.
    public var recordedAt: Date
    /// Number of checks.
    public var checkCount: Int
    /// The verdict (result, rule, first failure, every check).
    public var verdict: VerdictSummary
    /// The verdict's decision-log leaf.
    public var log: TraceLogPosition
}

/// One approval naming the image.
public struct TraceApproval: Sendable, Codable, Equatable {
    /// The approval id.
    public var id: String
    /// `active`, `expired` or `revoked`.
    public var status: String
    /// When it was signed.
    public var createdAt: Date
    /// When it expires (nil: never).
    public var expiresAt: Date?
    /// The verdict id it rests on.
    public var verdictId: String
    /// The revocation, when revoked: when, by whom and why.
    public var revocation: String?
    /// The approval's decision-log leaf.
    public var log: TraceLogPosition
    /// The revocation's decision-log leaf, when revoked.
    public var revocationLog: TraceLogPosition?
}
