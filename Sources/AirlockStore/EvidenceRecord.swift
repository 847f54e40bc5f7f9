public import AirlockFormats

/// One piece of evidence and where it came from (table `evidence`).
public struct EvidenceRecord: Codable, Sendable, Hashable {
    /// Row id (assigned by SQLite).
    public var id: Int64?
    /// SHA-256 of the evidence blob (in the blob store).
    public var sha256: String
    /// What it is.
    public var kind: EvidenceKind
    /// `sha256:<hex>` of the image it speaks about, when known at import.
    public var subjectDigest: String?
    /// The bundle it came in.
    public var bundleID: String
    /// Where in the bundle: a path, or `layout:<dir> manifest:<digest> layer:<n>`.
    public var source: String
    /// Media type, when a descriptor named one.
    public var mediaType: String?
    /// Predicate type, when an annotation named one.
    public var predicateType: String?
    /// Annotations of the layer or manifest carrying it (cosign certificate, chain, SET, timestamp…).
    public var annotations: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, sha256, kind, source, annotations
        case subjectDigest = "subject_digest"
        case bundleID = "bundle_id"
        case mediaType = "media_type"
        case predicateType = "predicate_type"
    }

    /// Makes a record.
    public init(sha256: String, kind: EvidenceKind, subjectDigest: String?, bundleID: String, source: String,
                mediaType: String? = nil, predicateType: String? = nil, annotations: [String: String] = [:]) {
        self.sha256 = sha256
        self.kind = kind
        self.subjectDigest = subjectDigest
        self.bundleID = bundleID
        self.source = source
        self.mediaType = mediaType
        self.predicateType = predicateType
        self.annotations = annotations
    }
}
