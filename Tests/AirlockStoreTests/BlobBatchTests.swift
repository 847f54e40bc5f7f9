import Foundation
import Testing
import AirlockCrypto
import AirlockFormats
import AirlockStore
import AirlockTestKit

/// `BlobStore.put(all:)`: many small blobs in one staging area with one sync, as `put` stores each.
@Suite("Blob store: batched puts")
struct BlobBatchTests {
    static func blob(_ text: String) -> (data: Data, sha256: String) {
        let data = Data(text.utf8)
        return (data, Hex.encode(Digest.sha256(data)))
    }

    @Test("every blob is stored under its digest, duplicates once, present ones left alone, no staging left behind")
    func storesAll() throws {
        let scratch = try ScratchDirectory("blobs")
        defer { scratch.remove() }
        let blobs = try BlobStore(stateDirectory: scratch.state)
        let present = Self.blob("already here")
        try blobs.put(present.data, sha256: present.sha256)
        let batch = (0..<40).map { Self.blob("note \($0)") }
        try blobs.put(all: batch + [batch[3], present])
        for item in batch + [present] {
            #expect(try blobs.read(sha256: item.sha256, maxBytes: 1 << 10) == item.data)
        }
        let stored = try FileManager.default.contentsOfDirectory(atPath: blobs.blobsDirectory.path)
        #expect(stored.count == 41)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.state.appendingPathComponent("tmp").path)
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a digest that is not lowercase hex is refused before anything is written")
    func refusesBadDigest() throws {
        let scratch = try ScratchDirectory("blobs")
        defer { scratch.remove() }
        let blobs = try BlobStore(stateDirectory: scratch.state)
        let good = Self.blob("fine")
        #expect {
            try blobs.put(all: [good, (Data("x".utf8), "NOT-HEX")])
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .corruptBlob && error.description.contains("not a lowercase sha256 hex digest")
        }
        #expect(!blobs.contains(sha256: good.sha256))
    }

    @Test("an empty batch and a batch of one work")
    func smallBatches() throws {
        let scratch = try ScratchDirectory("blobs")
        defer { scratch.remove() }
        let blobs = try BlobStore(stateDirectory: scratch.state)
        try blobs.put(all: [])
        let one = Self.blob("one")
        try blobs.put(all: [one])
        #expect(blobs.contains(sha256: one.sha256))
    }
}
