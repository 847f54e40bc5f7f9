public import Foundation

extension BlobStore {
    /// Stores many small blobs whose SHA-256 the caller computed (e.g. the checkpoint notes of a whole
    /// `verify --all`), as `put` does but with one staging area, one `syncfs(2)` of the state directory's
    /// file system for all staged files (`StagingArea.makeDurable`), and one sync of `blobs/sha256` after
    /// the renames, instead of two syncs and a staging area per blob. Blobs already present are skipped.
    /// Durable when it returns; throws `StoreError` (`io`, or `corrupt-blob` for a digest that is not
    /// lowercase hex) and leaves no staged file behind.
    public func put(all blobs: [(data: Data, sha256: String)]) throws(StoreError) {
        var missing: [(data: Data, sha256: String, target: URL)] = []
        var seen = Set<String>()
        for blob in blobs where seen.insert(blob.sha256).inserted {
            let target = try url(sha256: blob.sha256)
            if !FileManager.default.fileExists(atPath: target.path) { missing.append((blob.data, blob.sha256, target)) }
        }
        guard !missing.isEmpty else { return }
        if missing.count == 1 { return try put(missing[0].data, sha256: missing[0].sha256) }
        let staging = try makeStagingArea()
        defer { staging.remove() }
        var staged: [(url: URL, sha256: String)] = []
        for (number, blob) in missing.enumerated() {
            let url = staging.directory.appendingPathComponent("blob-\(number)", isDirectory: false)
            let descriptor = try FileDescriptor.createExclusive(at: url)
            do {
                try blob.data.withUnsafeBytes { buffer in try descriptor.writeAll(buffer) }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.io, "write failed: \(error)", path: url.path)
            }
            staged.append((url, blob.sha256))
        }
        try staging.makeDurable()
        try commit(stagedFiles: staged.map { (staged: $0.url, sha256: $0.sha256) })
        try syncBlobsDirectory()
    }
}
