import Foundation

/// One regular file of the archive after streaming: content digest, size, and the staged copy.
struct StreamedFile: Sendable {
    /// SHA-256, lowercase hex.
    let sha256: String
    /// Byte count.
    let size: Int64
    /// The staged copy (not yet in the blob store).
    let staged: URL
    /// The content too, for a small file (`ArchiveStreamer.keptFileBytes`), so reading it back needs no file access.
    var contents: Data? = nil
}

/// What one pass over the archive produced.
struct StreamedArchive: Sendable {
    /// SHA-256 of the archive file's raw bytes.
    let archiveSHA256: String
    /// Size of the archive file.
    let archiveBytes: Int64
    /// Regular files by normalised path.
    let files: [String: StreamedFile]
    /// Entries of every type seen.
    let entryCount: Int
    /// Uncompressed bytes of the regular files.
    let bytes: Int64
}
