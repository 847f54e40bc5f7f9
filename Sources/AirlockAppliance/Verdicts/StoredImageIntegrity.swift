import Foundation
import Dispatch
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

    /// The distinct blob digests of every bundle the images `digests` (or platform children of them) and
    /// the release artifacts `digests` were imported in, sorted: what `checkAll` re-hashes before a run decides them.
    func blobs(of digests: [String]) throws(ApplianceError) -> [String] {
        let images: [ImageRecord]
        if let cached = self.images { images = cached } else { images = try storeCall { try store.catalogue.images() } }
        let artifacts: [ArtifactRecord]
        if let cached = self.artifacts { artifacts = cached } else { artifacts = try storeCall { try store.catalogue.artifacts() } }
        let wanted = Set(digests)
        let bundles = Set(images.filter { wanted.contains($0.digest) || $0.parentDigest.map(wanted.contains) == true }.map(\.bundleID)
                          + artifacts.filter { wanted.contains($0.digest) }.map(\.bundleID))
        var hexes = Set<String>()
        for bundle in bundles.sorted() {
            hexes.formUnion(try storeCall { try store.catalogue.files(bundleID: bundle) }.map(\.sha256))
        }
        return hexes.sorted()
    }

    /// Re-hashes `hexes` on up to `maxConcurrency` threads; throws `corrupt-blob` for the first (in
    /// `hexes` order) that is missing or changed.
    func checkAll(_ hexes: [String], maxConcurrency: Int) throws(ApplianceError) {
        let blobs = store.blobs
        _ = try VerifyService.performAll(hexes.count, maxConcurrency: maxConcurrency) { (index) throws(ApplianceError) in
            try storeCall { try blobs.checkIntegrity(sha256: hexes[index]) }
        }
    }
}
