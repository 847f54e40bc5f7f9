public import Foundation
import AirlockCrypto

/// An append-only RFC 6962 / RFC 9162 Merkle tree held in memory, the storage of every miniature log.
///
/// Leaves are hashed `H(0x00 || data)` and interior nodes `H(0x01 || left || right)` with SHA-256.
/// Roots, inclusion proofs (RFC 9162 `PATH`) and consistency proofs (`SUBPROOF`) are computed by the
/// recursive definitions of RFC 9162 §2.1, which is slow for big trees but obviously correct for
/// any size — exactly what a test oracle should be.
public struct MiniMerkleLog: Sendable {
    /// The leaf hashes, in append order.
    public private(set) var leafHashes: [Data] = []

    /// An empty log.
    public init() {}

    /// The number of leaves appended so far.
    public var size: Int64 { Int64(leafHashes.count) }

    /// Appends a leaf (its raw bytes; the log hashes them) and returns its index.
    @discardableResult
    public mutating func append(_ leaf: Data) -> Int64 {
        leafHashes.append(Self.leafHash(leaf))
        return Int64(leafHashes.count - 1)
    }

    /// `H(0x00 || data)`: the RFC 6962 leaf hash.
    public static func leafHash(_ data: Data) -> Data {
        var input = Data([0x00])
        input.append(data)
        return Digest.sha256(input)
    }

    /// `H(0x01 || left || right)`: the RFC 6962 interior node hash.
    public static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var input = Data([0x01])
        input.append(left)
        input.append(right)
        return Digest.sha256(input)
    }

    /// The Merkle tree hash of the first `size` leaves (`H("")` for size 0). Requires `0...self.size`.
    public func root(size: Int64) -> Data {
        precondition(size >= 0 && size <= self.size, "root(size: \(size)) of a log of \(self.size) leaves")
        return size == 0 ? Digest.sha256(Data()) : mth(0, Int(size))
    }

    /// The RFC 9162 inclusion proof (`PATH(index, D[0:size])`) in leaf-to-root order.
    /// Requires `0 <= index < size <= self.size`.
    public func inclusionProof(index: Int64, size: Int64) -> [Data] {
        precondition(index >= 0 && index < size && size <= self.size, "inclusionProof(index: \(index), size: \(size))")
        return path(Int(index), 0, Int(size))
    }

    /// The RFC 9162 consistency proof (`PROOF(from, D[0:to])`) between two tree sizes.
    /// Empty when `from` is 0 or equals `to`. Requires `0 <= from <= to <= self.size`.
    public func consistencyProof(from: Int64, to: Int64) -> [Data] {
        precondition(from >= 0 && from <= to && to <= self.size, "consistencyProof(from: \(from), to: \(to))")
        guard from > 0, from < to else { return [] }
        return subproof(Int(from), 0, Int(to), complete: true)
    }

    // MARK: RFC 9162 §2.1 definitions over the leaf range [start, end)

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    private static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    private func mth(_ start: Int, _ end: Int) -> Data {
        let n = end - start
        if n == 1 { return leafHashes[start] }
        let k = Self.split(n)
        return Self.nodeHash(mth(start, start + k), mth(start + k, end))
    }

    private func path(_ m: Int, _ start: Int, _ end: Int) -> [Data] {
        let n = end - start
        if n == 1 { return [] }
        let k = Self.split(n)
        if m < k {
            return path(m, start, start + k) + [mth(start + k, end)]
        }
        return path(m - k, start + k, end) + [mth(start, start + k)]
    }

    private func subproof(_ m: Int, _ start: Int, _ end: Int, complete: Bool) -> [Data] {
        let n = end - start
        if m == n { return complete ? [] : [mth(start, end)] }
        let k = Self.split(n)
        if m <= k {
            return subproof(m, start, start + k, complete: complete) + [mth(start + k, end)]
        }
        return subproof(m - k, start + k, end, complete: false) + [mth(start, start + k)]
    }
}
