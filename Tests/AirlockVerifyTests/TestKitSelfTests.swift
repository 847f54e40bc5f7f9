import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockTestKit

/// Self-tests of the miniature Sigstore: every artefact it makes is checked here with a reference
/// algorithm written independently of both the test kit and the verifier.
@Suite("TestKit self-tests")
struct TestKitSelfTests {
    // MARK: Reference RFC 9162 verifiers (§2.1.3.2 and §2.1.4.2), written from the RFC text.

    static func referenceRoot(index: UInt64, size: UInt64, leafHash: Data, proof: [Data]) -> Data? {
        guard index < size else { return nil }
        var fn = index, sn = size - 1, r = leafHash
        for p in proof {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = MiniMerkleLog.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = MiniMerkleLog.nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    static func referenceConsistency(first: UInt64, second: UInt64, firstRoot: Data, secondRoot: Data, proof: [Data]) -> Bool {
        guard first > 0, first < second, !proof.isEmpty else { return false }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        var fn = first - 1, sn = second - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MiniMerkleLog.nodeHash(c, fr)
                sr = MiniMerkleLog.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = MiniMerkleLog.nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }

    static func log(size: Int) -> MiniMerkleLog {
        var log = MiniMerkleLog()
        for i in 0..<size { log.append(Data("leaf \(i)".utf8)) }
        return log
    }

    @Test("Merkle roots match RFC 6962 hand computations")
    func merkleRootsByHand() {
        let log = Self.log(size: 3)
        let l = (0..<3).map { MiniMerkleLog.leafHash(Data("leaf \($0)".utf8)) }
        #expect(log.root(size: 0) == Digest.sha256(Data()))
        #expect(log.root(size: 1) == l[0])
        #expect(log.root(size: 2) == MiniMerkleLog.nodeHash(l[0], l[1]))
        #expect(log.root(size: 3) == MiniMerkleLog.nodeHash(MiniMerkleLog.nodeHash(l[0], l[1]), l[2]))
        #expect(MiniMerkleLog.leafHash(Data()) == Digest.sha256(Data([0])))
    }

    @Test("inclusion proofs verify for every index of every size up to 33", arguments: Array(1...33))
    func inclusionProofs(size: Int) {
        let log = Self.log(size: 33)
        let root = log.root(size: Int64(size))
        for index in 0..<size {
            let proof = log.inclusionProof(index: Int64(index), size: Int64(size))
            let leaf = log.leafHashes[index]
            #expect(Self.referenceRoot(index: UInt64(index), size: UInt64(size), leafHash: leaf, proof: proof) == root)
            if let first = proof.first {
                // A proof with one hash flipped must not verify: the reference is not vacuous.
                var bad = proof
                var flipped = first
                flipped[flipped.startIndex] ^= 1
                bad[0] = flipped
                #expect(Self.referenceRoot(index: UInt64(index), size: UInt64(size), leafHash: leaf, proof: bad) != root)
            }
        }
    }

    @Test("consistency proofs verify between every pair of sizes up to 20")
    func consistencyProofs() {
        let log = Self.log(size: 20)
        for second in 2...20 {
            for first in 1..<second {
                let proof = log.consistencyProof(from: Int64(first), to: Int64(second))
                #expect(Self.referenceConsistency(
                    first: UInt64(first), second: UInt64(second),
                    firstRoot: log.root(size: Int64(first)), secondRoot: log.root(size: Int64(second)), proof: proof),
                    "consistency \(first)→\(second)")
                #expect(!Self.referenceConsistency(
                    first: UInt64(first), second: UInt64(second),
                    firstRoot: log.root(size: Int64(first - 1 == 0 ? second : first - 1)), secondRoot: log.root(size: Int64(second)), proof: proof))
            }
        }
        #expect(log.consistencyProof(from: 0, to: 5).isEmpty)
        #expect(log.consistencyProof(from: 5, to: 5).isEmpty)
    }
}
