import Foundation
import AirlockFormats
import AirlockImport
import AirlockStore
import AirlockAppliance
import AirlockTestKit

/// TEST ONLY: import helpers on the shared scratch directory (its `state` is the state directory).
extension ScratchDirectory {
    /// An importer on this scratch state directory.
    func importer(limits: Limits = .default) throws -> ArchiveImporter {
        ArchiveImporter(store: try Store(stateDirectory: state), limits: limits, hasherFactory: SHA256ContentHasher.factory)
    }

    /// Everything observable about the store: catalogue row counts, blob names, staging leftovers.
    func snapshot() throws -> StoreSnapshot {
        let store = try Store(stateDirectory: state)
        let fm = FileManager.default
        return StoreSnapshot(
            rows: try store.catalogue.rowCounts(),
            blobs: Set(try fm.contentsOfDirectory(atPath: store.blobs.blobsDirectory.path)),
            staging: Set(try fm.contentsOfDirectory(atPath: store.blobs.tmpDirectory.path)))
    }

    /// Packs `directory`'s contents with GNU tar, optionally under `prefix/`, then through `compressor` (gzip, zstd).
    func pack(_ directory: URL, as name: String, prefix: String? = nil, compressor: String? = nil) throws -> URL {
        let archive = try tar(directory, as: name, prefix: prefix)
        guard let compressor else { return archive }
        return try write(Tool(compressor).checked(["-c", archive.path]), as: name)
    }
}

/// TEST ONLY: what the store looks like, compared before and after a rejected import.
struct StoreSnapshot: Equatable {
    var rows: [String: Int]
    var blobs: Set<String>
    var staging: Set<String>
}
