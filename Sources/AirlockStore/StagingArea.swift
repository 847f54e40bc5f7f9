public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private directory under `<state>/tmp` where one import writes its files before they are known good.
///
/// Named `import-<pid>-<random>` so that a later import can tell a live staging area from one
/// abandoned by a killed process and remove it. `remove()` deletes it and everything left in it.
public struct StagingArea: Sendable {
    /// The directory.
    public let directory: URL

    /// Creates a fresh, uniquely named staging directory inside `tmp`.
    init(in tmp: URL) throws(StoreError) {
        let name = "import-\(getpid())-\(UUID().uuidString.lowercased())"
        directory = tmp.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        } catch {
            throw StoreError(.io, "cannot create staging directory: \(error.localizedDescription)", path: directory.path)
        }
    }

    /// Creates a new, empty staged file (named by its sequence number, never by an archive path).
    public func createFile(number: Int) throws(StoreError) -> StagedFile {
        let url = directory.appendingPathComponent("f\(number)", isDirectory: false)
        return StagedFile(url: url, descriptor: try FileDescriptor.createExclusive(at: url))
    }

    /// Deletes the staging directory and its contents.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Removes `import-<pid>-*` directories whose process is gone.
    static func removeAbandoned(in tmp: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp.path) else { return }
        for name in names where name.hasPrefix("import-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 2, let pid = Int32(parts[1]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
            }
        }
    }
}

/// One file being written into a staging area: append bytes, then `finish()`. Durability is not paid
/// per file: `BlobStore.makeStagedFilesDurable()` flushes everything once, before anything is committed.
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

    /// Marks the end of writing (the descriptor closes when the last copy of this value goes away).
    public func finish() throws(StoreError) {}
}
