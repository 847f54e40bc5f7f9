public import Foundation
public import AirlockFormats
public import AirlockStore

/// Imports a bundle archive into the state directory, all or nothing.
///
/// 1. One streaming pass (`ArchiveStreamer`): headers vetted, files hashed and staged under `<state>/tmp`.
/// 2. If the archive's SHA-256 is already catalogued, stop: a no-op that says so.
/// 3. `airlock-bundle.json`, when present (at the root or in the one folder holding every file), must match the files exactly.
/// 4. Every OCI layout is walked (`OCILayoutWalker`), then `docker save` archives (`DockerArchive`), then loose evidence by name.
/// 5. Staged files are flushed to disk (one `syncfs(2)`, `StagingArea.makeDurable`), renamed into `blobs/sha256/`, and the directory is synced.
/// 6. One SQLite transaction records the bundle, its files, blobs, images and evidence.
///
/// A failure at steps 1–4 deletes the staging area and leaves the store exactly as it was. A crash
/// between 5 and 6 can leave **orphan blobs** (content-addressed, unreferenced, harmless, reused by a later
/// import) but never a catalogue row: nothing half-imported is ever visible.
public struct ArchiveImporter: Sendable {
    /// The state directory.
    public let store: Store
    /// Input limits.
    public let limits: Limits
    /// SHA-256 provider (the appliance passes one backed by AirlockCrypto).
    public let hasherFactory: ContentHasherFactory

    /// Makes an importer.
    public init(store: Store, limits: Limits = .default, hasherFactory: @escaping ContentHasherFactory) {
        self.store = store
        self.limits = limits
        self.hasherFactory = hasherFactory
    }

    /// Pass as the archive URL to read the archive from standard input (`airlock import -`).
    public static let standardInput = URL(fileURLWithPath: "/dev/stdin")

    /// Imports the archive at `url` (or, when `url` is a directory, the unpacked tree under it:
    /// `DirectoryStreamer`); `progress` is called while it streams.
    ///
    /// `inspectFolder` (a folder name such as `checkpoints`, and a handler) receives that folder's files —
    /// found as `ArchiveFolder` finds them, read from the staged copies of this one streaming pass, at most
    /// `Limits.maxTUFEntries` files and `Limits.maxJSONBytes` in all — before anything is committed, also
    /// when the archive was imported before. A handler that returns false aborts the import (`aborted`),
    /// with nothing stored; the handler keeps its own reason.
    ///
    /// `beforeCommit` runs after the archive is read and checked, right before the first change to the state
    /// directory (blobs moved into the store, then the catalogue transaction): false aborts the import
    /// (`aborted`) with nothing stored, the caller keeping its own reason (the write guard that ran while the
    /// archive streamed, and refused). `abandon`, asked before each archive entry, stops the pass early in
    /// the same way (that guard has refused already: no need to read the rest of a large archive).
    public func importBundle(at url: URL, progress: ImportProgressHandler? = nil,
                             inspectFolder: (name: String, handler: ([String: Data]) -> Bool)? = nil,
                             beforeCommit: (() -> Bool)? = nil, abandon: @escaping () -> Bool = { false }) throws(ImportError) -> ImportOutcome {
        store.blobs.removeAbandonedStagingAreas()
        let staging = try storeCall { try store.blobs.makeStagingArea() }
        defer { staging.remove() }

        var isDirectory: ObjCBool = false
        let tree = url != Self.standardInput && FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        let streamed = tree
            ? try DirectoryStreamer(limits: limits, hasherFactory: hasherFactory, staging: staging, abandon: abandon).stream(url, progress: progress)
            : try ArchiveStreamer(limits: limits, hasherFactory: hasherFactory, staging: staging, abandon: abandon).stream(url, progress: progress)
        let view = ArchiveView(files: streamed.files, limits: limits, hasherFactory: hasherFactory)
        if let inspectFolder, !inspectFolder.handler(try view.folder(inspectFolder.name)) {
            throw ImportError(.aborted, "refused by the \(inspectFolder.name)/ folder's check", entry: "\(inspectFolder.name)/")
        }
        if let existing = try storeCall({ try store.catalogue.bundle(archiveSHA256: streamed.archiveSHA256) }) {
            return ImportOutcome(bundle: existing, alreadyImported: true, images: [], evidence: [], warnings: [])
        }
        var name = url.deletingPathExtension().lastPathComponent
        for suffix in [".tar"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        if let manifestPath = try ArchiveManifest.locate(in: Array(streamed.files.keys)) {
            let data = try view.read(manifestPath)
            let manifest = try parsing(manifestPath, code: .manifestMismatch) { () throws(FormatError) in
                try ArchiveManifest.parse(data, limits: limits)
            }
            try manifest.check(against: streamed.files.mapValues(\.sha256), at: manifestPath)
            name = manifest.name
        }

        let bundleID = String(streamed.archiveSHA256.prefix(12))
        var findings = Findings(bundleID: bundleID)
        let layoutRoots = streamed.files.keys.filter { $0 == "oci-layout" || $0.hasSuffix("/oci-layout") }
            .map { String($0.dropLast("oci-layout".count).dropLast($0 == "oci-layout" ? 0 : 1)) }.sorted()
        for root in layoutRoots {
            var walker = OCILayoutWalker(view: view, root: root, findings: findings)
            try walker.walk()
            findings = walker.findings
        }
        for root in DockerArchive.roots(in: view, layoutRoots: layoutRoots) {
            try DockerArchive(view: view, root: root).discover(into: &findings)
        }
        ArtifactFiles.discover(in: view, layoutRoots: layoutRoots, findings: &findings)
        try LooseEvidence.discover(in: view, layoutRoots: layoutRoots, findings: &findings)

        let derived = try stageDerived(findings.derivedBlobs, staging: staging, after: streamed.entryCount)
        let batch = makeBatch(streamed: streamed, name: name, bundleID: bundleID, findings: findings)
        if let beforeCommit, !beforeCommit() {
            throw ImportError(.aborted, "refused before committing", entry: url.lastPathComponent)
        }
        try commitBlobs(streamed, derived: derived, staging: staging)
        switch try storeCall({ try store.catalogue.record(batch) }) {
        case .inserted:
            return ImportOutcome(bundle: batch.bundle, alreadyImported: false, images: findings.images,
                                 evidence: findings.evidence, warnings: findings.warnings, artifacts: findings.artifacts)
        case .alreadyPresent(let existing):
            return ImportOutcome(bundle: existing, alreadyImported: true, images: [], evidence: [], warnings: [])
        }
    }

    private func makeBatch(streamed: StreamedArchive, name: String, bundleID: String, findings: Findings) -> ImportBatch {
        let bundle = ArchiveRecord(id: bundleID, archiveSHA256: streamed.archiveSHA256, name: name, importedAt: Date(),
                                  entryCount: streamed.files.count, bytes: streamed.bytes, archiveBytes: streamed.archiveBytes)
        let files = streamed.files.sorted { $0.key < $1.key }.map {
            ArchiveFileRecord(bundleID: bundleID, path: $0.key, sha256: $0.value.sha256, size: $0.value.size)
        }
        var blobs: [String: BlobRecord] = [:]
        for file in streamed.files.values {
            blobs[file.sha256] = BlobRecord(sha256: file.sha256, size: file.size, mediaType: findings.mediaTypes[file.sha256])
        }
        for (hex, data) in findings.derivedBlobs where blobs[hex] == nil {
            blobs[hex] = BlobRecord(sha256: hex, size: Int64(data.count), mediaType: findings.mediaTypes[hex])
        }
        return ImportBatch(bundle: bundle, files: files, blobs: blobs.values.sorted { $0.sha256 < $1.sha256 },
                           images: findings.images, evidence: findings.evidence, artifacts: findings.artifacts)
    }

    /// Writes derived blobs (parts of archive files, already hashed) into the staging area, numbered after
    /// the streamed files so no name collides.
    private func stageDerived(_ blobs: [String: Data], staging: StagingArea, after count: Int) throws(ImportError) -> [(sha256: String, staged: URL)] {
        var staged: [(sha256: String, staged: URL)] = []
        for (offset, (hex, data)) in blobs.sorted(by: { $0.key < $1.key }).enumerated() {
            let file = try storeCall { try staging.createFile(number: count + 1 + offset) }
            try storeCall { () throws -> Void in
                let bytes = [UInt8](data)
                try bytes.withUnsafeBytes { buffer in try file.write(buffer) }
            }
            try storeCall { try file.finish() }
            staged.append((hex, file.url))
        }
        return staged
    }

    /// Moves each distinct staged file into the blob store and makes the renames durable.
    private func commitBlobs(_ streamed: StreamedArchive, derived: [(sha256: String, staged: URL)], staging: StagingArea) throws(ImportError) {
        try storeCall { try staging.makeDurable() }
        var done = Set<String>()
        var moves: [(staged: URL, sha256: String)] = []
        for file in streamed.files.values where done.insert(file.sha256).inserted {
            moves.append((file.staged, file.sha256))
        }
        for blob in derived where done.insert(blob.sha256).inserted {
            moves.append((blob.staged, blob.sha256))
        }
        try storeCall { try store.blobs.commit(stagedFiles: moves) }
        try storeCall { try store.blobs.syncBlobsDirectory() }
    }
}
