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

/// Everything `audit verify` needs from the catalogue besides the leaves (which
/// `Catalogue.decisionLogSnapshot(batchSize:visit:)` streams), read in the same transaction.
public struct DecisionLogSnapshot: Sendable {
    /// A stored leaf and the entry the catalogue's rows give now (nil: the record's row is gone;
    /// key leaves have no rows and carry their stored entry).
    public struct Leaf: Sendable {
        /// The stored leaf.
        public var stored: DecisionLogLeaf
        /// The entry rebuilt from the current rows.
        public var rebuilt: Data?

        /// Pairs a stored leaf with the entry its rows give now.
        public init(stored: DecisionLogLeaf, rebuilt: Data?) {
            self.stored = stored
            self.rebuilt = rebuilt
        }
    }

    /// Records in the catalogue that no leaf covers: `(kind, id)`.
    public var unlogged: [(kind: DecisionLogKind, id: String)]
    /// Append-only triggers that are missing from the schema.
    public var missingTriggers: [String]
    /// Every signed checkpoint, by size.
    public var checkpoints: [DecisionLogCheckpoint]
    /// Every catalogued blob digest (hex) with the records that use it (`"evidence 3"`, `"import <id> file <path>"`,
    /// `"verdict <seq> policy"`).
    public var blobs: [(sha256: String, usedBy: [String])]
    /// Every cached subtree hash (`log_nodes`), which `audit verify` compares with the tree it recomputes.
    public var nodes: [DecisionLogNodeKey: Data]
}

/// The write guard's mark (`log_verified`, `log_verified_rowids`): every record logged below `size` was
/// rebuilt from its rows and matched its leaf when the guard last ran, and every row up to `rowids` had a
/// leaf; `sweep` is where its rotating re-check of older records resumes. The guard checks the signature
/// and root itself, but starts its rebuilds and its search for unlogged rows here, so a mark moved forward
/// by someone who can write the catalogue hides changes from the guard until the sweep reaches them
/// (docs/decisions.md D26); `audit verify` does not use it.
public struct DecisionLogMark: Sendable, Equatable {
    /// Leaves rebuilt and matched, from 0.
    public var size: Int64
    /// The hex root of the stored leaves at `size`, as the guard recomputed it.
    public var rootHash: String
    /// The next leaf index the rotating sweep rebuilds.
    public var sweep: Int64
    /// When the guard recorded it.
    public var verifiedAt: Date
    /// Per record kind, the highest rowid of its table the guard found covered by a leaf (every row up to
    /// it, as far as SQLite assigns rowids); the next guard looks for unlogged records above it. A kind
    /// without a value is checked in full.
    public var rowids: [DecisionLogKind: Int64]

    /// Makes a mark.
    public init(size: Int64, rootHash: String, sweep: Int64, verifiedAt: Date, rowids: [DecisionLogKind: Int64] = [:]) {
        self.size = size
        self.rootHash = rootHash
        self.sweep = sweep
        self.verifiedAt = verifiedAt
        self.rowids = rowids
    }
}

/// What the write guard reads, in one transaction: the leaves it re-checks with the entries their rows
/// give now, the end of the log and the leaves missing from it, unlogged records newer than the mark,
/// missing triggers, the latest checkpoint, the mark, and the cached subtree hashes the signed root needs.
public struct DecisionLogGuardSnapshot: Sendable {
    /// The re-checked leaves (from the mark to the signed size, and the sweep window), in index order, each
    /// with the entry its rows give now (nil: the record's row is gone).
    public var leaves: [DecisionLogSnapshot.Leaf]
    /// The lowest leaf index (nil when the log is empty); below 0 only when a leaf was inserted outside Airlock,
    /// where no guard range reaches it (a record it names would look logged).
    public var firstLeaf: Int64?
    /// One more than the highest leaf index (0 when the log is empty).
    public var leafEnd: Int64
    /// Leaf indices looked for and not found (deleted rows): every index from the mark to `leafEnd`, and
    /// those of the sweep window.
    public var missingLeaves: [Int64]
    /// How many older leaves the sweep window re-checked (0: none, e.g. after this command's own checkpoint).
    public var swept: Int64
    /// Records that no leaf covers, among the rows above the mark's rowids (all rows of a kind the mark
    /// has no rowid for, or whose table shrank below it).
    public var unlogged: [(kind: DecisionLogKind, id: String)]
    /// Append-only triggers missing from the schema.
    public var missingTriggers: [String]
    /// The latest signed checkpoint.
    public var checkpoint: DecisionLogCheckpoint?
    /// The guard's mark, when it has run before.
    public var mark: DecisionLogMark?
    /// Leaves the node cache covers (one more than its highest leaf hash).
    public var nodeCount: UInt64
    /// The cached subtree hashes asked for, and the leaf hash of every re-checked signed leaf (empty when the
    /// cache does not cover the signed size).
    public var nodes: [DecisionLogNodeKey: Data]
    /// The highest rowid of each record table now (the next mark's).
    public var rowids: [DecisionLogKind: Int64]
}

/// A complete aligned subtree of the decision log's tree (table `log_nodes`): the hash of leaves
/// `[index·2^level, (index+1)·2^level)`; level 0 nodes are the leaf hashes.
public struct DecisionLogNodeKey: Sendable, Hashable {
    /// The subtree's height.
    public var level: Int
    /// Its position among the subtrees of that height.
    public var index: UInt64

    /// Makes a key.
    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }
}
