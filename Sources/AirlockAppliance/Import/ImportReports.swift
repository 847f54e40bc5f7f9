public import Foundation
import AirlockStore
import AirlockFormats

/// One bundle in the catalogue, as listed by `airlock bundles`.
public struct ArchiveSummary: Sendable, Codable, Equatable {
    /// Short id (first 12 hex of the archive SHA-256).
    public var id: String
    /// Release name.
    public var name: String
    /// SHA-256 of the archive file.
    public var archiveSHA256: String
    /// When it was imported.
    public var importedAt: Date
    /// Regular files in it.
    public var files: Int
    /// Uncompressed bytes of those files.
    public var bytes: Int64
    /// Size of the archive file.
    public var archiveBytes: Int64

    init(_ record: ArchiveRecord) {
        id = record.id
        name = record.name
        archiveSHA256 = record.archiveSHA256
        importedAt = record.importedAt
        files = record.entryCount
        bytes = record.bytes
        archiveBytes = record.archiveBytes
    }
}

/// One piece of evidence, as listed with its image.
public struct EvidenceSummary: Sendable, Codable, Equatable {
    /// What it is (`cosign-signature`, `sigstore-bundle`, …).
    public var kind: String
    /// SHA-256 of the evidence blob.
    public var sha256: String
    /// The image digest it speaks about, when known.
    public var subject: String?
    /// Where in the bundle it was found.
    public var source: String
    /// Predicate type, when known.
    public var predicateType: String?

    init(_ record: EvidenceRecord) {
        kind = record.kind.rawValue
        sha256 = record.sha256
        subject = record.subjectDigest
        source = record.source
        predicateType = record.predicateType
    }
}

/// One image, as listed by `airlock images`: names, digest, platforms, completeness, evidence.
public struct ImageSummary: Sendable, Codable, Equatable {
    /// The bundle it came in.
    public var bundleID: String
    /// `sha256:<hex>` of the manifest or index.
    public var digest: String
    /// Tags.
    public var names: [String]
    /// Manifest or index media type.
    public var mediaType: String
    /// Platforms an index lists.
    public var platforms: [String]
    /// Whether every blob it needs is present.
    public var complete: Bool
    /// The blobs it lacks.
    public var missingBlobs: [String]
    /// The index it is a platform child of, if any.
    public var parentDigest: String?
    /// Evidence about it or about its platform children.
    public var evidence: [EvidenceSummary]
    /// The most recent verdict about it, if it was ever verified.
    public var verdict: LatestVerdict?
    /// For an index: each platform manifest, its `os/arch` from its config and the evidence about it alone.
    public var platformManifests: [PlatformManifestSummary] = []

    init(_ record: ImageRecord, evidence: [EvidenceSummary]) {
        bundleID = record.bundleID
        digest = record.digest
        names = record.names
        mediaType = record.mediaType
        platforms = record.platforms
        complete = record.isComplete
        missingBlobs = record.missingBlobs
        parentDigest = record.parentDigest
        self.evidence = evidence
    }
}

/// One platform manifest of an index, as `airlock images` shows it (D22).
public struct PlatformManifestSummary: Sendable, Codable, Equatable {
    /// `sha256:<hex>` of the platform manifest.
    public var digest: String
    /// `os/arch[/variant]`, from the manifest's config.
    public var platform: String
    /// How many evidence records speak about this manifest itself (they never count for the index).
    public var evidence: Int
}

/// The most recent verdict about an image, as `airlock images` shows it.
public struct LatestVerdict: Sendable, Codable, Equatable {
    /// The verdict id.
    public var id: String
    /// `PASS` or `FAIL`.
    public var result: String
    /// The verification instant (RFC 3339).
    public var verificationTime: String
    /// `check-id: message` of the first failed check, on failure.
    public var firstFailure: String?

    /// Makes a value.
    public init(id: String, result: String, verificationTime: String, firstFailure: String?) {
        self.id = id
        self.result = result
        self.verificationTime = verificationTime
        self.firstFailure = firstFailure
    }
}

/// What `airlock import` reports.
public struct ImportReport: Sendable, Codable, Equatable {
    /// The bundle (the earlier one when `alreadyImported`).
    public var bundle: ArchiveSummary
    /// True when the same archive had already been imported: nothing changed.
    public var alreadyImported: Bool
    /// Top-level images with their evidence.
    public var images: [ImageSummary]
    /// Evidence not linked to any image of the bundle (loose files, trusted roots, manifests…).
    public var unlinkedEvidence: [EvidenceSummary]
    /// Non-fatal observations.
    public var warnings: [String]
    /// Release artifacts: plain files that are subjects by SHA-256 (D21), with their evidence.
    public var artifacts: [ArtifactSummary] = []
    /// What each file of the archive's `checkpoints/` folder did (nil, and absent from JSON, when it has none; D23).
    public var checkpoints: [ArchiveCheckpointOutcome]? = nil
}
