/// One image (manifest or index) found in an OCI layout of a bundle (table `images`).
public struct ImageRecord: Codable, Sendable, Hashable {
    /// The bundle it came in.
    public var bundleID: String
    /// `sha256:<hex>` of the manifest or index.
    public var digest: String
    /// Tags from `org.opencontainers.image.ref.name` (or `org.opencontainers.image.base.name`).
    public var names: [String]
    /// Media type of the manifest or index.
    public var mediaType: String
    /// `os/arch[/variant]` of each platform an index lists (empty for a single manifest).
    public var platforms: [String]
    /// Digests of the blobs it needs that the bundle does not carry; empty means complete.
    public var missingBlobs: [String]
    /// The index this manifest is a platform child of, if any.
    public var parentDigest: String?
    /// Directory of the OCI layout inside the bundle (`""` for the root).
    public var layoutPath: String

    enum CodingKeys: String, CodingKey {
        case digest, names, platforms
        case bundleID = "bundle_id"
        case mediaType = "media_type"
        case missingBlobs = "missing_blobs"
        case parentDigest = "parent_digest"
        case layoutPath = "layout_path"
    }

    /// Makes a record.
    public init(bundleID: String, digest: String, names: [String], mediaType: String, platforms: [String],
                missingBlobs: [String], parentDigest: String?, layoutPath: String) {
        self.bundleID = bundleID
        self.digest = digest
        self.names = names
        self.mediaType = mediaType
        self.platforms = platforms
        self.missingBlobs = missingBlobs
        self.parentDigest = parentDigest
        self.layoutPath = layoutPath
    }

    /// Whether every blob the image needs is in the bundle.
    public var isComplete: Bool { missingBlobs.isEmpty }
}
