import Foundation

/// One problem `audit verify` found, naming the record it concerns.
public struct AuditFinding: Sendable, Codable, Equatable {
    /// The record kind: `import`, `verdict`, `approval`, `revocation`, `key`, `trustroot`, `evidence`, `checkpoint`,
    /// `log` (the leaves table itself) or `schema` (a trigger).
    public var kind: String
    /// The record id (bundle id, verdict sequence number, approval id, evidence id, checkpoint size…).
    public var id: String
    /// What differs, in one line.
    public var reason: String

    /// Makes a finding.
    public init(kind: String, id: String, reason: String) {
        self.kind = kind
        self.id = id
        self.reason = reason
    }
}

/// The result of `airlock audit verify`.
public struct AuditReport: Sendable, Codable, Equatable {
    /// Leaves in the log.
    public var treeSize: Int
    /// Hex root hash of the tree recomputed from the catalogue.
    public var rootHash: String
    /// Signed checkpoints stored.
    public var checkpoints: Int
    /// Size of the latest signed checkpoint (0 when none); leaves beyond it are not signed yet.
    public var signedSize: Int
    /// Blobs re-hashed.
    public var blobsChecked: Int
    /// Leaves per record kind (`import`, `verdict`, `approval`, `revocation`, `key`, `trustroot`).
    public var leavesByKind: [String: Int] = [:]
    /// Every problem found; empty when the log verifies.
    public var findings: [AuditFinding]

    /// Whether nothing was found.
    public var verified: Bool { findings.isEmpty }
}

/// An RFC 6962 inclusion proof of one record's leaf against the latest signed checkpoint (`audit prove`).
public struct InclusionProofReport: Sendable, Codable, Equatable {
    /// The record kind.
    public var kind: String
    /// The record id.
    public var recordId: String
    /// The leaf index (0-based).
    public var leafIndex: Int
    /// The checkpoint's tree size.
    public var treeSize: Int
    /// The entry (RFC 8785 canonical JSON), base64.
    public var entry: String
    /// Hex SHA-256 of the entry: the leaf data.
    public var leafData: String
    /// Hex `SHA-256(0x00 || leafData)`.
    public var leafHash: String
    /// Hex hashes of the audit path, bottom up.
    public var proof: [String]
    /// Hex root hash of the checkpoint.
    public var rootHash: String
    /// The signed checkpoint note.
    public var checkpoint: String
}

/// An RFC 6962 consistency proof between two tree sizes (`audit consistency`).
public struct ConsistencyProofReport: Sendable, Codable, Equatable {
    /// The older size.
    public var oldSize: Int
    /// The newer size.
    public var newSize: Int
    /// Hex root of the older tree.
    public var oldRootHash: String
    /// Hex root of the newer tree.
    public var newRootHash: String
    /// Hex hashes of the proof.
    public var proof: [String]
    /// The signed checkpoint of each size, when one is stored.
    public var oldCheckpoint: String?
    /// The signed checkpoint of the newer size, when one is stored.
    public var newCheckpoint: String?
}
