import Foundation
import AirlockStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bundle file as libarchive's read callback sees it: an open descriptor, a fixed buffer, and a
/// SHA-256 of the raw (compressed) bytes computed as they pass, so the archive digest costs no second read.
///
/// Owns the descriptor and the buffer; `deinit` releases both.
final class RawSource {
    /// Fixed read size: memory stays flat whatever the bundle size.
    static let bufferSize = 1 << 20

    private let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private var hasher: any ContentHasher
    /// Raw bytes handed to libarchive so far.
    private(set) var bytesRead: Int64 = 0
    /// The read error, if a read failed (libarchive only sees -1).
    private(set) var readError: String?
    /// Called after every raw read.
    var onRead: ((Int64) -> Void)?

    /// Opens `url` for reading (`ArchiveImporter.standardInput`: a duplicate of descriptor 0, so a pipe works).
    init(url: URL, hasher: any ContentHasher) throws(ImportError) {
        let fd = url == ArchiveImporter.standardInput ? dup(STDIN_FILENO) : open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImportError(.cannotOpen, "cannot open bundle: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.hasher = hasher
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    /// Size of the file, when `fstat` knows it (nil for a pipe).
    var fileSize: Int64? {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    /// Reads the next chunk for libarchive: returns its length (0 at end, -1 on error) and points `out` at it.
    func fill(_ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        while true {
            let count = read(fd, buffer, Self.bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                readError = String(cString: strerror(errno))
                return -1
            }
            if count > 0 {
                hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
                bytesRead += Int64(count)
                onRead?(bytesRead)
            }
            out?.pointee = UnsafeRawPointer(buffer)
            return count
        }
    }

    /// Finishes the raw-bytes digest (call once, after the archive reached its end).
    func finalizeDigest() -> Data {
        hasher.finalize()
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }
}
