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
        for logged in ring.keys {
            try storeCall { try store.catalogue.appendKeyEvent(keyID: logged.id, entry: try keyEntry(logged, ring: ring)) }
        }
        let count = UInt64(try storeCall { try store.catalogue.logLeafCount() }.count)
        let latest = try storeCall { try store.catalogue.latestLogCheckpoint() }
        if let latest, latest.size >= Int64(count) { return nil }
        // Only the leaves the node cache lacks are read and hashed; the cache's frontier (checked against
        // the signed root by the write guard) stands for the rest.
        let cached = min(try storeCall { try store.catalogue.logNodeCount() }, count)
        let frontier = try storeCall { try store.catalogue.logNodes(Set(DecisionLogTree.frontier(cached))) }
        let fresh = try storeCall { try store.catalogue.logLeaves(from: Int64(cached)) }
        let added = DecisionLogTree.grow(from: cached, frontierNodes: frontier,
                                         newLeafHashes: fresh.map { MerkleHasher.leafHash(leafData($0.entry)) })
        let tree = DecisionLogTree(size: count, nodes: frontier.merging(added) { old, _ in old })
        let note = try DecisionLogNote.sign(origin: DecisionLogNote.origin(applianceID: ring.applianceID), size: count,
                                            root: tree.root(size: count), key: key)
        let record = DecisionLogCheckpoint(size: Int64(count), keyID: info.id, signedAt: now, note: note)
        let mark = pendingMarks.withLock { $0.removeValue(forKey: stateDirectory.standardizedFileURL.path) }
        return try storeCall { try store.catalogue.appendCheckpoint(record, nodes: added, mark: mark) } ? record : nil
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
/// it is reported (the next write's checkpoint covers the leaves).
func signDecisionLog(_ store: Store, _ stateDirectory: URL) throws(ApplianceError) {
    try DecisionLogCost.measure(.checkpoint) { () throws(ApplianceError) in _ = try DecisionLogService.checkpoint(store: store, stateDirectory: stateDirectory) }
}
