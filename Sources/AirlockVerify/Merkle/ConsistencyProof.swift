public import Foundation

/// Merkle consistency proofs (RFC 9162 §2.1.4) and their subtree generalisation, following
/// transparency-dev/merkle. The proof is consumed outermost-first from its end, mirroring how
/// `SUBPROOF` builds it, so both the old and new roots are recomputed from it.
public enum MerkleConsistency {
    /// Verifies that the tree of `size1` leaves with root `root1` is a prefix of the tree of `size2`
    /// leaves with root `root2`.
    public static func verify(size1: UInt64, size2: UInt64, root1: Data, root2: Data, proof: [Data]) throws(MerkleError) {
        guard size1 <= size2 else {
            throw MerkleError(.invalidParameters, "size1 \(size1) is larger than size2 \(size2)")
        }
        if size1 == size2 {
            guard proof.isEmpty else { throw MerkleError(.malformedProof, "sizes are equal but the proof is not empty") }
            guard root1 == root2 else { throw MerkleError(.rootMismatch, "sizes are equal but the roots differ") }
            guard size1 != 0 || root1 == MerkleHasher.emptyRoot else {
                throw MerkleError(.rootMismatch, "the root of an empty tree must be the empty hash")
            }
            return
        }
        guard size1 != 0 else {
            throw MerkleError(.invalidParameters, "consistency with an empty tree proves nothing")
        }
        try verifySubtree(start: 0, end: size1, size: size2, subtreeRoot: root1, root: root2, proof: proof)
    }

    /// Verifies that the subtree `[start, end)` with hash `subtreeRoot` is part of the tree of `size`
    /// leaves whose root is `root`.
    public static func verifySubtree(
        start: UInt64, end: UInt64, size: UInt64, subtreeRoot: Data, root: Data, proof: [Data]
    ) throws(MerkleError) {
        if start == end {
            guard end <= size else { throw MerkleError(.invalidParameters, "empty subtree at \(end) lies beyond size \(size)") }
            guard proof.isEmpty else { throw MerkleError(.malformedProof, "an empty subtree needs an empty proof") }
            guard subtreeRoot == MerkleHasher.emptyRoot else {
                throw MerkleError(.rootMismatch, "the hash of an empty subtree must be the empty hash")
            }
            return
        }
        guard MerkleSubtree.isValid(start: start, end: end) else {
            throw MerkleError(.invalidParameters, "[\(start), \(end)) is not a valid subtree")
        }
        guard end <= size else { throw MerkleError(.invalidParameters, "subtree end \(end) is beyond tree size \(size)") }
        try MerkleInclusion.checkHashSizes(proof)
        var remaining = proof[...]
        let (old, new) = try recompute(start: start, end: end, size: size, known: true, proof: &remaining, subtreeRoot: subtreeRoot)
        guard remaining.isEmpty else {
            throw MerkleError(.malformedProof, "consistency proof has \(remaining.count) surplus hashes")
        }
        guard old == subtreeRoot else { throw MerkleError(.rootMismatch, "consistency proof does not lead to the first root") }
        guard new == root else { throw MerkleError(.rootMismatch, "consistency proof does not lead to the second root") }
    }

    /// Recomputes (hash of `[start, end)`, hash of `[0, size)`) relative to the current node.
    private static func recompute(
        start: UInt64, end: UInt64, size: UInt64, known: Bool,
        proof: inout ArraySlice<Data>, subtreeRoot: Data
    ) throws(MerkleError) -> (Data, Data) {
        if start == 0 && end == size {
            if known { return (subtreeRoot, subtreeRoot) }
            guard let hash = proof.popLast() else { throw MerkleError(.malformedProof, "consistency proof is too short") }
            return (hash, hash)
        }
        guard let sibling = proof.popLast() else { throw MerkleError(.malformedProof, "consistency proof is too short") }
        let k = MerkleSubtree.largestPowerOfTwo(below: size)
        if end <= k {
            let (old, new) = try recompute(start: start, end: end, size: k, known: known, proof: &proof, subtreeRoot: subtreeRoot)
            return (old, MerkleHasher.nodeHash(new, sibling))
        }
        if start >= k {
            let (old, new) = try recompute(
                start: start - k, end: end - k, size: size - k, known: known, proof: &proof, subtreeRoot: subtreeRoot)
            return (old, MerkleHasher.nodeHash(sibling, new))
        }
        // The subtree straddles k, so it starts at 0 (alignment): the left half is complete.
        let (old, new) = try recompute(start: 0, end: end - k, size: size - k, known: false, proof: &proof, subtreeRoot: subtreeRoot)
        return (MerkleHasher.nodeHash(sibling, old), MerkleHasher.nodeHash(sibling, new))
    }
}
