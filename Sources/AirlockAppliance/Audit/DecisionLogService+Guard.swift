import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

extension DecisionLogService {
    /// Older records the guard rebuilds from their rows on each write (a rotating sweep), so an edit of
    /// an old record's rows is caught within `size / sweepWindow` writes, not only by `audit verify`.
    static let sweepWindow = 64

    /// The check a write command runs before writing, incremental (docs/decisions.md D20, "Before
    /// writing"): the append-only triggers are present; no record lacks a leaf; the latest checkpoint's
    /// signature verifies and its root equals the root recomputed from every stored leaf entry (so any
    /// edited, deleted or reordered leaf, old or new, is caught); the records logged since the guard's
    /// last mark, and `sweepWindow` older ones from the sweep cursor, are rebuilt from their rows and
    /// must equal their leaves. Blobs are not re-hashed (that is `audit verify`). Throws
    /// `decision-log-tampered` (verification failed, exit 1) naming the first bad record; a log with no
    /// checkpoint passes. On success the mark moves to the checkpoint's size and the cursor advances.
    static func requireIntact(store: Store, stateDirectory: URL, now: Date = Date()) throws(ApplianceError) {
        let snapshot = try storeCall { try store.catalogue.decisionLogGuardSnapshot(sweep: sweepWindow) }
        guard let latest = snapshot.checkpoint else { return }
        let service = DecisionLogService(stateDirectory: stateDirectory)
        var findings = snapshot.missingTriggers.map {
            AuditFinding(kind: "schema", id: $0, reason: "append-only trigger \($0) is missing (dropped?)")
        }
        let checked = snapshot.rebuilt.keys.sorted().compactMap { index -> DecisionLogSnapshot.Leaf? in
            guard index < snapshot.leaves.count, let rebuilt = snapshot.rebuilt[index] else { return nil }
            return DecisionLogSnapshot.Leaf(stored: snapshot.leaves[Int(index)], rebuilt: rebuilt)
        }
        findings += leafFindings(checked, contiguous: false)
        findings += leafFindings(snapshot.leaves.prefix(Int(latest.size)).map { .init(stored: $0, rebuilt: $0.entry) })
        findings += snapshot.unlogged.map {
            AuditFinding(kind: $0.kind.rawValue, id: $0.id, reason: "recorded without a decision-log leaf")
        }
        let tree = tree(snapshot.leaves.map(\.entry))
        if findings.isEmpty {
            findings += try service.checkpointFindings([latest], tree: tree)
        }
        guard let first = findings.first else {
            let swept = Int64(min(sweepWindow, Int(snapshot.mark?.size ?? 0)))
            let mark = DecisionLogMark(size: latest.size, rootHash: Hex.encode(tree.root(size: UInt64(latest.size))),
                                       sweep: max(0, snapshot.mark?.sweep ?? 0) + swept, verifiedAt: now)
            try storeCall { try store.catalogue.recordGuardMark(mark) }
            return
        }
        throw ApplianceError(.verificationFailed,
                             "the decision log does not verify up to its signed size \(latest.size): \(first.kind) \(first.id): \(first.reason)"
                                 + (findings.count > 1 ? " (and \(findings.count - 1) more; run `airlock audit verify`)" : ""),
                             code: "decision-log-tampered", entry: "\(first.kind) \(first.id)")
    }
}

/// Refuses to write on a store whose decision log does not verify (see `DecisionLogService.requireIntact`).
func requireIntactDecisionLog(_ store: Store, _ stateDirectory: URL) throws(ApplianceError) {
    try DecisionLogService.requireIntact(store: store, stateDirectory: stateDirectory)
}

/// Runs one catalogue change as a logged write: the guard first, then the change (whose leaf the Store
/// appends in the change's own transaction), then a signed checkpoint over the grown log.
func loggedChange(_ store: Store, _ stateDirectory: URL, _ change: () throws -> Void) throws(ApplianceError) {
    try requireIntactDecisionLog(store, stateDirectory)
    try storeCall { try change() }
    try signDecisionLog(store, stateDirectory)
}
