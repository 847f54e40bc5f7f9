import Foundation
import AirlockStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bundle file as libarchive's read callback sees it: an open descriptor, a ring of read buffers,
/// and a SHA-256 of the raw (compressed) bytes computed on a second thread as they pass, so the archive
/// digest costs neither a second read nor time on the thread that unpacks and hashes the entries.
///
/// libarchive keeps the block a read callback returned until its next read callback; the ring has four
/// slots, and a slot is refilled only once the hashing thread is done with it, so neither side ever sees a
/// buffer change under it. Owns the descriptor and the ring; `deinit` releases both.
final class RawSource {
    /// Fixed read size: memory stays flat whatever the bundle size.
    static let bufferSize = 1 << 20
    /// Read buffers in flight (one with libarchive, the others queued for the hashing thread).
    static let bufferCount = 4

    /// Reads up to `count` bytes into the buffer, as `read(2)` does (returns -1 and sets `errno` on failure).
    typealias ReadFunction = (Int32, UnsafeMutableRawPointer, Int) -> Int

    private let fd: Int32
    private let readChunk: ReadFunction
    private let digest: SideDigest
    private let ring: BufferRing
    /// Raw bytes handed to libarchive so far.
    private(set) var bytesRead: Int64 = 0
    /// The read error, if a read failed (libarchive only sees -1).
    private(set) var readError: String?
    /// Called after every raw read.
    var onRead: ((Int64) -> Void)?

    /// Opens `url` for reading (`ArchiveImporter.standardInput`: a duplicate of descriptor 0, so a pipe works).
    convenience init(url: URL, hasher: any ContentHasher) throws(ImportError) {
        let fd = url == ArchiveImporter.standardInput ? dup(STDIN_FILENO) : open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImportError(.cannotOpen, "cannot open bundle: \(String(cString: strerror(errno)))")
        }
        self.init(takingOwnership: fd, hasher: hasher)
    }

    /// Reads from `fd`, which it closes when done, with `readChunk` (tests inject failures here).
    init(takingOwnership fd: Int32, hasher: any ContentHasher, readChunk: @escaping ReadFunction = { read($0, $1, $2) }) {
        self.fd = fd
        self.readChunk = readChunk
        let digest = SideDigest(hasher)
        self.digest = digest
        ring = BufferRing(slots: Self.bufferCount, slotSize: Self.bufferSize, name: "airlock-archive-sha256") { bytes, _ in
            digest.hasher.update(bytes)
        }
    }

    /// Size of the file, when `fstat` knows it (nil for a pipe).
    var fileSize: Int64? {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    /// Reads the next chunk for libarchive: returns its length (0 at end, -1 on error) and points `out` at it.
    /// The chunk goes to the hashing thread as well; libarchive may use it until it calls again.
    func fill(_ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        let buffer = ring.acquire()
        while true {
            let count = readChunk(fd, buffer.baseAddress!, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                readError = String(cString: strerror(errno))
                return -1
            }
            if count > 0 {
                ring.submit(count: count)
                bytesRead += Int64(count)
                onRead?(bytesRead)
            }
            out?.pointee = UnsafeRawPointer(buffer.baseAddress!)
            return count
        }
    }

    /// Finishes the raw-bytes digest (call once, after the archive reached its end): waits for the
    /// hashing thread to catch up.
    func finalizeDigest() -> Data {
        ring.drain()
        return digest.hasher.finalize()
    }

    deinit {
        ring.stop()
        close(fd)
    }
}

/// The archive hasher, fed on the ring's thread.
///
/// `@unchecked Sendable`: only the ring's consumer thread touches `hasher` while chunks flow; the
/// producer reads it only after `BufferRing.drain()` returned, which orders the two.
private final class SideDigest: @unchecked Sendable {
    var hasher: any ContentHasher

    init(_ hasher: any ContentHasher) {
        self.hasher = hasher
    }
}
