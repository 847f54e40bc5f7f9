public import Foundation

/// An RFC 6962 / RFC 9162 §2.1 Merkle tree over known leaf hashes: root, inclusion path and
/// consistency proof of any prefix. The counterpart of `MerkleInclusion` and `MerkleConsistency`,
/// used to prove the appliance's own decision log. Recursive, O(n) per call: meant for logs of
/// thousands of leaves, not billions.
public struct MerkleTree: Sendable {
    /// The leaf hashes (`MerkleHasher.leafHash` of each entry), in order.
    public let leafHashes: [Data]

    /// A tree over these leaf hashes.
    public init(leafHashes: [Data]) {
        self.leafHashes = leafHashes
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(leafHashes.count) }

    /// `MTH(D[0:size])`: the root of the first `size` leaves.
    public func root(size: UInt64) -> Data {
        hash(leafHashes[0..<Int(min(size, self.size))])
    }

    /// `PATH(index, D[0:size])`: the inclusion proof of leaf `index` in the tree of `size` leaves.
    public func inclusionProof(index: UInt64, size: UInt64) -> [Data] {
        precondition(index < size && size <= self.size, "leaf index out of range")
        return path(Int(index), leafHashes[0..<Int(size)])
    }

    /// `PROOF(old, D[0:new])`: the consistency proof between the trees of `old` and `new` leaves
    /// (empty when `old` is 0 or equals `new`).
    public func consistencyProof(old: UInt64, new: UInt64) -> [Data] {
        precondition(old <= new && new <= size, "tree sizes out of range")
        guard old > 0, old < new else { return [] }
        return subproof(Int(old), leafHashes[0..<Int(new)], complete: true)
    }

    private func hash(_ leaves: ArraySlice<Data>) -> Data {
        switch leaves.count {
        case 0: return MerkleHasher.emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = Self.split(leaves.count)
            let middle = leaves.startIndex + k
            return MerkleHasher.nodeHash(hash(leaves[leaves.startIndex..<middle]), hash(leaves[middle...]))
        }
    }

    private func path(_ m: Int, _ leaves: ArraySlice<Data>) -> [Data] {
        guard leaves.count > 1 else { return [] }
        let k = Self.split(leaves.count)
        let middle = leaves.startIndex + k
        if m < k { return path(m, leaves[leaves.startIndex..<middle]) + [hash(leaves[middle...])] }
        return path(m - k, leaves[middle...]) + [hash(leaves[leaves.startIndex..<middle])]
    }

    private func subproof(_ m: Int, _ leaves: ArraySlice<Data>, complete: Bool) -> [Data] {
        if m == leaves.count { return complete ? [] : [hash(leaves)] }
        let k = Self.split(leaves.count)
        let middle = leaves.startIndex + k
        if m <= k { return subproof(m, leaves[leaves.startIndex..<middle], complete: complete) + [hash(leaves[middle...])] }
        return subproof(m - k, leaves[middle...], complete: false) + [hash(leaves[leaves.startIndex..<middle])]
    }

    /// The largest power of two strictly below `n` (n > 1).
    private static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
