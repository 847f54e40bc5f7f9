public import Foundation
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockVerify

/// `trustroot update`: what was accepted and recorded.
public struct TUFUpdateReport: Sendable, Equatable, Encodable {
    /// The replaced root.
    public var entry: TrustRootEntry
    /// The versions now recorded.
    public var versions: TUFVersions
    /// Whether the `trusted_root.json` bytes changed.
    public var changed: Bool
    /// Grace periods used and floors reset.
    public var notes: [String]
}

extension TrustRootLibrary {
    /// Pins the TUF `root.json` at `path` as `name`: it must be a root signed by a threshold of its own
    /// root keys. The name gets its `trusted_root.json` on the first `update`.
    public func pinTUF(_ name: String, rootJSON path: String, now: Date = Date()) throws(ApplianceError) -> TUFVersions {
        try Self.checkName(name)
        if PinnedTrustRoots.all.contains(where: { $0.name == name }) {
            throw ApplianceError(.badInput, "\(name) is an embedded trust root; choose another name", code: "embedded-trust-root", field: "NAME")
        }
        let data = try readLimitedFile(path, limit: limits.maxTUFMetadataBytes)
        let root: TUFRoot
        do { root = try checkTUFRoot(data, limits: limits) } catch { throw Self.tufError(error, kind: .badInput) }
        let store = try openStore(stateDirectory, mode: .create)
        let taken = try storeCall { try store.catalogue.trustRoot(named: name) != nil || store.catalogue.tufPin(named: name) != nil }
        if taken {
            throw ApplianceError(.badInput, "a trust root named \(name) is already stored (remove it first)", code: "trust-root-exists", field: "NAME")
        }
        let sha = Hex.encode(Digest.sha256(data))
        try storeCall { try store.blobs.put(data, sha256: sha) }
        let at = Self.whole(now)
        let pin = TUFPinRecord(name: name, rootSHA256: sha, rootVersion: root.metadata.version, timestampVersion: 0, snapshotVersion: 0,
                               targetsVersion: 0, updatedAt: at)
        let event = TrustRootEventRecord(name: name, action: "pin-tuf", sha256: sha, origin: "file:\(path)", at: at,
                                         detail: "TUF root v\(root.metadata.version)")
        try loggedChange(store, stateDirectory) { try store.catalogue.changeTrustRoot(nil, pin: pin, event: event) }
        return TUFVersions(root: root.metadata.version, timestamp: 0, snapshot: 0, targets: 0)
    }

    /// Runs the offline TUF client workflow for `name` over `directory` (`metadata/` and `targets/`, or the
    /// metadata files directly), judging expiry at `at` with `grace` for timestamp and snapshot; on success
    /// records the new root, the versions seen and the `trusted_root.json` target (one event). A refused
    /// step is a failed verification (`tuf.*` codes) and changes nothing.
    public func updateTUF(_ name: String, directory: URL, at: Date, grace: TimeInterval = 0, now: Date = Date()) throws(ApplianceError) -> TUFUpdateReport {
        try updateTUF(name, files: TUFDirectory(directory, limits: limits).files, origin: "tuf:\(directory.path)", at: at, grace: grace, now: now)
    }

    /// As `updateTUF(_:directory:…)` over files already read (the `tuf/` folder of a transfer archive).
    func updateTUF(_ name: String, files: TUFFiles, origin: String, at: Date, grace: TimeInterval = 0, now: Date = Date()) throws(ApplianceError) -> TUFUpdateReport {
        guard try existingStore() != nil else { throw Self.notPinned(name) }
        let store = try openStore(stateDirectory, mode: .existing)
        guard let pin = try storeCall({ try store.catalogue.tufPin(named: name) }) else { throw Self.notPinned(name) }
        let trusted = try storeCall { try store.blobs.read(sha256: pin.rootSHA256, maxBytes: limits.maxTUFMetadataBytes) }
        let request = TUFUpdateRequest(trustedRoot: trusted, timestampFloor: pin.timestampVersion, snapshotFloor: pin.snapshotVersion,
                                       targetsFloor: pin.targetsVersion, at: at, grace: grace)
        let result: TUFUpdateResult
        do { result = try TUFUpdater.update(request, files: files, limits: limits) } catch {
            throw Self.tufError(error, kind: .verificationFailed)
        }
        try Self.validate(result.target, file: "trusted_root.json", limits: limits)
        let rootSHA = Hex.encode(Digest.sha256(result.rootJSON))
        try storeCall { try store.blobs.put(result.rootJSON, sha256: rootSHA) }
        let versions = TUFVersions(root: result.rootVersion, timestamp: result.timestampVersion, snapshot: result.snapshotVersion, targets: result.targetsVersion)
        let newPin = TUFPinRecord(name: name, rootSHA256: rootSHA, rootVersion: versions.root, timestampVersion: versions.timestamp,
                                  snapshotVersion: versions.snapshot, targetsVersion: versions.targets, updatedAt: Self.whole(now))
        let detail = (["root v\(versions.root), timestamp v\(versions.timestamp), snapshot v\(versions.snapshot), targets v\(versions.targets), at \(RFC3339.format(at))"]
            + result.notes).joined(separator: "; ")
        let previous = try storeCall { try store.catalogue.trustRoot(named: name) }
        let record = try put(result.target, name: name, origin: origin, action: "tuf-update", pin: newPin, detail: detail,
                             store: store, now: now)
        return TUFUpdateReport(entry: Self.storedEntry(record, tuf: true), versions: versions, changed: previous?.sha256 != record.sha256,
                               notes: result.notes)
    }

    static func notPinned(_ name: String) -> ApplianceError {
        ApplianceError(.badInput, "\(name) is not pinned to a TUF repository (airlock trustroot pin-tuf)", code: "not-tuf-pinned", field: "NAME")
    }

    static func tufError(_ error: TUFError, kind: ApplianceError.Kind) -> ApplianceError {
        ApplianceError(kind, error.reason, code: error.code.rawValue, file: error.file)
    }
}

/// Reads a TUF repository copied to offline media: `metadata/` (root versions also under
/// `metadata/root_history/`) and `targets/`, or a flat directory of metadata files.
struct TUFDirectory {
    let metadataDirectory: URL
    let targetsDirectory: URL
    let limits: Limits

    init(_ directory: URL, limits: Limits) {
        let metadata = directory.appendingPathComponent("metadata", isDirectory: true)
        metadataDirectory = FileManager.default.fileExists(atPath: metadata.path) ? metadata : directory
        targetsDirectory = directory.appendingPathComponent("targets", isDirectory: true)
        self.limits = limits
    }

    var files: TUFFiles {
        let metadata = metadataDirectory, targets = targetsDirectory, limits = limits
        return TUFFiles(
            metadata: { name in
                guard !name.contains("/") else { return nil }
                if name.hasSuffix(".root.json"), let data = Self.read(metadata.appendingPathComponent("root_history/\(name)"), limit: limits.maxTUFMetadataBytes) {
                    return data
                }
                return Self.read(metadata.appendingPathComponent(name), limit: limits.maxTUFMetadataBytes)
            },
            target: { name in
                guard !name.contains("/") else { return nil }
                return Self.read(targets.appendingPathComponent(name), limit: limits.maxJSONBytes)
            })
    }

    /// At most `limit + 1` bytes (so an oversized file fails its length or size check), nil when absent.
    static func read(_ url: URL, limit: Int) -> Data? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: limit + 1)) ?? Data()
    }
}
