import Foundation
import Synchronization
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

extension DecisionLogService {
    /// `airlock audit verify`: rebuilds every entry from the catalogue's rows and compares it with the
    /// logged one, finds records without a leaf and missing append-only triggers, re-hashes every blob,
    /// recomputes the tree, verifies every checkpoint's signature and root, and the consistency of each
    /// checkpoint with the next. Every problem becomes a finding naming the record.
    public func verify() throws(ApplianceError) -> AuditReport {
        let store = try openStore(stateDirectory, mode: .existing)
        // The leaves stream in batches from one reader thread per core; each batch is checked and hashed on
        // the thread that read it, and only its leaf hashes and findings are kept.
        let scan = LeafScan()
        let snapshot = try storeCall {
            try store.catalogue.decisionLogSnapshot(leafHash: { MerkleHasher.leafHash(Digest.sha256($0)) }) { batch in
                scan.record(batch.leaves.map { ScannedLeaf(index: $0.index, kind: $0.kind, leafHash: $0.leafHash) },
                            findings: Self.leafFindings(batch.mismatched, contiguous: false))
            }
        }
        let (scanned, leafProblems) = scan.ordered()
        var findings: [AuditFinding] = snapshot.missingTriggers.map {
            AuditFinding(kind: "schema", id: $0, reason: "append-only trigger \($0) is missing (dropped?)")
        }
        findings += Self.gapFindings(scanned.map(\.index))
        findings += leafProblems
        findings += snapshot.unlogged.map {
            AuditFinding(kind: $0.kind.rawValue, id: $0.id, reason: "recorded without a decision-log leaf (inserted outside Airlock?)")
        }
        findings += blobFindings(snapshot, store: store)
        // The tree is recomputed from the records as they are now (the logged entry where a row is gone).
        let tree = DecisionLogTree(leafHashes: scanned.map(\.leafHash))
        findings += try checkpointFindings(snapshot.checkpoints, tree: tree)
        findings += Self.nodeFindings(snapshot.nodes, tree: tree)
        return AuditReport(treeSize: Int(tree.size), rootHash: Hex.encode(tree.root(size: tree.size)),
                           checkpoints: snapshot.checkpoints.count, signedSize: Int(snapshot.checkpoints.last?.size ?? 0),
                           blobsChecked: snapshot.blobs.count,
                           leavesByKind: Dictionary(uniqueKeysWithValues: scanned.reduce(into: [DecisionLogKind: Int]()) { $0[$1.kind, default: 0] += 1 }
                               .map { ($0.key.rawValue, $0.value) }),
                           findings: findings)
    }

    /// What `verify` keeps of a leaf once checked: its index and kind, and the Merkle leaf hash of the entry
    /// its rows give now (the logged entry where the row is gone).
    struct ScannedLeaf: Sendable {
        var index: Int64
        var kind: DecisionLogKind
        var leafHash: Data
    }

    /// Gaps in leaf indices that should run 0, 1, 2, … (deleted leaves).
    static func gapFindings(_ indices: [Int64]) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        var expected: Int64 = 0
        for index in indices {
            if index < 0 {
                findings.append(AuditFinding(kind: "log", id: String(index), reason: "log leaf \(index) has an index below 0, outside the log (inserted outside Airlock)"))
                continue
            }
            if index != expected {
                findings.append(AuditFinding(kind: "log", id: String(expected), reason: "log leaves \(expected)..<\(index) are missing (deleted)"))
            }
            expected = index + 1
        }
        return findings
    }

    /// Gaps in the leaf indices (when `contiguous`: the leaves given are the whole log from 0), deleted
    /// records and edited records.
    static func leafFindings(_ leaves: [DecisionLogSnapshot.Leaf], contiguous: Bool = true) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        var expected: Int64 = 0
        for leaf in leaves {
            let stored = leaf.stored
            if contiguous, stored.index != expected {
                findings.append(AuditFinding(kind: "log", id: String(expected),
                                             reason: "log leaves \(expected)..<\(stored.index) are missing (deleted)"))
            }
            expected = stored.index + 1
            guard let rebuilt = leaf.rebuilt else {
                findings.append(AuditFinding(kind: stored.kind.rawValue, id: stored.recordID,
                                             reason: "record deleted: logged as leaf \(stored.index), its row is gone"))
                continue
            }
            if rebuilt != stored.entry {
                findings.append(AuditFinding(kind: stored.kind.rawValue, id: stored.recordID,
                                             reason: "record differs from log leaf \(stored.index): "
                                                 + EntryDiff.describe(logged: stored.entry, now: rebuilt)))
            }
        }
        return findings
    }

    /// Cached subtree hashes (`log_nodes`) that differ from the tree recomputed from the records, or lie
    /// beyond it: proofs read them, so a forged one is named here (and a proof built on it fails to verify).
    static func nodeFindings(_ nodes: [DecisionLogNodeKey: Data], tree: DecisionLogTree) -> [AuditFinding] {
        // Checked unsorted (there are ~2n nodes); only the findings are named and put in order.
        let bad = nodes.compactMap { key, hash -> (key: DecisionLogNodeKey, beyond: Bool)? in
            guard (key.index + 1) << UInt64(key.level) <= tree.size else { return (key, true) }
            return tree.node(key) == hash ? nil : (key, false)
        }
        return bad.sorted { ($0.key.level, $0.key.index) < ($1.key.level, $1.key.index) }.map { key, beyond in
            AuditFinding(kind: "log", id: "node \(key.level)/\(key.index)",
                         reason: beyond ? "cached subtree hash beyond the \(tree.size) leaves of the log"
                             : "cached subtree hash differs from the tree recomputed from the catalogue")
        }
    }

    /// Blobs whose file is missing or whose content does not hash to its name, once per record using it.
    func blobFindings(_ snapshot: DecisionLogSnapshot, store: Store) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        for blob in snapshot.blobs {
            let problem: String
            switch (try? store.blobs.url(sha256: blob.sha256)).flatMap(Self.hashFile) {
            case nil: problem = "blob sha256:\(blob.sha256) is missing or unreadable"
            case let actual? where actual != blob.sha256: problem = "blob sha256:\(blob.sha256) was edited: its content hashes to sha256:\(actual)"
            default: continue
            }
            let users = blob.usedBy.isEmpty ? ["blob \(blob.sha256)"] : blob.usedBy
            for user in users {
                let parts = user.split(separator: " ", maxSplits: 2).map(String.init)
                findings.append(AuditFinding(kind: parts[0], id: parts.count > 1 ? parts[1] : blob.sha256,
                                             reason: parts.count > 2 ? "\(parts[2]): \(problem)" : problem))
            }
        }
        return findings
    }

    /// Lowercase hex SHA-256 of a file, streamed; nil when it cannot be read.
    static func hashFile(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = StreamingHasher(.sha256)
        do {
            // `read(upToCount:)` gives nil or empty data at the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        } catch {
            return nil
        }
        return Hex.encode(hasher.finalize())
    }

    /// Each checkpoint: signed by a key of the ring, its root equal to the recomputed tree's, and
    /// consistent with the next one.
    func checkpointFindings(_ checkpoints: [DecisionLogCheckpoint], tree: DecisionLogTree) throws(ApplianceError) -> [AuditFinding] {
        guard !checkpoints.isEmpty else { return [] }
        let keys = ApplianceKeys(stateDirectory: stateDirectory)
        let ring: ApplianceKeyRing
        let publicKeys: [String: PublicKey]
        do {
            ring = try keys.load()
            publicKeys = try keys.publicKeys()
        } catch {
            return [AuditFinding(kind: "checkpoint", id: String(checkpoints[0].size),
                                 reason: "\(checkpoints.count) checkpoint(s) stored but the key ring cannot be read: \(error.reason)")]
        }
        let origin = DecisionLogNote.origin(applianceID: ring.applianceID)
        var findings: [AuditFinding] = []
        var previous: (size: UInt64, root: Data)?
        for record in checkpoints {
            let id = String(record.size)
            guard let key = publicKeys[record.keyID] else {
                findings.append(AuditFinding(kind: "checkpoint", id: id, reason: "signed by key \(record.keyID), which is not in the key ring"))
                continue
            }
            let checkpoint: Checkpoint
            do {
                checkpoint = try DecisionLogNote.verify(record.note, origin: origin, key: key)
            } catch {
                findings.append(AuditFinding(kind: "checkpoint", id: id, reason: "signature check failed: \(error.reason)"))
                continue
            }
            guard checkpoint.size == UInt64(record.size) else {
                findings.append(AuditFinding(kind: "checkpoint", id: id, reason: "the signed note says size \(checkpoint.size)"))
                continue
            }
            guard checkpoint.size <= tree.size else {
                findings.append(AuditFinding(kind: "checkpoint", id: id,
                                             reason: "covers \(checkpoint.size) leaves but the log has \(tree.size) (leaves deleted)"))
                continue
            }
            let root = tree.root(size: checkpoint.size)
            if root != checkpoint.rootHash {
                findings.append(AuditFinding(kind: "checkpoint", id: id,
                                             reason: "signed root \(Hex.encode(checkpoint.rootHash)) differs from the root \(Hex.encode(root)) recomputed from the catalogue"))
            }
            if let previous {
                let proof = tree.consistencyProof(old: previous.size, new: checkpoint.size)
                do {
                    try MerkleConsistency.verify(size1: previous.size, size2: checkpoint.size, root1: previous.root,
                                                 root2: checkpoint.rootHash, proof: proof)
                } catch {
                    findings.append(AuditFinding(kind: "checkpoint", id: id,
                                                 reason: "not consistent with checkpoint \(previous.size): \(error.reason)"))
                }
            }
            previous = (checkpoint.size, checkpoint.rootHash)
        }
        return findings
    }
}

/// The checked batches of `audit verify`'s scan, gathered from the reader threads.
private final class LeafScan: Sendable {
    private let batches = Mutex<[Int64: (leaves: [DecisionLogService.ScannedLeaf], findings: [AuditFinding])]>([:])

    func record(_ leaves: [DecisionLogService.ScannedLeaf], findings: [AuditFinding]) {
        guard let first = leaves.first else { return }
        batches.withLock { $0[first.index] = (leaves, findings) }
    }

    /// Every leaf, in index order, and the findings about them in the same order.
    func ordered() -> (leaves: [DecisionLogService.ScannedLeaf], findings: [AuditFinding]) {
        batches.withLock { all in
            let keys = all.keys.sorted()
            return (keys.flatMap { all[$0]?.leaves ?? [] }, keys.flatMap { all[$0]?.findings ?? [] })
        }
    }
}
