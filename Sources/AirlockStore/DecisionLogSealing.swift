public import Foundation
internal import GRDB

/// What lets a logged write sign its own checkpoint inside its own transaction, so the write costs one
/// commit (docs/decisions.md D26). The Appliance makes it (it holds the keys and the hashing; the Store
/// imports neither) and gives it to the Store it opens for writing (`Store.sealing(with:)`).
public struct DecisionLogSealer: Sendable {
    /// The ids of the appliance's ring keys, or nil when there is no key (nothing is sealed then).
    public var keyIDs: @Sendable () -> [String]?
    /// The node keys of the frontier of a tree of this many leaves (read with the state).
    public var frontier: @Sendable (UInt64) -> [DecisionLogNodeKey]
    /// Signs the grown log described by the state read inside the write's transaction; nil when it cannot
    /// (the write is not sealed, and the checkpoint signed after the commit reports why).
    public var sign: @Sendable (DecisionLogCheckpointState) -> DecisionLogSeal?
    /// Told of a sealed checkpoint once the write's transaction committed.
    public var committed: @Sendable (DecisionLogCheckpoint) -> Void

    /// Makes a sealer.
    public init(keyIDs: @escaping @Sendable () -> [String]?, frontier: @escaping @Sendable (UInt64) -> [DecisionLogNodeKey],
                sign: @escaping @Sendable (DecisionLogCheckpointState) -> DecisionLogSeal?,
                committed: @escaping @Sendable (DecisionLogCheckpoint) -> Void) {
        self.keyIDs = keyIDs
        self.frontier = frontier
        self.sign = sign
        self.committed = committed
    }
}

/// A checkpoint to store with the write that grew the log: the signed checkpoint, the subtree hashes its
/// tree added, and the guard's mark.
public struct DecisionLogSeal: Sendable {
    /// The signed checkpoint.
    public var checkpoint: DecisionLogCheckpoint
    /// The subtree hashes added to `log_nodes`.
    public var nodes: [DecisionLogNodeKey: Data]
    /// The write guard's mark, when one is pending.
    public var mark: DecisionLogMark?

    /// Makes a seal.
    public init(checkpoint: DecisionLogCheckpoint, nodes: [DecisionLogNodeKey: Data], mark: DecisionLogMark?) {
        self.checkpoint = checkpoint
        self.nodes = nodes
        self.mark = mark
    }
}

extension Store {
    /// This store, its logged writes sealed by `sealer`.
    public func sealing(with sealer: DecisionLogSealer) -> Store {
        var copy = self
        copy.catalogue.sealer = sealer
        return copy
    }
}

extension Catalogue {
    /// Signs and stores a checkpoint over the log as this write transaction leaves it, when a sealer is set,
    /// every ring key is logged already and the log grew; inside a savepoint, so a seal that fails leaves the
    /// record's write as it was (unsealed: the checkpoint after the commit covers it and reports the failure).
    func seal(_ db: Database) throws {
        guard let sealer, let keyIDs = sealer.keyIDs() else { return }
        try DecisionLogCost.measure(.checkpoint) { () throws in
            let state = try Self.checkpointState(db, keyIDs: keyIDs, frontier: sealer.frontier)
            guard state.unloggedKeys.isEmpty, state.leafEnd > state.latest?.size ?? 0, let seal = sealer.sign(state) else { return }
            var stored = false
            try? db.inSavepoint {
                stored = try Self.store(seal.checkpoint, nodes: seal.nodes, mark: seal.mark, db)
                return .commit
            }
            if stored { db.afterNextTransaction { _ in sealer.committed(seal.checkpoint) } }
        }
    }
}
