import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

extension DecisionLogService {
    /// `airlock audit prove RECORD`: the inclusion proof of one record's leaf against the latest signed
    /// checkpoint. `record` is a record id or subject (bundle id or archive SHA-256, verdict sequence
    /// number or verdict id, approval id, key id), optionally as `kind:id`. The proof is computed from the
    /// logged entries, so it checks against the signed root with any RFC 6962 verifier.
    public func prove(_ record: String) throws(ApplianceError) -> InclusionProofReport {
        let store = try openStore(stateDirectory, mode: .existing)
        let leaves = try storeCall { try store.catalogue.logLeaves() }
        let matches = Self.match(record, in: leaves)
        guard let leaf = matches.last else {
            throw ApplianceError(.badInput, "no decision-log record matches \"\(record)\"", code: "unknown-record", field: "record")
        }
        let kinds = Set(matches.map(\.kind))
        guard kinds.count == 1 else {
            let names = matches.map { "\($0.kind.rawValue):\($0.recordID)" }.joined(separator: ", ")
            throw ApplianceError(.badInput, "\"\(record)\" names several records (\(names)); give kind:id", code: "ambiguous-record", field: "record")
        }
        guard let checkpoint = try storeCall({ try store.catalogue.latestLogCheckpoint() }), checkpoint.size > leaf.index else {
            throw ApplianceError(.badInput, "no signed checkpoint covers leaf \(leaf.index) yet (run `airlock keys init`, or any write)",
                                 code: "unsigned-leaf", field: "record")
        }
        let tree = Self.tree(leaves.map(\.entry))
        let size = UInt64(checkpoint.size)
        let index = UInt64(leaf.index)
        let leafData = Self.leafData(leaf.entry)
        return InclusionProofReport(
            kind: leaf.kind.rawValue, recordId: leaf.recordID, leafIndex: Int(leaf.index), treeSize: Int(size),
            entry: Base64.encode(leaf.entry), leafData: Hex.encode(leafData), leafHash: Hex.encode(MerkleHasher.leafHash(leafData)),
            proof: tree.inclusionProof(index: index, size: size).map(Hex.encode),
            rootHash: Hex.encode(tree.root(size: size)), checkpoint: checkpoint.note)
    }

    /// `airlock audit consistency OLD [NEW]`: the consistency proof between two tree sizes (NEW defaults
    /// to the latest signed checkpoint's size), with the signed checkpoints of those sizes when stored.
    public func consistency(old: Int, new: Int? = nil) throws(ApplianceError) -> ConsistencyProofReport {
        let store = try openStore(stateDirectory, mode: .existing)
        let leaves = try storeCall { try store.catalogue.logLeaves() }
        let checkpoints = try storeCall { try store.catalogue.logCheckpoints() }
        let newSize = new ?? Int(checkpoints.last?.size ?? Int64(leaves.count))
        guard old >= 1, old <= newSize, newSize <= leaves.count else {
            throw ApplianceError(.badInput, "sizes must satisfy 1 <= OLD <= NEW <= \(leaves.count) (got \(old), \(newSize))",
                                 code: "usage", field: "size")
        }
        let tree = Self.tree(leaves.map(\.entry))
        func note(_ size: Int) -> String? { checkpoints.first { $0.size == Int64(size) }?.note }
        return ConsistencyProofReport(
            oldSize: old, newSize: newSize, oldRootHash: Hex.encode(tree.root(size: UInt64(old))),
            newRootHash: Hex.encode(tree.root(size: UInt64(newSize))),
            proof: tree.consistencyProof(old: UInt64(old), new: UInt64(newSize)).map(Hex.encode),
            oldCheckpoint: note(old), newCheckpoint: note(newSize))
    }

    /// The leaves `record` names: `kind:id`, or any leaf whose record id or subject equals it.
    static func match(_ record: String, in leaves: [DecisionLogLeaf]) -> [DecisionLogLeaf] {
        if let colon = record.firstIndex(of: ":"), let kind = DecisionLogKind(rawValue: String(record[..<colon])) {
            let id = String(record[record.index(after: colon)...])
            return leaves.filter { $0.kind == kind && ($0.recordID == id || $0.subject == id) }
        }
        let bare = record.hasPrefix("sha256:") ? String(record.dropFirst(7)) : record
        return leaves.filter { $0.recordID == bare || $0.subject == bare }
    }
}
