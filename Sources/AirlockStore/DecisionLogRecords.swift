public import Foundation

/// One stored leaf of the decision log.
public struct DecisionLogLeaf: Sendable, Equatable {
    /// Position in the log, from 0.
    public var index: Int64
    /// What the leaf logs.
    public var kind: DecisionLogKind
    /// The record id (bundle id, verdict sequence number, approval id, key id).
    public var recordID: String
    /// A second name users know the record by (archive SHA-256, verdict id, approval id, key id).
    public var subject: String
    /// The entry as stored: RFC 8785 canonical JSON. The Merkle leaf is its SHA-256.
    public var entry: Data

    /// Makes a leaf.
    public init(index: Int64, kind: DecisionLogKind, recordID: String, subject: String, entry: Data) {
        self.index = index
        self.kind = kind
        self.recordID = recordID
        self.subject = subject
        self.entry = entry
    }
}

/// One stored signed checkpoint of the decision log.
public struct DecisionLogCheckpoint: Sendable, Equatable {
    /// The tree size it covers.
    public var size: Int64
    /// The id of the appliance key that signed it.
    public var keyID: String
    /// When it was signed.
    public var signedAt: Date
    /// The C2SP signed note.
    public var note: String

    /// Makes a checkpoint record.
    public init(size: Int64, keyID: String, signedAt: Date, note: String) {
        self.size = size
        self.keyID = keyID
        self.signedAt = signedAt
        self.note = note
    }
}

/// Everything `audit verify` needs from the catalogue, read in one transaction.
public struct DecisionLogSnapshot: Sendable {
    /// A stored leaf and the entry the catalogue's rows give now (nil: the record's row is gone;
    /// key leaves have no rows and carry their stored entry).
    public struct Leaf: Sendable {
        /// The stored leaf.
        public var stored: DecisionLogLeaf
        /// The entry rebuilt from the current rows.
        public var rebuilt: Data?
    }

    /// Every leaf, in index order.
    public var leaves: [Leaf]
    /// Records in the catalogue that no leaf covers: `(kind, id)`.
    public var unlogged: [(kind: DecisionLogKind, id: String)]
    /// Append-only triggers that are missing from the schema.
    public var missingTriggers: [String]
    /// Every signed checkpoint, by size.
    public var checkpoints: [DecisionLogCheckpoint]
    /// Every catalogued blob digest (hex) with the records that use it (`"evidence 3"`, `"import <id> file <path>"`,
    /// `"verdict <seq> policy"`).
    public var blobs: [(sha256: String, usedBy: [String])]
}
