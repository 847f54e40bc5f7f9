/// One release artifact: a plain file of a bundle that is not evidence, not part of an OCI layout or
/// `docker save` archive and not the bundle manifest (table `artifacts`, migration `v7-artifacts`).
/// It is a subject by its SHA-256, named by its path; `match.artifacts` rules decide it (D21).
public struct ArtifactRecord: Codable, Sendable, Hashable {
    /// The bundle it came in.
    public var bundleID: String
    /// Its path in the bundle: the artifact's name.
    public var path: String
    /// SHA-256 (hex) of its content; the subject digest is `sha256:<hex>`.
    public var sha256: String
    /// Byte count.
    public var size: Int64

    enum CodingKeys: String, CodingKey {
        case path, sha256, size
        case bundleID = "bundle_id"
    }

    /// Makes a record.
    public init(bundleID: String, path: String, sha256: String, size: Int64) {
        self.bundleID = bundleID
        self.path = path
        self.sha256 = sha256
        self.size = size
    }

    /// `sha256:<hex>`, the subject digest of its verdicts.
    public var digest: String { "sha256:" + sha256 }
}
