import Foundation
import AirlockStore

/// Re-hashes the stored blobs an image verdict stands on before it is decided or replayed: every file
/// of each bundle the image (or a platform child of it) was imported from — manifests, configs,
/// layers, indexes and evidence. A flipped, truncated, deleted or swapped blob is store corruption
/// (`corrupt-blob` naming the digest, exit 3), never a PASS or an IDENTICAL replay.
struct StoredImageIntegrity {
    let store: Store
    /// Digests already re-hashed in this run (one `verify --all` hashes a shared layer once).
    private var checked: Set<String> = []
    /// Bundles whose files were all re-hashed in this run, and the image rows read once per run (the
    /// catalogue does not change while one run reads it): `verify --all` stays linear in the images.
    private var checkedBundles: Set<String> = []
    private var images: [ImageRecord]?
    private var artifacts: [ArtifactRecord]?

    init(store: Store) { self.store = store }

    /// Throws `corrupt-blob` for the first stored blob of `digest`'s bundles that no longer matches its name.
    mutating func check(imageDigest digest: String) throws(ApplianceError) {
        if images == nil { images = try storeCall { try store.catalogue.images() } }
        if artifacts == nil { artifacts = try storeCall { try store.catalogue.artifacts() } }
        let bundles = Set(images!.filter { $0.digest == digest || $0.parentDigest == digest }.map(\.bundleID)
                          + artifacts!.filter { $0.digest == digest }.map(\.bundleID))
        for bundle in bundles.sorted() where checkedBundles.insert(bundle).inserted {
            let files = try storeCall { try store.catalogue.files(bundleID: bundle) }
            for hex in Set(files.map(\.sha256)).sorted() where checked.insert(hex).inserted {
                try storeCall { try store.blobs.checkIntegrity(sha256: hex) }
            }
        }
    }
}
