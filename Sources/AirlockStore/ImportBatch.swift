/// Everything one import adds to the catalogue, written in a single transaction by `Catalogue.record(_:)`.
public struct ImportBatch: Sendable {
    /// The bundle row.
    public var bundle: ArchiveRecord
    /// One row per regular file.
    public var files: [ArchiveFileRecord]
    /// One row per distinct blob.
    public var blobs: [BlobRecord]
    /// Images found in OCI layouts.
    public var images: [ImageRecord]
    /// Evidence found anywhere in the bundle.
    public var evidence: [EvidenceRecord]
    /// Release artifacts: plain files that are subjects by their SHA-256.
    public var artifacts: [ArtifactRecord]

    /// Makes a batch.
    public init(bundle: ArchiveRecord, files: [ArchiveFileRecord], blobs: [BlobRecord], images: [ImageRecord], evidence: [EvidenceRecord],
                artifacts: [ArtifactRecord] = []) {
        self.artifacts = artifacts
        self.bundle = bundle
        self.files = files
        self.blobs = blobs
        self.images = images
        self.evidence = evidence
    }
}

/// What `Catalogue.record(_:)` did.
public enum RecordOutcome: Sendable, Equatable {
    /// The bundle was new and is now catalogued.
    case inserted
    /// A bundle with the same archive SHA-256 was already catalogued; nothing changed.
    case alreadyPresent(ArchiveRecord)
}
