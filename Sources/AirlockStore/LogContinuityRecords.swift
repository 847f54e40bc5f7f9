public import Foundation

/// A checkpoint held for a transparency log (table `tlog_checkpoints`); the signed note is a blob.
public struct TlogCheckpointRecord: Codable, Sendable, Hashable {
    /// The checkpoint origin (the log's identity for continuity).
    public var origin: String
    /// The tree size.
    public var size: Int64
    /// The root hash, lowercase hex.
    public var rootHash: String
    /// The trust-root log id (hex) whose key verified it.
    public var logID: String
    /// SHA-256 (hex) of the signed note bytes.
    public var noteSHA256: String
    /// True for the first one seen and for those connected to a proven one by a verified consistency proof.
    public var proven: Bool
    /// When it was recorded.
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case origin, size, proven
        case rootHash = "root_hash"
        case logID = "log_id"
        case noteSHA256 = "note_sha256"
        case recordedAt = "recorded_at"
    }

    /// Makes one.
    public init(origin: String, size: Int64, rootHash: String, logID: String, noteSHA256: String, proven: Bool, recordedAt: Date) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.logID = logID
        self.noteSHA256 = noteSHA256
        self.proven = proven
        self.recordedAt = recordedAt
    }
}

/// One continuity event (table `tlog_events`, append-only): `first`, `unproven`, `connected`, `added`
/// or `split-view` (then `otherNoteSHA256` is the held note it contradicts, when there is one).
public struct TlogEventRecord: Codable, Sendable, Hashable {
    /// The row id (assigned on insert).
    public var id: Int64?
    /// The checkpoint origin.
    public var origin: String
    /// What happened.
    public var action: String
    /// The checkpoint's size.
    public var size: Int64
    /// Its root hash, lowercase hex.
    public var rootHash: String
    /// SHA-256 (hex) of its signed note.
    public var noteSHA256: String
    /// For a split view: the held note it contradicts.
    public var otherNoteSHA256: String?
    /// When.
    public var at: Date
    /// One line (the reason of a split view, the proof used).
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, origin, action, size, at, detail
        case rootHash = "root_hash"
        case noteSHA256 = "note_sha256"
        case otherNoteSHA256 = "other_note_sha256"
    }

    /// Makes one.
    public init(origin: String, action: String, size: Int64, rootHash: String, noteSHA256: String, otherNoteSHA256: String? = nil,
                at: Date, detail: String) {
        self.id = nil
        self.origin = origin
        self.action = action
        self.size = size
        self.rootHash = rootHash
        self.noteSHA256 = noteSHA256
        self.otherNoteSHA256 = otherNoteSHA256
        self.at = at
        self.detail = detail
    }
}

/// A pinned witness key of a log (table `tlog_witnesses`).
public struct TlogWitnessRecord: Codable, Sendable, Hashable {
    /// The log's checkpoint origin.
    public var origin: String
    /// The witness name.
    public var name: String
    /// The C2SP verifier key `name+keyid+base64(0x04 || key)`.
    public var verifierKey: String
    /// When it was pinned.
    public var addedAt: Date

    enum CodingKeys: String, CodingKey {
        case origin, name
        case verifierKey = "verifier_key"
        case addedAt = "added_at"
    }

    /// Makes one.
    public init(origin: String, name: String, verifierKey: String, addedAt: Date) {
        self.origin = origin
        self.name = name
        self.verifierKey = verifierKey
        self.addedAt = addedAt
    }
}
