import Foundation
import Synchronization
import Testing
import AirlockTestKit
import AirlockAppliance
import AirlockStore

/// A logged write signs its checkpoint inside its own transaction when its Store has a sealer (docs/decisions.md
/// D26): the checkpoint is there once the record is, the sealer hears of it only after the commit, and a sealer
/// that cannot sign, or a seal that cannot be stored, leaves the record written and unsealed.
@Suite struct DecisionLogSealingTests {
    typealias LoggedStore = DecisionLogTests.LoggedStore

    /// A sealer that "signs" with a fixed key id and a note naming the size (the Store checks no signature),
    /// or returns nil when `size` says so; `committed` collects what it is told.
    static func sealer(size: @escaping @Sendable (Int64) -> Int64?, committed told: Told) -> DecisionLogSealer {
        DecisionLogSealer(keyIDs: { [] }, frontier: { _ in [] }, sign: { state in
            size(state.leafEnd).map {
                DecisionLogSeal(checkpoint: DecisionLogCheckpoint(size: $0, keyID: "test", signedAt: verifiedInstant, note: "sealed \($0)"),
                                nodes: [:], mark: nil)
            }
        }, committed: { checkpoint in told.sizes.withLock { $0.append(checkpoint.size) } })
    }

    /// The sizes a sealer was told of.
    final class Told: Sendable {
        let sizes = Mutex<[Int64]>([])
        var all: [Int64] { sizes.withLock { $0 } }
    }

    static func importBatch(_ id: String) -> ImportBatch {
        ImportBatch(bundle: ArchiveRecord(id: id, archiveSHA256: String(repeating: "a", count: 63) + String(id.count % 10), name: id,
                                          importedAt: verifiedInstant, entryCount: 0, bytes: 0, archiveBytes: 1),
                    files: [], blobs: [], images: [], evidence: [])
    }

    @Test("the record and its checkpoint commit together; the sealer is told after the commit")
    func sealed() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let committed = Told()
        let store = logged.fixture.store.sealing(with: Self.sealer(size: { $0 }, committed: committed))
        _ = try store.catalogue.record(Self.importBatch("sealed-import"))
        let latest = try #require(try store.catalogue.latestLogCheckpoint())
        #expect(latest.size == 8 && latest.note == "sealed 8")
        #expect(committed.all == [8])
    }

    @Test("a sealer that cannot sign, or a seal not stored (not larger than the latest), leaves the record written and unsealed")
    func unsealed() throws {
        let logged = try LoggedStore()
        defer { logged.fixture.dir.remove() }
        let committed = Told()
        _ = try logged.fixture.store.sealing(with: Self.sealer(size: { _ -> Int64? in nil }, committed: committed))
            .catalogue.record(Self.importBatch("no-signature"))
        _ = try logged.fixture.store.sealing(with: Self.sealer(size: { _ in 7 }, committed: committed))
            .catalogue.record(Self.importBatch("not-larger"))
        #expect(try logged.fixture.store.catalogue.logLeaves().count == 9)
        #expect(try logged.fixture.store.catalogue.latestLogCheckpoint()?.size == 7)
        #expect(committed.all.isEmpty)
        #expect(try logged.log.checkpoint() == 9, "the checkpoint after the write covers both")
    }
}
