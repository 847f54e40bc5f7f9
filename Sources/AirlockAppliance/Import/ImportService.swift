public import Foundation
public import AirlockFormats
public import AirlockImport
import AirlockStore

/// Progress of a running import (bytes read, entries, bytes stored), re-exported for the CLI.
public typealias ImportProgress = AirlockImport.ImportProgress

/// The import use case: bring a bundle into the state directory and list what the catalogue holds.
///
/// The state directory holds `blobs/sha256/`, `tmp/` and `airlock.sqlite`; it defaults to
/// `$AIRLOCK_HOME`, else `~/.local/share/airlock`.
public struct ImportService: Sendable {
    /// The state directory.
    public let stateDirectory: URL
    /// Input limits.
    public let limits: Limits

    /// Makes the service; nothing is opened until a call needs it.
    public init(stateDirectory: URL, limits: Limits = .default) {
        self.stateDirectory = stateDirectory
        self.limits = limits
    }

    /// The archive URL that means standard input (`airlock import -`).
    public static let standardInput = ArchiveImporter.standardInput

    /// `$AIRLOCK_HOME`, else `~/.local/share/airlock`.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["AIRLOCK_HOME"], !home.isEmpty { return URL(fileURLWithPath: home, isDirectory: true) }
        let userHome = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return userHome.appendingPathComponent(".local/share/airlock", isDirectory: true)
    }

    /// A folder of the archive to hand over during the import, and what to do with its files.
    public typealias FolderInspection = (name: String, handler: ([String: Data]) throws(ApplianceError) -> Void)

    /// Imports the bundle at `url` (all or nothing; a re-import of the same archive is a no-op that says so).
    ///
    /// `inspectFolder` receives the files of one top-level folder of the archive (e.g. `checkpoints`, by
    /// path relative to it) from the same single pass that imports it, before anything is committed; an
    /// error it throws refuses the import with nothing stored.
    public func importBundle(at url: URL, progress: (@Sendable (ImportProgress) -> Void)? = nil,
                             inspectFolder: FolderInspection? = nil) throws(ApplianceError) -> ImportReport {
        try importBundle(at: url, progress: progress, inspectFolder: inspectFolder, startedGuard: nil)
    }

    /// `importBundle(at:progress:inspectFolder:)` with the write guard `startedGuard` the command started
    /// already on this state directory's store (`BundleIntake`, before it loads the policy), else one started here.
    func importBundle(at url: URL, progress: (@Sendable (ImportProgress) -> Void)?, inspectFolder: FolderInspection?,
                      startedGuard: OverlappedWriteGuard?) throws(ApplianceError) -> ImportReport {
        let store = try open(.create)
        // The write guard runs while the archive streams (nothing is changed meanwhile) and is waited for
        // before the first change; its refusal wins over any other error, as when it ran first (D33).
        let writeGuard = startedGuard ?? OverlappedWriteGuard(store: store, stateDirectory: stateDirectory)
        let outcome: ImportOutcome
        var refusal: ApplianceError?
        let folder = inspectFolder.map { inspect in
            (name: inspect.name, handler: { (files: [String: Data]) -> Bool in
                do throws(ApplianceError) { try inspect.handler(files); return true } catch { refusal = error; return false }
            })
        }
        do {
            outcome = try ArchiveImporter(store: store, limits: limits, hasherFactory: SHA256ContentHasher.factory)
                .importBundle(at: url, progress: progress, inspectFolder: folder, beforeCommit: writeGuard.passed,
                              abandon: writeGuard.hasRefused)
        } catch {
            try writeGuard.wait()
            if error.code == .aborted, let refusal { throw refusal }
            throw ApplianceError(error, bundle: url.path)
        }
        try writeGuard.wait()
        if !outcome.alreadyImported { try signDecisionLog(store, stateDirectory) }
        let images = outcome.alreadyImported
            ? try listImages(store: store, bundleID: outcome.bundle.id)
            : Self.summaries(images: outcome.images, evidence: outcome.evidence)
        let evidence = outcome.alreadyImported ? try storeCall { try store.catalogue.evidence(bundleID: outcome.bundle.id) } : outcome.evidence
        let artifacts = outcome.alreadyImported
            ? try Self.listArtifacts(store: store, bundleID: outcome.bundle.id)
            : ArtifactSummary.summaries(outcome.artifacts, evidence: evidence)
        let linked = Set((images.flatMap(\.evidence) + artifacts.flatMap(\.evidence)).map { "\($0.sha256)|\($0.source)" })
        let unlinked = evidence.map(EvidenceSummary.init).filter { !linked.contains("\($0.sha256)|\($0.source)") }
        return ImportReport(bundle: ArchiveSummary(outcome.bundle), alreadyImported: outcome.alreadyImported,
                            images: images, unlinkedEvidence: unlinked, warnings: outcome.warnings, artifacts: artifacts)
    }

    /// Every catalogued bundle, oldest first.
    public func bundles() throws(ApplianceError) -> [ArchiveSummary] {
        let store = try open()
        return try storeCall { try store.catalogue.bundles() }.map(ArchiveSummary.init)
    }

    /// Top-level images (of one bundle, given its id or an unambiguous prefix of its archive SHA-256),
    /// each with the evidence about it or its platform children.
    public func images(bundle: String? = nil) throws(ApplianceError) -> [ImageSummary] {
        let store = try open()
        var bundleID: String?
        if let bundle {
            guard let record = try storeCall({ try store.catalogue.bundle(matching: bundle) }) else {
                throw ApplianceError(.badInput, "no bundle matches \"\(bundle)\"", code: "unknown-bundle", field: "--bundle")
            }
            bundleID = record.id
        }
        return try listImages(store: store, bundleID: bundleID)
    }

    private func listImages(store: Store, bundleID: String?) throws(ApplianceError) -> [ImageSummary] {
        let images = try storeCall { try store.catalogue.images(bundleID: bundleID) }
        let evidence = try storeCall { try store.catalogue.evidence(bundleID: bundleID) }
        let latest = try storeCall { try store.catalogue.latestVerdicts() }
        var summaries = Self.summaries(images: images, evidence: evidence)
        for i in summaries.indices {
            guard let row = latest[summaries[i].digest], let seq = row.seq else { continue }
            let failure = try storeCall { try store.catalogue.checks(verdictSeq: seq) }.first { $0.status == "failed" }
            summaries[i].verdict = LatestVerdict(id: row.id, result: row.result, verificationTime: row.verificationTime,
                                                 firstFailure: failure.map { "\($0.checkID): \($0.message)" })
        }
        return summaries
    }

    /// Top-level images with the evidence whose subject is the image or one of its children.
    static func summaries(images: [ImageRecord], evidence: [EvidenceRecord]) -> [ImageSummary] {
        var bySubject: [String: [EvidenceRecord]] = [:]
        for record in evidence {
            if let subject = record.subjectDigest { bySubject["\(record.bundleID) \(subject)", default: []].append(record) }
        }
        let childrenByParent = Dictionary(grouping: images.filter { $0.parentDigest != nil }) { "\($0.bundleID) \($0.parentDigest!)" }
        let topLevel = images.filter { $0.parentDigest == nil }.sorted { ($0.bundleID, $0.digest) < ($1.bundleID, $1.digest) }
        return topLevel.map { image in
            let key = "\(image.bundleID) \(image.digest)"
            let children = (childrenByParent[key] ?? []).sorted { $0.digest < $1.digest }
            let related = (bySubject[key] ?? []) + children.flatMap { bySubject["\($0.bundleID) \($0.digest)"] ?? [] }
            var summary = ImageSummary(image, evidence: related.map(EvidenceSummary.init))
            summary.platformManifests = children.map {
                PlatformManifestSummary(digest: $0.digest, platform: $0.platforms.first ?? "unknown",
                                        evidence: bySubject["\($0.bundleID) \($0.digest)"]?.count ?? 0)
            }
            return summary
        }
    }

    private func open(_ mode: Store.OpenMode = .readOnly) throws(ApplianceError) -> Store {
        try openStore(stateDirectory, mode: mode)
    }
}
