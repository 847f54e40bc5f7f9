public import AirlockStore

/// The result of importing one bundle.
public struct ImportOutcome: Sendable {
    /// The catalogued bundle (the earlier one when `alreadyImported`).
    public var bundle: ArchiveRecord
    /// True when the same archive (same SHA-256) was already imported: nothing was changed.
    public var alreadyImported: Bool
    /// Images found (empty when `alreadyImported`; ask the catalogue).
    public var images: [ImageRecord]
    /// Evidence found (empty when `alreadyImported`).
    public var evidence: [EvidenceRecord]
    /// Non-fatal observations made during discovery.
    public var warnings: [String]
    /// Release artifacts found (empty when `alreadyImported`).
    public var artifacts: [ArtifactRecord]

    /// Makes an outcome.
    public init(bundle: ArchiveRecord, alreadyImported: Bool, images: [ImageRecord], evidence: [EvidenceRecord], warnings: [String],
                artifacts: [ArtifactRecord] = []) {
        self.artifacts = artifacts
        self.bundle = bundle
        self.alreadyImported = alreadyImported
        self.images = images
        self.evidence = evidence
        self.warnings = warnings
    }
}
