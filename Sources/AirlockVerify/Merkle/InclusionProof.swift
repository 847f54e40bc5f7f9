public import Foundation

/// Merkle inclusion proofs (RFC 9162 §2.1.3.2), following transparency-dev/merkle `proof/verify.go`.
public enum MerkleInclusion {
    /// The root implied by an inclusion proof for the leaf at `index` in a tree of `size` leaves.
    ///
    /// The proof hashes are in leaf-to-root order, as Rekor and RFC 9162 give them.
    public static func root(index: UInt64, size: UInt64, leafHash: Data, proof: [Data]) throws(MerkleError) -> Data {
        guard index < size else {
            throw MerkleError(.invalidParameters, "leaf index \(index) is not below tree size \(size)")
        }
        let inner = innerProofSize(index: index, size: size)
        let border = (index >> UInt64(inner)).nonzeroBitCount
        guard proof.count == inner + border else {
            throw MerkleError(.malformedProof, "inclusion proof has \(proof.count) hashes, expected \(inner + border)")
        }
        try checkHashSizes(proof)
        var hash = leafHash
        for i in 0..<inner {
            hash = (index >> UInt64(i)) & 1 == 0
                ? MerkleHasher.nodeHash(hash, proof[i])
                : MerkleHasher.nodeHash(proof[i], hash)
        }
        for sibling in proof[inner...] {
            hash = MerkleHasher.nodeHash(sibling, hash)
        }
        return hash
    }

    /// Verifies that `leafHash` is at `index` in the tree of `size` leaves whose root is `root`.
    public static func verify(index: UInt64, size: UInt64, leafHash: Data, root: Data, proof: [Data]) throws(MerkleError) {
        guard leafHash.count == MerkleHasher.hashSize else {
            throw MerkleError(.malformedProof, "leaf hash is \(leafHash.count) bytes, expected 32")
        }
        let computed = try Self.root(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw MerkleError(.rootMismatch, "inclusion proof leads to a root that differs from the expected root")
        }
    }

    /// Verifies inclusion of the leaf at `index` in the subtree `[start, end)` whose hash is `root`.
    ///
    /// A subtree must be non-empty and aligned: `start` is a multiple of the smallest power of two
    /// not below `end - start` (the subtree definition of Merkle Tree Certificates).
    public static func verifySubtree(
        index: UInt64, start: UInt64, end: UInt64, leafHash: Data, root: Data, proof: [Data]
    ) throws(MerkleError) {
        guard MerkleSubtree.isValid(start: start, end: end) else {
            throw MerkleError(.invalidParameters, "[\(start), \(end)) is not a valid subtree")
        }
        guard index >= start, index < end else {
            throw MerkleError(.invalidParameters, "leaf index \(index) lies outside subtree [\(start), \(end))")
        }
        try verify(index: index - start, size: end - start, leafHash: leafHash, root: root, proof: proof)
    }

    /// Number of proof hashes below the point where the leaf's path and the right border meet.
    static func innerProofSize(index: UInt64, size: UInt64) -> Int {
        let x = index ^ (size - 1)
        return x == 0 ? 0 : 64 - x.leadingZeroBitCount
    }

    static func checkHashSizes(_ proof: [Data]) throws(MerkleError) {
        for (i, hash) in proof.enumerated() where hash.count != MerkleHasher.hashSize {
            throw MerkleError(.malformedProof, "proof hash \(i) is \(hash.count) bytes, expected 32")
        }
    }
}

/// Helpers for aligned subtrees `[start, end)` of a Merkle tree.
public enum MerkleSubtree {
    /// Whether `[start, end)` is a non-empty subtree aligned to the power of two that covers it.
    public static func isValid(start: UInt64, end: UInt64) -> Bool {
        guard start < end else { return false }
        // A width above 2^63 rounds up to 2^64, to which only 0 is aligned.
        guard end - start <= UInt64(1) << 63 else { return start == 0 }
        return start % bitCeil(end - start) == 0
    }

    /// The smallest power of two not below `value` (value ≥ 1).
    static func bitCeil(_ value: UInt64) -> UInt64 {
        value <= 1 ? 1 : UInt64(1) << UInt64(64 - (value - 1).leadingZeroBitCount)
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
