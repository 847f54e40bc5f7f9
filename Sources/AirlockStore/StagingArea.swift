public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private directory under `<state>/tmp` where one import writes its files before they are known good.
///
/// Named `import-<pid>-<random>`, beside a lock file `import-<pid>-<random>.lock` that the owning import
/// holds (`flock`) for as long as the area lives. A later write command removes every staging area whose
/// lock it can take (its import was killed or crashed), whatever became of the PID; only an area without
/// a lock file (made by an older Airlock) falls back to the PID liveness check. `remove()` deletes both.
public struct StagingArea: Sendable {
    /// The directory.
    public let directory: URL
    /// The held lock; closing it (when the last copy of this value goes) releases the area to sweeping.
    private let lock: StagingLock

    /// Creates a fresh, uniquely named staging directory inside `tmp`, locked before it exists so no
    /// sweeper can mistake it for an abandoned one.
    init(in tmp: URL) throws(StoreError) {
        let name = "import-\(getpid())-\(UUID().uuidString.lowercased())"
        directory = tmp.appendingPathComponent(name, isDirectory: true)
        lock = try StagingLock(at: Self.lockURL(of: directory))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        } catch {
            unlink(Self.lockURL(of: directory).path)
            throw StoreError(.io, "cannot create staging directory: \(error.localizedDescription)", path: directory.path)
        }
    }

    /// Creates a new, empty staged file (named by its sequence number, never by an archive path).
    public func createFile(number: Int) throws(StoreError) -> StagedFile {
        let url = directory.appendingPathComponent("f\(number)", isDirectory: false)
        return StagedFile(url: url, descriptor: try FileDescriptor.createExclusive(at: url))
    }

    /// Makes every file staged here durable at once: `syncfs(2)` of the file system the area is on, through
    /// the lock file's descriptor, opened before any staged file was written, so a write error in between is
    /// reported (a system-wide `sync()` reports none, and waits for other programs' writes too). Called
    /// once, before the first rename into the store, so no blob name points at content that is not on disk.
    /// Throws `io` with the errno.
    public func makeDurable() throws(StoreError) {
        try lock.syncFileSystem()
    }

    /// Deletes the staging directory, its contents and its lock file.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
        unlink(Self.lockURL(of: directory).path)
    }

    /// `<tmp>/import-…lock` beside the directory `<tmp>/import-…`.
    static func lockURL(of directory: URL) -> URL {
        directory.deletingLastPathComponent().appendingPathComponent(directory.lastPathComponent + ".lock", isDirectory: false)
    }

    /// Removes the `import-*` directories (and lock files) no live import holds; returns the names removed.
    @discardableResult
    static func removeAbandoned(in tmp: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix("import-") && !name.hasSuffix(".lock") {
            let directory = tmp.appendingPathComponent(name, isDirectory: true)
            let lockURL = lockURL(of: directory)
            if FileManager.default.fileExists(atPath: lockURL.path) {
                // Held by a live import: leave it. Taken here: its import is gone.
                guard let lock = try? FileDescriptor.openLockFile(at: lockURL), lock.tryLockExclusive() else { continue }
                try? FileManager.default.removeItem(at: directory)
                unlink(lockURL.path)
                withExtendedLifetime(lock) {}
            } else {
                let parts = name.split(separator: "-")
                guard parts.count >= 2, let pid = Int32(parts[1]), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(at: directory)
            }
            removed.append(name)
        }
        // Lock files whose directory is gone (a kill between the two removals) and whose lock is free.
        for name in names where name.hasPrefix("import-") && name.hasSuffix(".lock") {
            let url = tmp.appendingPathComponent(name, isDirectory: false)
            let directory = String(name.dropLast(".lock".count))
            guard !FileManager.default.fileExists(atPath: tmp.appendingPathComponent(directory).path),
                  let lock = try? FileDescriptor.openLockFile(at: url), lock.tryLockExclusive() else { continue }
            unlink(url.path)
        }
        return removed
    }
}

/// The `flock` a staging area's import holds; a class so copies of the `StagingArea` share one descriptor,
/// closed (and the lock released) when the last copy goes.
final class StagingLock: @unchecked Sendable {
    // @unchecked Sendable: the descriptor is locked in init and closed in deinit; nothing else touches it.
    private let descriptor: FileDescriptor

    init(at url: URL) throws(StoreError) {
        descriptor = try FileDescriptor.openLockFile(at: url)
        // Blocking: a sweeper may hold it for an instant (and unlink it, in which case the directory,
        // found without a lock file, is protected by the PID check instead).
        try descriptor.lockExclusive()
    }

    /// `syncfs(2)` through the lock file's descriptor, opened before any staged file was written.
    func syncFileSystem() throws(StoreError) {
        try descriptor.syncFileSystem()
    }
}

/// One file being written into a staging area: append bytes, then `finish()`. Durability is not paid
/// per file: `StagingArea.makeDurable()` flushes everything once, before anything is committed.
public struct StagedFile {
    /// Where the file is.
    public let url: URL
    private let descriptor: FileDescriptor

    init(url: URL, descriptor: FileDescriptor) {
        self.url = url
        self.descriptor = descriptor
    }

    /// Appends bytes.
    public func write(_ buffer: UnsafeRawBufferPointer) throws(StoreError) {
        try descriptor.writeAll(buffer)
    }

    /// Starts writing `count` bytes from `offset` (0: to the end) to disk in the background, so the one
    /// flush before commit (`StagingArea.makeDurable()`) finds little left to write. A hint only.
    public func startWriteback(offset: Int64, count: Int64) {
        descriptor.startWriteback(offset: offset, count: count)
    }

    /// Marks the end of writing (the descriptor closes when the last copy of this value goes away).
    public func finish() throws(StoreError) {}
}
