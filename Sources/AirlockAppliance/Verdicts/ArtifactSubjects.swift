import AirlockStore
import AirlockVerify

/// The release artifacts a verify target names, as subjects: one per distinct SHA-256 with every path it
/// was imported under (D21).
enum ArtifactSubjects {
    /// Artifacts of every bundle (`.all`), of one bundle, or the one whose digest or path is the reference.
    static func select(_ target: ImageTarget, store: Store) throws(ApplianceError) -> [ImageSubject] {
        let artifacts = try storeCall { try store.catalogue.artifacts() }
        let selected: [ArtifactRecord]
        switch target {
        case .all: selected = artifacts
        case .bundle(let id): selected = artifacts.filter { $0.bundleID == id }
        case .image(let reference): selected = artifacts.filter { $0.digest == reference || $0.path == reference }
        }
        let digests = Set(selected.map(\.digest))
        var paths: [String: [String]] = [:]
        for artifact in artifacts where digests.contains(artifact.digest) {
            paths[artifact.digest, default: []].append(artifact.path)
        }
        return paths.keys.sorted().map { ImageSubject(digest: $0, names: paths[$0]!, isArtifact: true) }
    }
}
