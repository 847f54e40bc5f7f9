import Foundation
import Testing
import AirlockTestKit
@testable import AirlockVerify

/// Each way a proof can be wrong is rejected for its own reason (the vector files state only that
/// they fail), starting from a valid inclusion and consistency proof built by the test kit's log.
@Suite("Merkle proof rejections name their reason")
struct MerkleReasonTests {
    static func log(size: Int) -> MiniMerkleLog {
        var log = MiniMerkleLog()
        for i in 0..<size { _ = log.append(Data("entry \(i)".utf8)) }
        return log
    }

    @Test("inclusion: index beyond size, wrong proof length, short hash, wrong root")
    func inclusion() throws {
        let log = Self.log(size: 13)
        let leaf = log.leafHashes[5]
        let proof = log.inclusionProof(index: 5, size: 13)
        let root = log.root(size: 13)
        try MerkleInclusion.verify(index: 5, size: 13, leafHash: leaf, root: root, proof: proof)
        func code(_ body: () throws -> Void) -> MerkleError.Code? {
            do { try body(); return nil } catch { return (error as? MerkleError)?.code }
        }
        #expect(code { try MerkleInclusion.verify(index: 13, size: 13, leafHash: leaf, root: root, proof: proof) } == .invalidParameters)
        #expect(code { try MerkleInclusion.verify(index: 5, size: 13, leafHash: leaf, root: root, proof: proof.dropLast()) } == .malformedProof)
        var short = proof
        short[0] = short[0].prefix(31)
        #expect(code { try MerkleInclusion.verify(index: 5, size: 13, leafHash: leaf, root: root, proof: short) } == .malformedProof)
        var flipped = proof
        flipped[1][0] ^= 1
        #expect(code { try MerkleInclusion.verify(index: 5, size: 13, leafHash: leaf, root: root, proof: flipped) } == .rootMismatch)
        #expect(code { try MerkleInclusion.verify(index: 4, size: 13, leafHash: leaf, root: root, proof: proof) } == .rootMismatch)
    }

    @Test("consistency: shrinking tree, empty old tree, surplus hash, wrong second root")
    func consistency() throws {
        let log = Self.log(size: 21)
        let proof = log.consistencyProof(from: 7, to: 21)
        let old = log.root(size: 7)
        let new = log.root(size: 21)
        try MerkleConsistency.verify(size1: 7, size2: 21, root1: old, root2: new, proof: proof)
        func code(_ body: () throws -> Void) -> MerkleError.Code? {
            do { try body(); return nil } catch { return (error as? MerkleError)?.code }
        }
        #expect(code { try MerkleConsistency.verify(size1: 21, size2: 7, root1: new, root2: old, proof: proof) } == .invalidParameters)
        #expect(code { try MerkleConsistency.verify(size1: 0, size2: 21, root1: MerkleHasher.emptyRoot, root2: new, proof: []) } == .invalidParameters)
        #expect(code { try MerkleConsistency.verify(size1: 7, size2: 21, root1: old, root2: new, proof: proof + [new]) } == .malformedProof)
        #expect(code { try MerkleConsistency.verify(size1: 7, size2: 21, root1: old, root2: old, proof: proof) } == .rootMismatch)
    }
}
