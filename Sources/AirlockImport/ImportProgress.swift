/// How far an import has got, reported while the archive streams so a terminal can show a progress line.
public struct ImportProgress: Sendable, Equatable {
    /// Compressed bytes read from the bundle file so far.
    public var archiveBytesRead: Int64
    /// Size of the bundle file, when known.
    public var archiveBytesTotal: Int64?
    /// Archive entries seen so far.
    public var entries: Int
    /// Uncompressed file bytes stored so far.
    public var bytesStored: Int64

    /// Makes a progress report.
    public init(archiveBytesRead: Int64, archiveBytesTotal: Int64?, entries: Int, bytesStored: Int64) {
        self.archiveBytesRead = archiveBytesRead
        self.archiveBytesTotal = archiveBytesTotal
        self.entries = entries
        self.bytesStored = bytesStored
    }
}

/// Receives progress reports; called on the importing thread, often, so keep it cheap.
public typealias ImportProgressHandler = @Sendable (ImportProgress) -> Void
