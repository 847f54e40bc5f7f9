public import Foundation
public import AirlockFormats

/// One recorded verdict (table `verdicts`): append-only. A re-verification adds a row, even when it
/// decides exactly the same (same id); rows are never updated or deleted (triggers refuse it).
public struct VerdictRecord: Codable, Sendable, Hashable {
    /// Row sequence number (assigned by SQLite): the order verdicts were recorded in.
    public var seq: Int64?
    /// The verdict id: SHA-256 (hex) of `document`.
    public var id: String
    /// `sha256:<hex>` of the image.
    public var subjectDigest: String
    /// `PASS` or `FAIL`.
    public var result: String
    /// The rule that applied, if any.
    public var rule: String?
    /// SHA-256 of the policy file (its blob is in the blob store).
    public var policySHA256: String
    /// The verification instant, RFC 3339.
    public var verificationTime: String
    /// The tool version that decided.
    public var toolVersion: String
    /// When the row was written.
    public var recordedAt: Date
    /// The verdict's canonical JSON (RFC 8785).
    public var document: Data

    enum CodingKeys: String, CodingKey {
        case seq, id, result, rule, document
        case subjectDigest = "subject_digest"
        case policySHA256 = "policy_sha256"
        case verificationTime = "verification_time"
        case toolVersion = "tool_version"
        case recordedAt = "recorded_at"
    }

    /// Makes a record.
    public init(id: String, subjectDigest: String, result: String, rule: String?, policySHA256: String,
                verificationTime: String, toolVersion: String, recordedAt: Date, document: Data) {
        self.id = id
        self.subjectDigest = subjectDigest
        self.result = result
        self.rule = rule
        self.policySHA256 = policySHA256
        self.verificationTime = verificationTime
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.document = document
    }
}

/// One check of a recorded verdict (table `verdict_checks`), so checks can be queried with SQL.
public struct VerdictCheckRecord: Codable, Sendable, Hashable {
    /// The verdict row.
    public var verdictSeq: Int64
    /// Position in the verdict's check list.
    public var position: Int
    /// The check id.
    public var checkID: String
    /// `passed`, `failed` or `skipped`.
    public var status: String
    /// The message.
    public var message: String
    /// Evidence digests the check used.
    public var evidence: [String]

    enum CodingKeys: String, CodingKey {
        case position, status, message, evidence
        case verdictSeq = "verdict_seq"
        case checkID = "check_id"
    }

    /// Makes a record.
    public init(verdictSeq: Int64, position: Int, checkID: String, status: String, message: String, evidence: [String]) {
        self.verdictSeq = verdictSeq
        self.position = position
        self.checkID = checkID
        self.status = status
        self.message = message
        self.evidence = evidence
    }
}

/// A verdict ready to record: the row, its checks (their `verdictSeq` is filled in on insert) and the
/// blobs (policy, trust roots, annotations) it refers to, which must already be in the blob store.
public struct VerdictBatch: Sendable {
    /// The verdict row.
    public var verdict: VerdictRecord
    /// Its checks, in order.
    public var checks: [CheckResult]
    /// Blobs the verdict refers to.
    public var blobs: [BlobRecord]

    /// Makes a batch.
    public init(verdict: VerdictRecord, checks: [CheckResult], blobs: [BlobRecord]) {
        self.verdict = verdict
        self.checks = checks
        self.blobs = blobs
    }
}
