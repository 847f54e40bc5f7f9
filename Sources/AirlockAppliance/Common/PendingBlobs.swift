import Foundation
import Synchronization
import AirlockStore

/// Blobs a write produces on several threads (annotation documents, the policy, trust roots, the log
/// knowledge, checkpoint notes), held until it stores them all at once (`BlobStore.put(all:)`: one staging
/// area, one file-system sync) right before the catalogue rows that name them are committed. A blob is
/// kept once, whatever the number of adds. A class, shared by reference: the verify workers add to the
/// one batch of their run.
final class PendingBlobs: Sendable {
    private let blobs = Mutex<(order: [String], data: [String: Data])>(([], [:]))

    /// Holds `data` to be stored under `sha256` (the caller's SHA-256 of it, lowercase hex).
    func add(_ data: Data, sha256: String) {
        blobs.withLock { held in
            guard held.data[sha256] == nil else { return }
            held.order.append(sha256)
            held.data[sha256] = data
        }
    }

    /// Stores every held blob, durably, and forgets them; throws the store's error (nothing is committed
    /// then, and the blobs already written are harmless: content-addressed and unreferenced).
    func store(into blobStore: BlobStore) throws(ApplianceError) {
        let all = blobs.withLock { held -> [(data: Data, sha256: String)] in
            defer { held = ([], [:]) }
            return held.order.map { (held.data[$0]!, $0) }
        }
        try storeCall { try blobStore.put(all: all) }
    }
}
