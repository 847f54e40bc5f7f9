import Foundation
import AirlockFormats
import AirlockStore
import AirlockVerify

/// The decision log as `trace` reads it: every leaf and the latest signed checkpoint, read once, and the
/// inclusion proof of any record against that checkpoint (computed as `audit prove` computes it).
struct TraceLog {
    private let leaves: [DecisionLogLeaf]
    /// The latest signed checkpoint, when there is one: every proof of this trace is against it.
    let checkpoint: DecisionLogCheckpoint?
    private let tree: MerkleTree

    /// Reads the log of an open store.
    init(store: Store) throws(ApplianceError) {
        leaves = try storeCall { try store.catalogue.logLeaves() }
        checkpoint = try storeCall { try store.catalogue.logCheckpoints() }.last
        tree = DecisionLogService.tree(leaves.map(\.entry))
    }

    /// Where the record `kind:recordID` sits in the log; its latest leaf when logged more than once.
    func position(_ kind: DecisionLogKind, _ recordID: String) -> TraceLogPosition {
        guard let leaf = leaves.last(where: { $0.kind == kind && $0.recordID == recordID }) else {
            return TraceLogPosition(status: "unlogged", leafIndex: nil, inclusion: nil)
        }
        guard let checkpoint, checkpoint.size > leaf.index else {
            return TraceLogPosition(status: "unsigned", leafIndex: Int(leaf.index), inclusion: nil)
        }
        let size = UInt64(checkpoint.size)
        let leafData = DecisionLogService.leafData(leaf.entry)
        let proof = InclusionProofReport(
            kind: leaf.kind.rawValue, recordId: leaf.recordID, leafIndex: Int(leaf.index), treeSize: Int(size),
            entry: Base64.encode(leaf.entry), leafData: Hex.encode(leafData), leafHash: Hex.encode(MerkleHasher.leafHash(leafData)),
            proof: tree.inclusionProof(index: UInt64(leaf.index), size: size).map(Hex.encode),
            rootHash: Hex.encode(tree.root(size: size)), checkpoint: checkpoint.note)
        return TraceLogPosition(status: "proven", leafIndex: Int(leaf.index), inclusion: proof)
    }
}
