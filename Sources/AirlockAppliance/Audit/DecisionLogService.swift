public import Foundation
import AirlockCrypto
import AirlockFormats
import Synchronization
import AirlockStore
import AirlockVerify

/// The appliance's tamper-evident decision log (docs/decisions.md, "Decision log"): every import,
/// verdict, approval, revocation and key event is a leaf of an RFC 6962 tree kept in the catalogue
/// (appended by the Store in the record's own transaction); after each change the appliance signs a
/// C2SP checkpoint over the whole tree with its current key. Before `keys init` leaves are appended
/// unsigned; the first checkpoint after it covers them.
public struct DecisionLogService: Sendable {
    /// The state directory.
    public let stateDirectory: URL

    /// The log of a state directory.
    public init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory
    }

    /// Logs any key of the ring not logged yet and signs a checkpoint over the log when it grew.
    /// Returns the signed tree size, or nil when nothing was signed (no key yet, or no new leaf).
    /// Called after every write.
    @discardableResult
    public func checkpoint(now: Date = Date()) throws(ApplianceError) -> Int? {
        try Self.checkpoint(store: try openStore(stateDirectory, mode: .create), stateDirectory: stateDirectory, now: now)
            .map { Int($0.size) }
    }

    /// `checkpoint(now:)` on an open store.
    @discardableResult
    static func checkpoint(store: Store, stateDirectory: URL, now: Date = Date()) throws(ApplianceError) -> DecisionLogCheckpoint? {
        let keys = ApplianceKeys(stateDirectory: stateDirectory)
        guard FileManager.default.fileExists(atPath: keys.ringURL.path) else { return nil }
        let (ring, key, info) = try keys.signingKey()
        // One read transaction for what signing needs: the log's end, the latest checkpoint, the ring keys not
        // logged yet, and only the leaves the node cache lacks (its frontier, checked against the signed root
        // by the write guard, stands for the rest).
        var state = try storeCall {
            try store.catalogue.decisionLogCheckpointState(keyIDs: ring.keys.map(\.id), frontier: DecisionLogTree.frontier)
        }
        if !state.unloggedKeys.isEmpty {
            for logged in ring.keys where state.unloggedKeys.contains(logged.id) {
                try storeCall { try store.catalogue.appendKeyEvent(keyID: logged.id, entry: try keyEntry(logged, ring: ring)) }
            }
            state = try storeCall {
                try store.catalogue.decisionLogCheckpointState(keyIDs: [], frontier: DecisionLogTree.frontier)
            }
        }
        guard let (record, added) = try signed(state, ring: ring, key: key, info: info, now: now) else { return nil }
        let mark = pendingMarks.withLock { $0.removeValue(forKey: stateDirectory.standardizedFileURL.path) }
        guard try storeCall({ try store.catalogue.appendCheckpoint(record, nodes: added, mark: mark) }) else { return nil }
        DecisionLogCommandScope.signed(stateDirectory, note: record.note)
        return record
    }

    /// The checkpoint over the log `state` describes and the subtree hashes it adds, or nil when the latest
    /// checkpoint covers the log already. Only the leaves the node cache lacks are hashed; the cache's frontier
    /// (checked against the signed root by the write guard) stands for the rest.
    static func signed(_ state: DecisionLogCheckpointState, ring: ApplianceKeyRing, key: PrivateKey, info: ApplianceKeyInfo,
                       now: Date) throws(ApplianceError) -> (DecisionLogCheckpoint, [DecisionLogNodeKey: Data])? {
        let count = UInt64(state.leafEnd)
        if let latest = state.latest, latest.size >= Int64(count) { return nil }
        // The leaves to hash must run from the cache's end to the log's end without a gap: a checkpoint never
        // signs over a missing leaf (the write guard and `audit verify` name it).
        guard state.fresh.map(\.index) == Array(Int64(state.cached)..<Int64(count)) else {
            let present = Set(state.fresh.map(\.index))
            let gap = (Int64(state.cached)..<Int64(count)).first { !present.contains($0) } ?? Int64(count)
            throw ApplianceError(.verificationFailed, "the decision log has no leaf \(gap) (deleted?); nothing was signed",
                                 code: "decision-log-tampered", entry: "log \(gap)")
        }
        let added = DecisionLogTree.grow(from: state.cached, frontierNodes: state.frontier,
                                         newLeafHashes: state.fresh.map { MerkleHasher.leafHash(leafData($0.entry)) })
        let tree = DecisionLogTree(size: count, nodes: state.frontier.merging(added) { old, _ in old })
        let note = try DecisionLogNote.sign(origin: DecisionLogNote.origin(applianceID: ring.applianceID), size: count,
                                            root: tree.root(size: count), key: key)
        return (DecisionLogCheckpoint(size: Int64(count), keyID: info.id, signedAt: now, note: note), added)
    }

    /// The sealer the Store runs inside each logged write's transaction: it signs the checkpoint `checkpoint`
    /// would sign after the commit (with the guard's pending mark), so the write costs one commit. Any
    /// failure leaves the write unsealed; the checkpoint after the commit then signs or reports it.
    static func sealer(_ stateDirectory: URL) -> DecisionLogSealer {
        let path = stateDirectory.standardizedFileURL.path
        return DecisionLogSealer(keyIDs: {
            let keys = ApplianceKeys(stateDirectory: stateDirectory)
            guard FileManager.default.fileExists(atPath: keys.ringURL.path) else { return nil }
            return try? keys.load().keys.map(\.id)
        }, frontier: DecisionLogTree.frontier, sign: { state in
            do {
                let (ring, key, info) = try ApplianceKeys(stateDirectory: stateDirectory).signingKey()
                guard let (record, added) = try signed(state, ring: ring, key: key, info: info, now: Date()) else { return nil }
                let mark = pendingMarks.withLock { $0.removeValue(forKey: path) }
                return DecisionLogSeal(checkpoint: record, nodes: added, mark: mark)
            } catch {
                return nil
            }
        }, committed: { checkpoint in
            sealedCheckpoints.withLock { $0[path] = checkpoint }
        })
    }

    /// The entry of a key event: the key's id, algorithm, creation and public key, and the appliance id.
    static func keyEntry(_ info: ApplianceKeyInfo, ring: ApplianceKeyRing) throws -> Data {
        try CanonicalJSON.rfc8785(.object(JSONObject([
            "log": .string("airlock-decision-log/v1"), "kind": .string("key"), "recordId": .string(info.id),
            "applianceId": .string(ring.applianceID), "algorithm": .string(info.algorithm.rawValue),
            "created": .string(RFC3339.format(info.created)), "publicKeyPEM": .string(info.publicKeyPEM),
        ])))
    }

    /// The leaf data of an entry: its SHA-256 (the Merkle leaf hash is `SHA-256(0x00 || leaf data)`).
    static func leafData(_ entry: Data) -> Data { Digest.sha256(entry) }

    /// The tree over these entries, every subtree computed (O(n)).
    static func tree(_ entries: [Data]) -> DecisionLogTree {
        DecisionLogTree(leafHashes: entries.map { MerkleHasher.leafHash(leafData($0)) })
    }
}

/// Signs a decision-log checkpoint after a write; a failure to sign does not undo the committed record,
/// it is reported (the next write's checkpoint covers the leaves). Nothing is left to do when the write
/// sealed its own checkpoint in its transaction (`DecisionLogService.sealer`).
func signDecisionLog(_ store: Store, _ stateDirectory: URL) throws(ApplianceError) {
    if let sealed = sealedCheckpoints.withLock({ $0.removeValue(forKey: stateDirectory.standardizedFileURL.path) }) {
        DecisionLogCommandScope.signed(stateDirectory, note: sealed.note)
        return
    }
    try DecisionLogCost.measure(.checkpoint) { () throws(ApplianceError) in _ = try DecisionLogService.checkpoint(store: store, stateDirectory: stateDirectory) }
}

/// The checkpoint each state directory's last logged write sealed in its transaction (committed), for the
/// `signDecisionLog` that follows it.
let sealedCheckpoints = Mutex<[String: DecisionLogCheckpoint]>([:])
