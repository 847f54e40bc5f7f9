import Foundation
import AirlockFormats
import AirlockStore

extension DecisionLogService {
    /// The check a write command runs before writing: the log must verify up to its latest signed
    /// checkpoint (signature, root of the stored entries, and every logged record unchanged, present and
    /// accounted for). Blobs are not re-hashed (that is `audit verify`). Throws `decision-log-tampered`
    /// (verification failed, exit 1) naming the first bad record; a log with no checkpoint passes.
    static func requireIntact(store: Store, stateDirectory: URL) throws(ApplianceError) {
        let snapshot = try storeCall { try store.catalogue.decisionLogSnapshot() }
        guard let latest = snapshot.checkpoints.last else { return }
        let service = DecisionLogService(stateDirectory: stateDirectory)
        var findings = snapshot.missingTriggers.map {
            AuditFinding(kind: "schema", id: $0, reason: "append-only trigger \($0) is missing (dropped?)")
        }
        findings += leafFindings(Array(snapshot.leaves.prefix(Int(latest.size))))
        findings += snapshot.unlogged.map {
            AuditFinding(kind: $0.kind.rawValue, id: $0.id, reason: "recorded without a decision-log leaf")
        }
        if findings.isEmpty {
            findings += try service.checkpointFindings([latest], tree: tree(snapshot.leaves.map(\.stored.entry)))
        }
        guard let first = findings.first else { return }
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
