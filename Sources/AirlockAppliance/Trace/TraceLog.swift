import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

/// The decision log as `trace` and `report` read it: the latest signed checkpoint and, for any record, its
/// leaf and inclusion proof against that checkpoint (the proof `audit prove` prints). When the node cache
/// (`log_nodes`) covers the checkpoint, a proof reads one leaf and O(log² n) cached subtree hashes, so a
/// trace costs the same with 100 or 100,000 records logged; otherwise every entry is read once and hashed.
/// A proof built from a forged cache entry does not verify against the signed root (`report` checks each).
struct TraceLog {
    private let store: Store
    /// The latest signed checkpoint, when there is one: every proof of this trace is against it.
    let checkpoint: DecisionLogCheckpoint?
    /// Every leaf and the whole tree, when the cache does not cover the checkpoint.
    private let full: (leaves: [DecisionLogLeaf], tree: DecisionLogTree)?

    /// Reads the log of an open store.
    init(store: Store) throws(ApplianceError) {
        self.store = store
        checkpoint = try storeCall { try store.catalogue.latestLogCheckpoint() }
        let cached = try storeCall { try store.catalogue.logNodeCount() }
        if let checkpoint, cached >= UInt64(checkpoint.size) {
            full = nil
        } else {
            let leaves = try storeCall { try store.catalogue.logLeaves() }
            full = (leaves, DecisionLogService.tree(leaves.map(\.entry)))
        }
    }

    /// Where the record `kind:recordID` sits in the log.
    func position(_ kind: DecisionLogKind, _ recordID: String) throws(ApplianceError) -> TraceLogPosition {
        let found: DecisionLogLeaf?
        if let full {
            found = full.leaves.last { $0.kind == kind && $0.recordID == recordID }
        } else {
            found = try storeCall { try store.catalogue.logLeaf(kind, recordID: recordID) }
        }
        guard let leaf = found else {
            return TraceLogPosition(status: "unlogged", leafIndex: nil, inclusion: nil)
        }
        guard let checkpoint, checkpoint.size > leaf.index else {
            return TraceLogPosition(status: "unsigned", leafIndex: Int(leaf.index), inclusion: nil)
        }
        let size = UInt64(checkpoint.size)
        let index = UInt64(leaf.index)
        let tree: DecisionLogTree
        if let full {
            tree = full.tree
        } else {
            let wanted = DecisionLogTree.needed(size: size) { _ = $0.inclusionProof(index: index, size: size); _ = $0.root(size: size) }
            tree = DecisionLogTree(size: size, nodes: try storeCall { try store.catalogue.logNodes(wanted) })
        }
        let leafData = DecisionLogService.leafData(leaf.entry)
        let proof = InclusionProofReport(
            kind: leaf.kind.rawValue, recordId: leaf.recordID, leafIndex: Int(leaf.index), treeSize: Int(size),
            entry: Base64.encode(leaf.entry), leafData: Hex.encode(leafData), leafHash: Hex.encode(MerkleHasher.leafHash(leafData)),
            proof: tree.inclusionProof(index: index, size: size).map(Hex.encode),
            rootHash: Hex.encode(tree.root(size: size)), checkpoint: checkpoint.note)
        return TraceLogPosition(status: "proven", leafIndex: Int(leaf.index), inclusion: proof)
    }
}
