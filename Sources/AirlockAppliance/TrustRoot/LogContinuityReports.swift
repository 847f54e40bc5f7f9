public import Foundation

/// One held checkpoint, as `trustroot logs` reports it.
public struct HeldCheckpoint: Sendable, Equatable, Encodable {
    /// The tree size.
    public var size: Int64
    /// The root hash, lowercase hex.
    public var rootHash: String
    /// `proven` (first seen, or connected by a consistency proof) or `unproven`.
    public var status: String
    /// SHA-256 of the signed note blob.
    public var noteSHA256: String
}

/// A recorded split view: both signed notes are kept as blobs.
public struct SplitViewRecord: Sendable, Equatable, Encodable {
    /// The size of the refused checkpoint.
    public var size: Int64
    /// Its root hash, hex.
    public var rootHash: String
    /// SHA-256 of its signed note blob.
    public var noteSHA256: String
    /// SHA-256 of the held note it contradicts (nil when the proof, not a same-size note, showed it).
    public var otherNoteSHA256: String?
    /// When it was recorded.
    public var at: Date
    /// Why it is a split view.
    public var reason: String
}

/// One transparency log's continuity state.
public struct LogContinuityEntry: Sendable, Equatable, Encodable {
    /// The checkpoint origin.
    public var origin: String
    /// Held checkpoints, smallest first.
    public var checkpoints: [HeldCheckpoint]
    /// Recorded split views (empty: none seen).
    public var splitViews: [SplitViewRecord]
    /// Names of the pinned witnesses.
    public var witnesses: [String]
}

/// `trustroot logs`.
public struct LogContinuityList: Sendable, Equatable, Encodable {
    /// Every log with a held checkpoint, a split view or a pinned witness, by origin.
    public var logs: [LogContinuityEntry]
}

/// `trustroot checkpoint add`: what the supplied checkpoint did.
public struct CheckpointAddReport: Sendable, Equatable, Encodable {
    /// The checkpoint origin.
    public var origin: String
    /// Its size.
    public var size: Int64
    /// `first`, `known`, `added` (held unproven), `connected` (a consistency proof connected it to a proven one) or `split-view`.
    public var outcome: String
    /// One line.
    public var message: String
}

/// A pinned witness, as `trustroot witness list` reports it.
public struct WitnessEntry: Sendable, Equatable, Encodable {
    /// The log's checkpoint origin.
    public var origin: String
    /// The witness name.
    public var name: String
    /// The C2SP verifier key.
    public var verifierKey: String
    /// When it was pinned.
    public var addedAt: Date
}

/// What one file of an imported archive's `checkpoints/` folder did (`airlock import`, D23).
public struct ArchiveCheckpointOutcome: Sendable, Equatable, Codable {
    /// The file inside the archive (or `--dir` tree): `checkpoints/<name>`.
    public var file: String
    /// As `trustroot checkpoint add`: `first`, `known`, `added` (held unproven) or `connected`; or
    /// `unknown-log` (no log of any trust root verifies the note: ignored) or `no-base` (the proof starts
    /// at a size not held for the log, even after the import's verification: ignored).
    public var outcome: String
    /// The checkpoint origin, as the note says.
    public var origin: String
    /// The checkpoint's tree size, as the note says.
    public var size: Int64
    /// The trust root whose log verified the note.
    public var trustRoot: String?
    /// One line.
    public var message: String
}
