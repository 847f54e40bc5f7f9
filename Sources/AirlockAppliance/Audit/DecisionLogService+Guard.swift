import Foundation
import Synchronization
import AirlockFormats
import AirlockStore
import AirlockVerify

extension DecisionLogService {
    /// Older records the guard rebuilds from their rows on each write (a rotating sweep), so an edit of
    /// an old record's rows is caught within `size / sweepWindow` writes, not only by `audit verify`.
    /// 16 keeps the guard within a few milliseconds with verdict entries of ~25 KB (`tools/bench audit`).
    static let sweepWindow = 16

    /// The check a write command runs before writing, incremental (docs/decisions.md D20, "Before
    /// writing", and D26): the append-only triggers are present; no record above the mark's rowids lacks a
    /// leaf; no leaf index from the mark to the end of the log, nor in the sweep window, is missing; the
    /// latest checkpoint's signature verifies and its root equals the root of the cached subtree hashes
    /// (`log_nodes`), so the cache is the signed tree; the leaves logged since the guard's last mark, and
    /// `sweepWindow` (16) older ones from its sweep cursor, hash to their cached leaf hashes and equal the
    /// entries rebuilt from their rows (a leaf whose record is gone is a deleted record). Cost:
    /// O(new + window + log n) reads in one read transaction, never the whole log nor a count of it. (A
    /// cache that does not cover the signed size, e.g. just after an upgrade, is replaced by hashing every
    /// stored entry; a mark without rowids, by looking at every record once.) Blobs are not re-hashed (that
    /// is `audit verify`). Throws `decision-log-tampered` (verification failed, exit 1) naming the first bad
    /// record; a log with no checkpoint passes unless its node cache or mark shows it had one, and a leaf
    /// index below 0 is refused. On success the mark moves to the checkpoint's size and the
    /// table ends, and the cursor advances (stored with the next checkpoint). Within one
    /// `DecisionLogCommandScope` (`import --policy`), the guard runs in full once; a later write's guard
    /// that finds the latest checkpoint byte-identical to the one the command signed since, no leaf after it,
    /// and the node cache ending there and hashing to its root, passes without reading more (O(log n) cached
    /// nodes); it stores no mark, so the mark stays where the full guard put it (D33).
    static func requireIntact(store: Store, stateDirectory: URL, now: Date = Date()) throws(ApplianceError) {
        // A seal of an earlier write that no checkpoint call consumed (its command failed) says nothing now.
        sealedCheckpoints.withLock { $0[stateDirectory.standardizedFileURL.path] = nil }
        if let own = DecisionLogCommandScope.ownCheckpoint(stateDirectory) {
            let head = try storeCall {
                try store.catalogue.decisionLogHead { signed in DecisionLogTree.needed(size: signed) { _ = $0.root(size: signed) } }
            }
            // The node cache must still hash to the root this command signed and end there: the next checkpoint
            // grows from its frontier, and no later guard rebuilds a cached subtree from its leaves.
            if let latest = head.latest, latest.note == own, head.leafEnd == latest.size, head.nodeCount == UInt64(latest.size),
               own.hasPrefix(DecisionLogNote.text(origin: String(own.prefix { $0 != "\n" }), size: UInt64(latest.size),
                                                  root: DecisionLogTree(size: UInt64(latest.size), nodes: head.nodes).root(size: UInt64(latest.size)))) {
                // The mark stays where it is: a mark left pending by another command's guard in this process
                // (which passed before this command's records were read again) must not be stored by this write.
                pendingMarks.withLock { $0[stateDirectory.standardizedFileURL.path] = nil }
                return
            }
        }
        let snapshot = try storeCall {
            try store.catalogue.decisionLogGuardSnapshot(sweep: sweepWindow) { signed in
                DecisionLogTree.needed(size: signed) { _ = $0.root(size: signed) }
            }
        }
        guard let latest = snapshot.checkpoint else {
            // Cached tree nodes and the guard's mark are only ever stored with a checkpoint: either of them
            // without one means the checkpoints were deleted (the next write would sign over whatever is there).
            if snapshot.nodeCount > 0 || snapshot.mark != nil {
                throw ApplianceError(.verificationFailed,
                                     "the decision log has no checkpoint, but its node cache or guard mark shows it had some (deleted?)",
                                     code: "decision-log-tampered", entry: "log checkpoints")
            }
            DecisionLogCommandScope.guarded(stateDirectory)
            return
        }
        let service = DecisionLogService(stateDirectory: stateDirectory)
        let signed = UInt64(latest.size)
        var findings = snapshot.missingTriggers.map {
            AuditFinding(kind: "schema", id: $0, reason: "append-only trigger \($0) is missing (dropped?)")
        }
        if let first = snapshot.firstLeaf, first < 0 {
            findings.append(AuditFinding(kind: "log", id: String(first),
                                         reason: "log leaf \(first) has an index below 0, outside the log (inserted outside Airlock)"))
        }
        if snapshot.leafEnd < latest.size {
            findings.append(AuditFinding(kind: "log", id: String(snapshot.leafEnd),
                                         reason: "log leaves are missing (deleted): the log ends at \(snapshot.leafEnd), signed size \(latest.size)"))
        }
        findings += snapshot.missingLeaves.map {
            AuditFinding(kind: "log", id: String($0), reason: "log leaf \($0) is missing (deleted)")
        }
        findings += leafFindings(snapshot.leaves, contiguous: false)
        findings += snapshot.unlogged.map {
            AuditFinding(kind: $0.kind.rawValue, id: $0.id, reason: "recorded without a decision-log leaf")
        }
        let tree: DecisionLogTree
        if snapshot.nodeCount >= signed {
            tree = DecisionLogTree(size: signed, nodes: snapshot.nodes)
            for leaf in snapshot.leaves.map(\.stored) where leaf.index < latest.size
                && tree.node(DecisionLogNodeKey(level: 0, index: UInt64(leaf.index))) != MerkleHasher.leafHash(leafData(leaf.entry)) {
                findings.append(AuditFinding(kind: leaf.kind.rawValue, id: leaf.recordID,
                                             reason: "log leaf \(leaf.index) was edited: it no longer hashes to the signed tree's leaf"))
            }
        } else {
            tree = Self.tree(try storeCall { try store.catalogue.logLeaves() }.map(\.entry))
        }
        if findings.isEmpty, tree.size >= signed {
            findings += try service.checkpointFindings([latest], tree: tree)
        }
        guard let first = findings.first else {
            let mark = DecisionLogMark(size: latest.size, rootHash: Hex.encode(tree.root(size: signed)),
                                       sweep: max(0, snapshot.mark?.sweep ?? 0) + snapshot.swept, verifiedAt: now, rowids: snapshot.rowids)
            DecisionLogCommandScope.guarded(stateDirectory)
            // Stored with the checkpoint the write signs next (one transaction, one fsync fewer); a command
            // that writes nothing leaves the old mark, and the next guard redoes this little work.
            pendingMarks.withLock { $0[stateDirectory.standardizedFileURL.path] = mark }
            return
        }
        throw ApplianceError(.verificationFailed,
                             "the decision log does not verify up to its signed size \(latest.size): \(first.kind) \(first.id): \(first.reason)"
                                 + (findings.count > 1 ? " (and \(findings.count - 1) more; run `airlock audit verify`)" : ""),
                             code: "decision-log-tampered", entry: "\(first.kind) \(first.id)")
    }
}

/// The mark each state directory's guard reached in this process, stored by the next checkpoint.
let pendingMarks = Mutex<[String: DecisionLogMark]>([:])

/// Refuses to write on a store whose decision log does not verify (see `DecisionLogService.requireIntact`).
func requireIntactDecisionLog(_ store: Store, _ stateDirectory: URL) throws(ApplianceError) {
    try DecisionLogCost.measure(.writeGuard) { () throws(ApplianceError) in try DecisionLogService.requireIntact(store: store, stateDirectory: stateDirectory) }
}

/// Runs one catalogue change as a logged write: the guard first, then the change (whose leaf the Store
/// appends in the change's own transaction), then a signed checkpoint over the grown log.
func loggedChange(_ store: Store, _ stateDirectory: URL, _ change: () throws -> Void) throws(ApplianceError) {
    try requireIntactDecisionLog(store, stateDirectory)
    try storeCall { try change() }
    try signDecisionLog(store, stateDirectory)
}
