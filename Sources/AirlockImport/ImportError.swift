/// Why an import was refused: a code for scripts, one human line, and the archive entry at fault.
///
/// Every error leaves the store unchanged: staged files are deleted and no catalogue row is written.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for scripts.
    public enum Code: String, Sendable, Codable {
        /// The bundle file cannot be opened or read.
        case cannotOpen = "cannot-open"
        /// Not a tar archive (optionally gzip, zstd, xz or bzip2 compressed), truncated, or corrupt.
        case corruptArchive = "corrupt-archive"
        /// An absolute path or a `..` component.
        case unsafePath = "unsafe-path"
        /// A symbolic or hard link.
        case linkEntry = "link-entry"
        /// A device node, FIFO or socket.
        case specialFile = "special-file"
        /// A name that is empty or not valid UTF-8.
        case invalidName = "invalid-name"
        /// An entry or a total beyond `Limits`.
        case limitExceeded = "limit-exceeded"
        /// Decompressed bytes grew beyond `Limits.maxCompressionRatio` times the compressed bytes.
        case decompressionBomb = "decompression-bomb"
        /// The same name twice with different content.
        case duplicateEntry = "duplicate-entry"
        /// The archive holds no regular file.
        case emptyBundle = "empty-bundle"
        /// `airlock-bundle.json` is malformed, or names a file that is missing, differs, or is unlisted.
        case manifestMismatch = "manifest-mismatch"
        /// An OCI layout, manifest or index is malformed or of an unknown version.
        case invalidLayout = "invalid-layout"
        /// A blob's size or digest differs from its descriptor or its file name.
        case digestMismatch = "digest-mismatch"
        /// A text field of the bundle (a media type, a predicate type, a name) holds a NUL byte, which the
        /// catalogue cannot store whole.
        case invalidText = "invalid-text"
        /// The state directory failed (disk, permissions, database); not the bundle's fault.
        case store = "store"
        /// A caller's check of the streamed archive refused it before anything was committed (the caller
        /// holds and reports its own reason).
        case aborted = "aborted"
    }

    /// The kind of failure.
    public var code: Code
    /// A one-line human explanation.
    public var reason: String
    /// The archive entry (normalised path when known, raw name otherwise) at fault.
    public var entry: String?

    /// Makes an error.
    public init(_ code: Code, _ reason: String, entry: String? = nil) {
        self.code = code
        self.reason = reason
        self.entry = entry
    }

    /// Whether the bundle is at fault (as opposed to the machine): the CLI exits 2 for these, 3 otherwise.
    public var isBadInput: Bool { code != .store }

    /// `entry: reason`.
    public var description: String {
        [entry, reason].compactMap { $0 }.joined(separator: ": ")
    }
}
