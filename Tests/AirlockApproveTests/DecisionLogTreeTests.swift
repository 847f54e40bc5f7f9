import Foundation
import Testing
import AirlockTestKit
import AirlockCrypto
import AirlockStore
import AirlockVerify
@testable import AirlockAppliance

/// The cached-subtree tree the log uses gives the same roots and proofs as the reference `MerkleTree`,
/// whether built in memory, grown checkpoint by checkpoint from a frontier, or read sparsely.
@Suite struct DecisionLogTreeTests {
    static func leaves(_ count: Int) -> [Data] { (0..<count).map { MerkleHasher.leafHash(Digest.sha256(Data("leaf \($0)".utf8))) } }

    @Test("roots, inclusion and consistency proofs equal MerkleTree's for every size up to 70", arguments: [1, 2, 3, 5, 8, 13, 32, 33, 70])
    func matchesReference(size: Int) {
        let hashes = Self.leaves(size)
        let reference = MerkleTree(leafHashes: hashes)
        let tree = DecisionLogTree(leafHashes: hashes)
        for n in 1...UInt64(size) {
            #expect(tree.root(size: n) == reference.root(size: n))
            for index in 0..<n { #expect(tree.inclusionProof(index: index, size: n) == reference.inclusionProof(index: index, size: n)) }
            for old in 0...n { #expect(tree.consistencyProof(old: old, new: n) == reference.consistencyProof(old: old, new: n)) }
        }
    }

    @Test("growing from a frontier, checkpoint by checkpoint, stores exactly the full tree's nodes; sparse reads give the same proofs")
    func grownAndSparse() {
        let hashes = Self.leaves(70)
        let full = DecisionLogTree(leafHashes: hashes)
        var stored: [DecisionLogNodeKey: Data] = [:]
        var size: UInt64 = 0
        for next in [1, 2, 7, 8, 9, 31, 32, 33, 64, 70] as [UInt64] {
            let frontier = stored.filter { DecisionLogTree.frontier(size).contains($0.key) }
            let added = DecisionLogTree.grow(from: size, frontierNodes: frontier, newLeafHashes: Array(hashes[Int(size)..<Int(next)]))
            #expect(Set(added.keys).isDisjoint(with: stored.keys))
            stored.merge(added) { old, _ in old }
            #expect(DecisionLogTree(size: next, nodes: stored).root(size: next) == full.root(size: next))
            size = next
        }
        for (key, hash) in stored { #expect(full.node(key) == hash) }
        #expect(stored.count == 70 + 35 + 17 + 8 + 4 + 2 + 1)
        let needed = DecisionLogTree.needed(size: 70) { _ = $0.inclusionProof(index: 45, size: 70); _ = $0.root(size: 70) }
        #expect(needed.count < 20)
        let sparse = DecisionLogTree(size: 70, nodes: stored.filter { needed.contains($0.key) })
        #expect(sparse.inclusionProof(index: 45, size: 70) == full.inclusionProof(index: 45, size: 70))
        #expect(sparse.root(size: 70) == full.root(size: 70))
    }
}
