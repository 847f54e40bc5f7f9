import Foundation
import Synchronization
import AirlockStore
import AirlockVerify

/// The decision log's RFC 6962 tree, computed over its complete aligned subtrees: node `(level, index)`
/// is the hash of leaves `[index·2^level, (index+1)·2^level)`. Every subtree RFC 6962 splits a prefix
/// into is such a node or is made of O(log n) of them, so a root, an inclusion path or a consistency
/// proof costs O(log² n) node reads instead of O(n) hashing (`MerkleTree` in AirlockVerify is the O(n)
/// reference these are tested against). The same algorithms run over every node in memory (`init`), or
/// over the few nodes a proof needs, read from the catalogue's `log_nodes` (`DecisionLogTree.needed`).
struct DecisionLogTree {
    /// `levels[l][j]`: node `(l, j)`; `levels[0]` are the leaf hashes.
    private(set) var levels: [[Data]]
    /// Nodes given sparsely (read from the catalogue), used when `levels` is empty.
    private var sparse: [DecisionLogNodeKey: Data] = [:]
    /// The number of leaves.
    let size: UInt64

    /// The tree over these leaf hashes, every complete node computed bottom-up (O(n)).
    init(leafHashes: [Data]) {
        var levels = [leafHashes]
        while let last = levels.last, last.count > 1 {
            levels.append(Self.parents(of: last))
        }
        self.levels = levels
        size = UInt64(leafHashes.count)
    }

    /// The hashes of each complete pair of `level`, on every core when the level is large (`audit verify`
    /// builds a tree of every leaf).
    private static func parents(of level: [Data]) -> [Data] {
        let count = level.count / 2
        guard count >= 8192 else { return (0..<count).map { MerkleHasher.nodeHash(level[2 * $0], level[2 * $0 + 1]) } }
        let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
        let parts = Mutex<[Int: [Data]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let hashes = (count * chunk / chunks..<count * (chunk + 1) / chunks).map { MerkleHasher.nodeHash(level[2 * $0], level[2 * $0 + 1]) }
            parts.withLock { $0[chunk] = hashes }
        }
        return parts.withLock { all in (0..<chunks).flatMap { all[$0] ?? [] } }
    }

    /// A tree of `size` leaves known only by the nodes given (each proof asks for `needed` first).
    init(size: UInt64, nodes: [DecisionLogNodeKey: Data]) {
        levels = []
        sparse = nodes
        self.size = size
    }

    /// Node `(level, index)`.
    func node(_ key: DecisionLogNodeKey) -> Data {
        if levels.isEmpty { return sparse[key] ?? Data() }
        return levels[key.level][Int(key.index)]
    }

    /// `MTH(D[0:size])`.
    func root(size: UInt64) -> Data { Self.hash(0, size, lookup) }

    /// `PATH(index, D[0:size])`.
    func inclusionProof(index: UInt64, size: UInt64) -> [Data] { Self.path(index, 0, size, lookup) }

    /// `PROOF(old, D[0:new])` (empty when `old` is 0 or equals `new`).
    func consistencyProof(old: UInt64, new: UInt64) -> [Data] {
        guard old > 0, old < new else { return [] }
        return Self.subproof(old, 0, new, complete: true, lookup)
    }

    /// Every node added by growing a tree of `from` leaves to these leaf hashes (`leafHashes.count` leaves
    /// in all), given the nodes of the old tree's frontier (`frontier(from)`): what a checkpoint stores.
    static func grow(from: UInt64, frontierNodes: [DecisionLogNodeKey: Data], newLeafHashes: [Data]) -> [DecisionLogNodeKey: Data] {
        var nodes = frontierNodes
        var added: [DecisionLogNodeKey: Data] = [:]
        for (offset, hash) in newLeafHashes.enumerated() {
            var key = DecisionLogNodeKey(level: 0, index: from + UInt64(offset))
            nodes[key] = hash
            added[key] = hash
            while key.index & 1 == 1, let left = nodes[DecisionLogNodeKey(level: key.level, index: key.index - 1)], let right = nodes[key] {
                key = DecisionLogNodeKey(level: key.level + 1, index: key.index >> 1)
                let parent = MerkleHasher.nodeHash(left, right)
                nodes[key] = parent
                added[key] = parent
            }
        }
        return added
    }

    /// The nodes a tree of `size` leaves keeps on its right edge: one per set bit of `size`; with them
    /// the tree can grow and its root can be computed.
    static func frontier(_ size: UInt64) -> [DecisionLogNodeKey] {
        (0..<64).compactMap { level in
            (size >> UInt64(level)) & 1 == 1 ? DecisionLogNodeKey(level: level, index: (size >> UInt64(level)) - 1) : nil
        }
    }

    /// The nodes `body` reads on a tree of `size` leaves (computed with placeholders; nothing is hashed
    /// that matters), so they can be read from the catalogue in one go.
    static func needed(size: UInt64, _ body: (DecisionLogTree) -> Void) -> Set<DecisionLogNodeKey> {
        let recorder = Recorder()
        body(DecisionLogTree(recording: recorder, size: size))
        return recorder.keys
    }

    /// Collects the keys a computation reads (single-threaded, never shared).
    private final class Recorder { var keys = Set<DecisionLogNodeKey>() }
    private var recorder: Recorder?

    private init(recording recorder: Recorder, size: UInt64) {
        levels = []
        self.recorder = recorder
        self.size = size
    }

    private func lookup(_ level: Int, _ index: UInt64) -> Data {
        let key = DecisionLogNodeKey(level: level, index: index)
        if let recorder {
            recorder.keys.insert(key)
            return Data(count: 32)
        }
        return node(key)
    }

    /// `MTH(D[start:start+count])`; `start` is aligned to the largest power of two below `count` (always
    /// true of the subtrees RFC 6962 splits into), so the left part is one node.
    private static func hash(_ start: UInt64, _ count: UInt64, _ node: (Int, UInt64) -> Data) -> Data {
        switch count {
        case 0: return MerkleHasher.emptyRoot
        case let n where n & (n - 1) == 0:
            let level = n.trailingZeroBitCount
            return node(level, start >> UInt64(level))
        default:
            let k = split(count)
            return MerkleHasher.nodeHash(hash(start, k, node), hash(start + k, count - k, node))
        }
    }

    private static func path(_ m: UInt64, _ start: UInt64, _ count: UInt64, _ node: (Int, UInt64) -> Data) -> [Data] {
        guard count > 1 else { return [] }
        let k = split(count)
        if m < k { return path(m, start, k, node) + [hash(start + k, count - k, node)] }
        return path(m - k, start + k, count - k, node) + [hash(start, k, node)]
    }

    private static func subproof(_ m: UInt64, _ start: UInt64, _ count: UInt64, complete: Bool, _ node: (Int, UInt64) -> Data) -> [Data] {
        if m == count { return complete ? [] : [hash(start, count, node)] }
        let k = split(count)
        if m <= k { return subproof(m, start, k, complete: complete, node) + [hash(start + k, count - k, node)] }
        return subproof(m - k, start + k, count - k, complete: false, node) + [hash(start, k, node)]
    }

    /// The largest power of two strictly below `n` (n > 1).
    private static func split(_ n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }
}
