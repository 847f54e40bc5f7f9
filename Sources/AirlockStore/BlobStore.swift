public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed blob store: every file of every imported bundle, stored once at
/// `<state>/blobs/sha256/<hex>` whatever path it had in its archive.
///
/// Blobs arrive through a `StagingArea` under `<state>/tmp`: written, flushed, and renamed into place
/// only after the importer has validated the whole archive. A name from an archive never becomes a path.
public struct BlobStore: Sendable {
    /// The state directory holding `blobs/` and `tmp/`.
    public let stateDirectory: URL
    /// Checks what is read against the blob's name; the appliance always passes one (this module does
    /// no cryptography itself).
    let hasher: ContentHasherFactory?

    /// Opens (creating when needed) the store under `stateDirectory`.
    public init(stateDirectory: URL, hasher: ContentHasherFactory? = nil) throws(StoreError) {
        try self.init(stateDirectory: stateDirectory, creating: true, hasher: hasher)
    }

    /// Opens the store; with `creating` false nothing is made, so a read-only open leaves the directory
    /// as it was (reads of absent blobs fail with `corruptBlob`; staging needs `tmp/` and so `creating`).
    init(stateDirectory: URL, creating: Bool, hasher: ContentHasherFactory? = nil) throws(StoreError) {
        self.stateDirectory = stateDirectory
        self.hasher = hasher
        guard creating else { return }
        for directory in [blobsDirectory, tmpDirectory] {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.io, "cannot create directory: \(error.localizedDescription)", path: directory.path)
            }
        }
    }

    /// `<state>/blobs/sha256`.
    public var blobsDirectory: URL { stateDirectory.appendingPathComponent("blobs/sha256", isDirectory: true) }
    /// `<state>/tmp`, where imports stage their files.
    public var tmpDirectory: URL { stateDirectory.appendingPathComponent("tmp", isDirectory: true) }

    /// Where the blob with this SHA-256 lives (or would live). Throws if `hex` is not 64 lowercase hex characters,
    /// so no caller can smuggle a path through a digest.
    public func url(sha256 hex: String) throws(StoreError) -> URL {
        try Self.requireDigest(hex)
        return blobsDirectory.appendingPathComponent(hex, isDirectory: false)
    }

    /// Whether the blob is present.
    public func contains(sha256 hex: String) -> Bool {
        guard let url = try? url(sha256: hex) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// Reads a whole blob, refusing one larger than `maxBytes`. With a `hasher`, content that does not
    /// hash to `hex` (flipped, truncated, swapped) and a catalogued blob gone from disk are store
    /// corruption: `corrupt-blob` naming the digest, never passed on to a parser.
    public func read(sha256 hex: String, maxBytes: Int) throws(StoreError) -> Data {
        let url = try url(sha256: hex)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Self.missing(hex, url) }
        let data = try Self.readFile(at: url, maxBytes: maxBytes)
        if let hasher {
            let actual = ContentHashing.sha256Hex(of: data, using: hasher)
            guard actual == hex else { throw Self.corrupt(hex, actual: actual, url) }
        }
        return data
    }

    /// Re-hashes a stored blob of any size in 1 MiB steps (layers, which are never read whole) and throws
    /// `corrupt-blob` naming the digest when it is missing or its content hashes to something else.
    public func checkIntegrity(sha256 hex: String) throws(StoreError) {
        let url = try url(sha256: hex)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Self.missing(hex, url) }
        guard let hasher else { return }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw StoreError(.io, "cannot open: \(error.localizedDescription)", path: url.path)
        }
        defer { try? handle.close() }
        var state = hasher()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { state.update($0) }
            }
        } catch {
            throw StoreError(.io, "read failed: \(error.localizedDescription)", path: url.path)
        }
        let actual = state.finalize().lowercaseHex
        guard actual == hex else { throw Self.corrupt(hex, actual: actual, url) }
    }

    private static func missing(_ hex: String, _ url: URL) -> StoreError {
        StoreError(.corruptBlob, "store corruption: blob sha256:\(hex) is catalogued but missing from the store", path: url.path)
    }

    private static func corrupt(_ hex: String, actual: String, _ url: URL) -> StoreError {
        StoreError(.corruptBlob, "store corruption: blob sha256:\(hex) has changed on disk (its content hashes to sha256:\(actual))",
                   path: url.path)
    }

    /// Makes a fresh staging area for one import.
    public func makeStagingArea() throws(StoreError) -> StagingArea {
        try StagingArea(in: tmpDirectory)
    }

    /// Moves a staged, synced file into the store under its SHA-256. When the blob is already there
    /// (same content, by construction) the staged copy is simply removed.
    public func commit(stagedFile: URL, sha256 hex: String) throws(StoreError) {
        let target = try url(sha256: hex)
        if FileManager.default.fileExists(atPath: target.path) {
            unlink(stagedFile.path)
            return
        }
        guard rename(stagedFile.path, target.path) == 0 else {
            throw StoreError.posix("rename into the store", path: target.path)
        }
    }

    /// Moves many staged, synced files into the store, as `commit(stagedFile:sha256:)` does one by one, but
    /// through open descriptors of the two directories (`renameat` with bare names): no path is walked twice
    /// and no URL is built per file. A blob already present keeps its file; the staged copy is removed.
    public func commit(stagedFiles: [(staged: URL, sha256: String)]) throws(StoreError) {
        let blobs = try FileDescriptor.openDirectory(at: blobsDirectory)
        var directories: [String: FileDescriptor] = [:]
        for file in stagedFiles {
            try Self.requireDigest(file.sha256)
            let parent = file.staged.deletingLastPathComponent().path
            let name = file.staged.lastPathComponent
            let directory: FileDescriptor
            if let open = directories[parent] {
                directory = open
            } else {
                directory = try FileDescriptor.openDirectory(at: file.staged.deletingLastPathComponent())
                directories[parent] = directory
            }
            var info = stat()
            if blobs.statAt(file.sha256, &info) {
                _ = directory.unlinkAt(name)
                continue
            }
            guard directory.renameAt(name, to: blobs, file.sha256) else {
                throw StoreError.posix("rename into the store", path: blobsDirectory.appendingPathComponent(file.sha256).path)
            }
        }
    }

    /// Throws unless `hex` is 64 lowercase hex characters (the only names the store gives its files).
    static func requireDigest(_ hex: String) throws(StoreError) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw StoreError(.corruptBlob, "not a lowercase sha256 hex digest: \(hex.prefix(80))")
        }
    }

    /// Makes the renames into `blobs/sha256` durable.
    public func syncBlobsDirectory() throws(StoreError) {
        try FileDescriptor.openDirectory(at: blobsDirectory).sync()
    }

    /// Removes staging areas left behind by killed or crashed imports (those whose lock no live import
    /// holds); returns the names removed. Every write command runs it when it opens the store.
    @discardableResult
    public func removeAbandonedStagingAreas() -> [String] {
        StagingArea.removeAbandoned(in: tmpDirectory)
    }

    /// Reads a file no larger than `maxBytes`.
    static func readFile(at url: URL, maxBytes: Int) throws(StoreError) -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw StoreError(.missingBlob, "cannot open: \(error.localizedDescription)", path: url.path)
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            guard data.count <= maxBytes else {
                throw StoreError(.io, "larger than the \(maxBytes)-byte read limit", path: url.path)
            }
            return data
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "read failed: \(error.localizedDescription)", path: url.path)
        }
    }
}

extension BlobStore {
    /// Stores bytes whose SHA-256 the caller computed (policy files, trust roots, annotation documents),
    /// through a staged file that is synced and renamed into place. A blob already present is left alone.
    public func put(_ data: Data, sha256 hex: String) throws(StoreError) {
        let target = try url(sha256: hex)
        if FileManager.default.fileExists(atPath: target.path) { return }
        let staging = try makeStagingArea()
        defer { staging.remove() }
        let url = staging.directory.appendingPathComponent("blob", isDirectory: false)
        let descriptor = try FileDescriptor.createExclusive(at: url)
        do {
            try data.withUnsafeBytes { buffer in try descriptor.writeAll(buffer) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "write failed: \(error)", path: url.path)
        }
        try descriptor.sync()
        try commit(stagedFile: url, sha256: hex)
        try syncBlobsDirectory()
    }
}
