import AirlockStore
import AirlockVerify

/// The platform manifests of image indexes, read once per verify run (D22): evidence about an index
/// applies to its platforms under `platforms: all`; evidence about a platform never counts for the index,
/// and when a rule without `platforms: all` decides the index that evidence is reported as not applied.
struct PlatformManifests {
    let store: Store
    private let childrenByParent: [String: [PlatformSubject]]
    private let parentsByChild: [String: [String]]

    init(store: Store) throws(ApplianceError) {
        self.store = store
        var children: [String: [String: String]] = [:]
        var parents: [String: Set<String>] = [:]
        for image in try storeCall({ try store.catalogue.images() }) {
            guard let parent = image.parentDigest else { continue }
            children[parent, default: [:]][image.digest] = image.platforms.first ?? "unknown"
            parents[image.digest, default: []].insert(parent)
        }
        parentsByChild = parents.mapValues { $0.sorted() }
        childrenByParent = children.mapValues { $0.map { PlatformSubject(digest: $0.key, platform: $0.value) }.sorted { $0.digest < $1.digest } }
    }

    /// The platform manifests of `digest` (empty for a single manifest), sorted by digest.
    func children(of digest: String) -> [PlatformSubject] { childrenByParent[digest] ?? [] }

    /// The indexes that list `digest` as a platform manifest, sorted (empty for a top-level-only image).
    func indexes(listing digest: String) -> [String] { parentsByChild[digest] ?? [] }

    /// One note per platform manifest of `digest` that has evidence of its own, which the index's rule does not count.
    func unappliedEvidence(of digest: String, children: [PlatformSubject]) throws(ApplianceError) -> [String] {
        var notes: [String] = []
        for child in children {
            let count = try storeCall { try store.catalogue.evidence(subjectDigest: child.digest) }.count
            guard count > 0 else { continue }
            notes.append("\(count) evidence record(s) about platform manifest \(child.digest) (\(child.platform)) do not count for index "
                         + "\(digest): evidence about a platform never applies to its index; a rule with `platforms: all` decides each platform")
        }
        return notes
    }
}
