import CArchive
import Foundation

/// One libarchive read handle restricted to tar formats (ustar, pax, GNU) behind any compression filter
/// libarchive detects from the content (gzip, zstd, xz, bzip2…), never from the file name.
///
/// Owns the `struct archive *`; `deinit` frees it. Keeps the `RawSource` alive while libarchive calls it.
final class ArchiveReader {
    private let archive: OpaquePointer
    private let source: RawSource

    /// Takes ownership of `archive` (a fresh `archive_read_new()` result) and opens it on `source`.
    init(takingOwnership archive: OpaquePointer, source: RawSource) throws(ImportError) {
        self.archive = archive
        self.source = source
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_gnutar(archive)
        let client = Unmanaged.passUnretained(source).toOpaque()
        let status = archive_read_open(archive, client, nil, { _, client, out in
            guard let client else { return -1 }
            return la_ssize_t(Unmanaged<RawSource>.fromOpaque(client).takeUnretainedValue().fill(out))
        }, nil)
        guard status == ARCHIVE_OK else {
            throw ImportError(.corruptArchive, "cannot read archive: \(errorText)")
        }
    }

    /// Opens a reader on `source`.
    convenience init(source: RawSource) throws(ImportError) {
        guard let archive = archive_read_new() else {
            throw ImportError(.store, "libarchive could not allocate a reader")
        }
        try self.init(takingOwnership: archive, source: source)
    }

    /// The next entry header, or nil at the end of the archive. Warnings are failures (fail closed).
    func nextEntry() throws(ImportError) -> ArchiveEntry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK, let entry else {
            throw ImportError(.corruptArchive, errorText)
        }
        return ArchiveEntry(entry)
    }

    /// Reads the next chunk of the current entry's data into `buffer`; 0 means the entry is complete.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw ImportError(.corruptArchive, errorText) }
        return Int(count)
    }

    /// Compressed bytes consumed so far (`archive_filter_bytes(a, -1)`), for the bomb ratio.
    var compressedBytesConsumed: Int64 {
        Int64(archive_filter_bytes(archive, -1))
    }

    /// libarchive's last error, or the underlying read error.
    private var errorText: String {
        if let readError = source.readError { return "read error: \(readError)" }
        guard let text = archive_error_string(archive) else { return "unknown libarchive error" }
        return String(cString: text)
    }

    deinit {
        archive_read_free(archive)
    }
}

/// The fields of one archive header Airlock looks at. Valid only until the next `nextEntry()` call,
/// so it is consumed immediately and never stored.
struct ArchiveEntry {
    /// File-type bits of `archive_entry_filetype`.
    enum Kind {
        case regular, directory, symlink, other(UInt32)
    }

    private let entry: OpaquePointer

    init(_ entry: OpaquePointer) {
        self.entry = entry
    }

    /// The raw name bytes as stored in the header, or nil when libarchive has none.
    var rawPathname: [UInt8]? {
        guard let name = archive_entry_pathname(entry) ?? archive_entry_pathname_utf8(entry) else { return nil }
        return Array(UnsafeBufferPointer(start: name, count: strlen(name))).map { UInt8(bitPattern: $0) }
    }

    /// The raw target bytes of a symbolic link, or nil when there is none.
    var rawSymlinkTarget: [UInt8]? {
        guard let target = archive_entry_symlink(entry) ?? archive_entry_symlink_utf8(entry) else { return nil }
        return Array(UnsafeBufferPointer(start: target, count: strlen(target))).map { UInt8(bitPattern: $0) }
    }

    /// Whether this is a hard link to an earlier entry.
    var isHardLink: Bool { archive_entry_hardlink(entry) != nil }

    /// The entry's type.
    var kind: Kind {
        let type = UInt32(archive_entry_filetype(entry)) & 0o170000
        switch type {
        case 0o100000: return .regular
        case 0o040000: return .directory
        case 0o120000: return .symlink
        default: return .other(type)
        }
    }

    /// The declared size, when the header has one.
    var declaredSize: Int64? {
        archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : nil
    }
}
