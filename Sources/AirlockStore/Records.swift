public import Foundation

/// One imported bundle archive (table `bundles`).
public struct ArchiveRecord: Codable, Sendable, Hashable {
    /// Short identifier: the first 12 hex characters of `archiveSHA256`.
    public var id: String
    /// SHA-256 of the archive file as carried across the air gap (compressed bytes).
    public var archiveSHA256: String
    /// The release name from `airlock-bundle.json`, or the archive's file name.
    public var name: String
    /// When the import committed.
    public var importedAt: Date
    /// Regular files in the archive.
    public var entryCount: Int
    /// Uncompressed bytes of those files.
    public var bytes: Int64
    /// Size of the archive file.
    public var archiveBytes: Int64

    enum CodingKeys: String, CodingKey {
        case id, name, bytes
        case archiveSHA256 = "archive_sha256"
        case importedAt = "imported_at"
        case entryCount = "entry_count"
        case archiveBytes = "archive_bytes"
    }

    /// Makes a record.
    public init(id: String, archiveSHA256: String, name: String, importedAt: Date, entryCount: Int, bytes: Int64, archiveBytes: Int64) {
        self.id = id
        self.archiveSHA256 = archiveSHA256
        self.name = name
        self.importedAt = importedAt
        self.entryCount = entryCount
        self.bytes = bytes
        self.archiveBytes = archiveBytes
    }
}

/// One regular file of a bundle (table `bundle_files`): its normalised path and content digest.
public struct ArchiveFileRecord: Codable, Sendable, Hashable {
    /// The bundle.
    public var bundleID: String
    /// Normalised path inside the archive (no `./`, no `..`, never absolute).
    public var path: String
    /// SHA-256 of the content (the blob's name).
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
}

/// One stored blob (table `blobs`).
public struct BlobRecord: Codable, Sendable, Hashable {
    /// SHA-256, lowercase hex: the blob's name in the store.
    public var sha256: String
    /// Byte count.
    public var size: Int64
    /// Media type, when a descriptor named one.
    public var mediaType: String?

    enum CodingKeys: String, CodingKey {
        case sha256, size
        case mediaType = "media_type"
    }

    /// Makes a record.
    public init(sha256: String, size: Int64, mediaType: String? = nil) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
    }
}
