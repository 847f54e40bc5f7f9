import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one open POSIX file descriptor; `deinit` closes it. Used for staged blob files, which must
/// be written and `fsync`ed before they are renamed into the store.
final class FileDescriptor {
    private var fd: Int32
    /// The path the descriptor was opened on, for error messages.
    let path: String

    /// Takes ownership of `fd`, which `deinit` will close.
    init(takingOwnership fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Creates a new file exclusively (fails if it exists), write-only, mode 0644.
    static func createExclusive(at url: URL) throws(StoreError) -> FileDescriptor {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.posix("create", path: url.path) }
        return FileDescriptor(takingOwnership: fd, path: url.path)
    }

    /// Opens a directory for `fsync` (so a rename into it is durable).
    static func openDirectory(at url: URL) throws(StoreError) -> FileDescriptor {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(.io, "cannot open directory: \(String(cString: strerror(errno)))", path: url.path) }
        return FileDescriptor(takingOwnership: fd, path: url.path)
    }

    /// Writes every byte of `buffer`, retrying short writes and `EINTR`.
    func writeAll(_ buffer: UnsafeRawBufferPointer) throws(StoreError) {
        guard var base = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError.posix("write", path: path)
            }
            remaining -= written
            base = base.advanced(by: written)
        }
    }

    /// Flushes the file's data and metadata to disk.
    func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw StoreError.posix("fsync", path: path) }
    }

    /// Flushes the whole file system this descriptor is on (`syncfs(2)`, looked up at run time like
    /// `sync_file_range`), reporting write errors of that file system since the descriptor was opened; where
    /// there is no `syncfs`, a system-wide `sync()`, which reports nothing. Throws `io` with the errno.
    func syncFileSystem() throws(StoreError) {
        guard let syncfs = Self.syncfs else {
            #if canImport(Glibc)
            return Glibc.sync()
            #else
            return Darwin.sync()
            #endif
        }
        guard syncfs(fd) == 0 else { throw StoreError.posix("syncfs", path: path) }
    }

    private typealias SyncFS = @convention(c) (Int32) -> Int32
    private static let syncfs: SyncFS? = dlsym(nil, "syncfs").map { unsafeBitCast($0, to: SyncFS.self) }

    /// Asks the kernel to start writing `count` bytes from `offset` (0: to the end) to disk now, without
    /// waiting (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`, looked up at run time because Glibc's
    /// module map hides it). Only a head start for the flush before commit, never a durability promise,
    /// so a failure (or a system without it) is ignored.
    func startWriteback(offset: Int64, count: Int64) {
        guard let syncFileRange = Self.syncFileRange else { return }
        _ = syncFileRange(fd, offset, count, 2 /* SYNC_FILE_RANGE_WRITE */)
    }

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private static let syncFileRange: SyncFileRange? = dlsym(nil, "sync_file_range").map { unsafeBitCast($0, to: SyncFileRange.self) }

    /// `fstatat` of `name` in this directory (following links, as `FileManager.fileExists` does): true when it exists.
    func statAt(_ name: String, _ info: inout stat) -> Bool {
        fstatat(fd, name, &info, 0) == 0
    }

    /// `renameat` of `name` in this directory to `newName` in `target` (a directory); false with `errno` set on failure.
    func renameAt(_ name: String, to target: FileDescriptor, _ newName: String) -> Bool {
        renameat(fd, name, target.fd, newName) == 0
    }

    /// `unlinkat` of `name` in this directory; false with `errno` set on failure.
    func unlinkAt(_ name: String) -> Bool {
        unlinkat(fd, name, 0) == 0
    }

    /// Takes an exclusive advisory lock (`flock`), blocking until it is granted; released on close.
    func lockExclusive() throws(StoreError) {
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw StoreError(.io, "flock failed: \(String(cString: strerror(errno)))", path: path)
        }
    }

    /// Tries to take an exclusive advisory lock without waiting: false when another open file holds it.
    func tryLockExclusive() -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return false
        }
        return true
    }

    /// Opens (creating if needed) a lock file.
    static func openLockFile(at url: URL) throws(StoreError) -> FileDescriptor {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError(.io, "cannot open lock: \(String(cString: strerror(errno)))", path: url.path) }
        return FileDescriptor(takingOwnership: fd, path: url.path)
    }

    deinit {
        close(fd)
    }
}
