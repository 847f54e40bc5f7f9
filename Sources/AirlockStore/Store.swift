public import Foundation

/// The state directory as one value: the blob store and the catalogue side by side.
public struct Store: Sendable {
    /// Content-addressed blobs.
    public let blobs: BlobStore
    /// The SQLite catalogue.
    public internal(set) var catalogue: Catalogue

    /// Opens the state directory. `.create` makes it when missing (commands that write);
    /// `.existing` refuses a missing directory or catalogue with `StoreError.Code.missingState`
    /// naming the path, and creates nothing: no `blobs/`, `tmp/` or lock file, and runs no migration
    /// unless the catalogue has an older schema, which is then migrated (this binary reads only the current one).
    /// Either mode refuses a catalogue written by a newer Airlock (`newerSchema`) before changing anything.
    /// `.readOnly` opens the catalogue read-only and writes nothing at all (for `images`, `bundles`,
    /// `replay`; works on a read-only snapshot). Write modes first sweep staging areas abandoned by
    /// killed imports. `hasher` checks every blob read against its name (`corrupt-blob` on a mismatch).
    public init(stateDirectory: URL, mode: OpenMode = .create, hasher: ContentHasherFactory? = nil) throws(StoreError) {
        if mode != .create {
            try Self.requireExisting(stateDirectory)
        }
        catalogue = try Catalogue(stateDirectory: stateDirectory, mode: mode)
        blobs = try BlobStore(stateDirectory: stateDirectory, creating: mode == .create, hasher: hasher)
        if mode != .readOnly { blobs.removeAbandonedStagingAreas() }
    }

    /// Whether opening may create the state directory.
    public enum OpenMode: Sendable, Equatable {
        /// Create the directory, blob store and catalogue when missing.
        case create
        /// The directory and its catalogue must already exist; nothing is created (an older schema is
        /// still migrated).
        case existing
        /// Like `existing`, and nothing is written: the catalogue is opened read-only (an older schema
        /// is still migrated, which needs write access).
        case readOnly
    }

    /// Throws `missingState` unless `stateDirectory` holds an Airlock catalogue.
    static func requireExisting(_ stateDirectory: URL) throws(StoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: stateDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(.missingState, "no Airlock state directory here (run `airlock import` first, or check --state)",
                             path: stateDirectory.path)
        }
        let catalogue = stateDirectory.appendingPathComponent("airlock.sqlite").path
        guard FileManager.default.fileExists(atPath: catalogue) else {
            throw StoreError(.missingState, "not an Airlock state directory: airlock.sqlite is missing", path: stateDirectory.path)
        }
    }
}
