import Foundation
import Testing
import AirlockTestKit
import AirlockFormats
@testable import AirlockImport
import AirlockStore
import AirlockAppliance
#if canImport(Glibc)
import Glibc
#endif

/// Deterministic bytes of any length (not all one value, so a slot mix-up would change the digest).
private func pattern(_ count: Int, seed: UInt64 = 1) -> Data {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    var bytes = [UInt8](repeating: 0, count: count)
    for index in bytes.indices {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return Data(bytes)
}

private func sha256(_ data: Data) -> String { LayoutBuilder.sha256(data) }

/// Reads `source` to its end the way libarchive does (one `fill` after another), returning every byte.
private func drain(_ source: RawSource) -> (bytes: Data, failed: Bool) {
    var out = Data()
    var pointer: UnsafeRawPointer?
    while true {
        let count = source.fill(&pointer)
        if count < 0 { return (out, true) }
        if count == 0 { return (out, false) }
        out.append(pointer!.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// Sizes around the read size and the ring's wrap-around.
private let sizes: [Int] = {
    let block = RawSource.bufferSize, ring = RawSource.bufferSize * RawSource.bufferCount
    return [0, 1, block - 1, block, block + 1, ring - 1, ring, ring + 1, 2 * ring + 4097]
}()

@Suite("The import pipeline: archive digest on a second thread, small files kept, writeback started early")
struct ImportPipelineTests {
    @Test("the side hasher gives the one-thread SHA-256 of a file, and hands libarchive every byte", arguments: sizes)
    func fileDigest(size: Int) throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let data = pattern(size, seed: UInt64(size))
        let url = try scratch.write(data, as: "raw.bin")
        let source = try RawSource(url: url, hasher: SHA256ContentHasher())
        let read = drain(source)
        #expect(!read.failed)
        #expect(read.bytes == data)
        #expect(source.bytesRead == Int64(size))
        #expect(source.fileSize == Int64(size))
        #expect(source.finalizeDigest().lowercaseHex == sha256(data))
    }

    @Test("the side hasher gives the one-thread SHA-256 of a pipe written in odd pieces", arguments: sizes)
    func pipeDigest(size: Int) throws {
        let data = pattern(size, seed: UInt64(size) + 7)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let writeEnd = ends[1]
        let writer = Thread {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let piece = min(4099, raw.count - offset)
                    let written = write(writeEnd, raw.baseAddress! + offset, piece)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(writeEnd)
        }
        writer.start()
        let source = RawSource(takingOwnership: ends[0], hasher: SHA256ContentHasher())
        let read = drain(source)
        #expect(!read.failed)
        #expect(read.bytes == data)
        #expect(source.fileSize == nil)
        #expect(source.finalizeDigest().lowercaseHex == sha256(data))
    }

    @Test("a read error in the middle of an archive fails the pass with the error's reason")
    func readErrorMidArchive() throws {
        var tar = TarWriter()
        tar.add("first.bin", data: pattern(3 * RawSource.bufferSize))
        tar.add("second.txt", "never reached")
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let url = try scratch.write(tar.archive, as: "bundle.tar")
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        var served = 0
        let source = RawSource(takingOwnership: fd, hasher: SHA256ContentHasher()) { fd, buffer, count in
            guard served < RawSource.bufferSize + 1 else {
                errno = EIO
                return -1
            }
            let got = read(fd, buffer, min(count, 1000))
            served += max(got, 0)
            return got
        }
        let reader = try ArchiveReader(source: source)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        let failure = #expect(throws: ImportError.self) {
            while try reader.nextEntry() != nil {
                while try reader.readData(into: buffer) > 0 {}
            }
        }
        #expect(failure?.code == .corruptArchive)
        #expect(failure?.reason.contains("read error: \(String(cString: strerror(EIO)))") == true)
        #expect(source.readError == String(cString: strerror(EIO)))
    }

    @Test("a descriptor whose reads fail reports its errno, and the hashing thread still stops cleanly")
    func unreadableSource() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        // A directory passes `open` but every read fails (EISDIR): the error names the cause.
        let dir = scratch.url("not-a-file.tar")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false)
        let source = try RawSource(url: dir, hasher: SHA256ContentHasher())
        let read = drain(source)
        #expect(read.failed)
        #expect(source.readError == String(cString: strerror(EISDIR)))
    }

    @Test("small files are kept in memory and read back identical to their staged copies; large ones are not")
    func keptContents() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let small = pattern(1000, seed: 3)
        let edge = pattern(Int(ArchiveStreamer.keptFileBytes), seed: 4)
        let large = pattern(Int(ArchiveStreamer.keptFileBytes) + 1, seed: 5)
        var tar = TarWriter()
        tar.add("small.json", data: small)
        tar.add("edge.bin", data: edge)
        tar.add("large.bin", data: large)
        tar.add("empty", data: Data())
        let url = try scratch.write(tar.archive, as: "bundle.tar")
        let store = try Store(stateDirectory: scratch.state)
        let staging = try store.blobs.makeStagingArea()
        defer { staging.remove() }
        let streamed = try ArchiveStreamer(limits: .default, hasherFactory: SHA256ContentHasher.factory, staging: staging)
            .stream(url, progress: nil)
        #expect(streamed.archiveSHA256 == sha256(tar.archive))
        #expect(streamed.files["small.json"]?.contents == small)
        #expect(streamed.files["edge.bin"]?.contents == edge)
        #expect(streamed.files["empty"]?.contents == Data())
        #expect(streamed.files["large.bin"]?.contents == nil)
        let view = ArchiveView(files: streamed.files, limits: .default, hasherFactory: SHA256ContentHasher.factory)
        for (path, data) in [("small.json", small), ("edge.bin", edge), ("large.bin", large), ("empty", Data())] {
            let file = try #require(streamed.files[path])
            #expect(try Data(contentsOf: file.staged) == data, "staged copy of \(path)")
            #expect(try view.read(path) == data, "read back \(path)")
            #expect(file.sha256 == sha256(data))
        }
    }

    @Test("a file larger than one writeback step is stored intact, and the bundle digest is the file's SHA-256")
    func largeFileWithWriteback() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let layer = pattern(Int(ArchiveStreamer.writebackStep) * 2 + 12345, seed: 9)
        var tar = TarWriter()
        tar.add("layer.bin", data: layer)
        tar.add("notes.txt", "beside a large file")
        let url = try scratch.write(tar.archive, as: "bundle.tar")
        let outcome = try scratch.importer().importBundle(at: url)
        #expect(outcome.bundle.archiveSHA256 == sha256(tar.archive))
        let store = try Store(stateDirectory: scratch.state)
        try store.blobs.checkIntegrity(sha256: sha256(layer))
        let blob = try store.blobs.url(sha256: sha256(layer))
        #expect(try FileManager.default.attributesOfItem(atPath: blob.path)[.size] as? Int == layer.count)
        #expect(try scratch.snapshot().staging.isEmpty)
    }

    @Test("a second bundle with the same files keeps the stored blobs and removes its staged copies")
    func commitOverExistingBlobs() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        var first = TarWriter()
        first.add("a.txt", "shared content")
        first.add("b.txt", "more shared content")
        var second = first
        second.add("c.txt", "only in the second")
        let importer = try scratch.importer()
        _ = try importer.importBundle(at: try scratch.write(first.archive, as: "first.tar"))
        let store = try Store(stateDirectory: scratch.state)
        let stored = try store.blobs.url(sha256: sha256(Data("shared content".utf8)))
        let inode = try FileManager.default.attributesOfItem(atPath: stored.path)[.systemFileNumber] as? Int
        let outcome = try importer.importBundle(at: try scratch.write(second.archive, as: "second.tar"))
        #expect(!outcome.alreadyImported)
        let snapshot = try scratch.snapshot()
        #expect(snapshot.blobs == Set(["shared content", "more shared content", "only in the second"].map { sha256(Data($0.utf8)) }))
        #expect(snapshot.staging.isEmpty)
        #expect(try FileManager.default.attributesOfItem(atPath: stored.path)[.systemFileNumber] as? Int == inode)
    }

    @Test("committing refuses a name that is not a sha256 digest, naming it")
    func commitRefusesBadName() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        let staging = try store.blobs.makeStagingArea()
        defer { staging.remove() }
        let file = try staging.createFile(number: 1)
        let failure = #expect(throws: StoreError.self) {
            try store.blobs.commit(stagedFiles: [(file.url, "../../escape")])
        }
        #expect(failure?.code == .corruptBlob)
        #expect(failure?.description.contains("not a lowercase sha256 hex digest: ../../escape") == true)
    }

    @Test("a write that fails on the writer thread fails the pass with its reason and entry, and later chunks are dropped")
    func writerFailure() throws {
        let scratch = try ScratchDirectory("pipeline")
        defer { scratch.remove() }
        let store = try Store(stateDirectory: scratch.state)
        let staging = try store.blobs.makeStagingArea()
        defer { staging.remove() }
        let calls = SeenBytes()
        let writer = StageWriter { target, bytes throws(StoreError) in
            calls.append([0])
            if target.entry == "bad.bin" { throw StoreError(.diskFull, "no space left on device", path: target.file.url.path) }
            try target.file.write(bytes)
        }
        let good = StageWriter.Target(try staging.createFile(number: 1), entry: "good.bin")
        let bad = StageWriter.Target(try staging.createFile(number: 2), entry: "bad.bin")
        for target in [good, bad] {
            for _ in 0..<3 {
                let buffer = writer.buffer()
                buffer.initializeMemory(as: UInt8.self, repeating: 7)
                writer.write(100, to: target)
            }
            writer.close(target)
        }
        let failure = #expect(throws: ImportError.self) { try writer.finish() }
        #expect(failure?.code == .store)
        #expect(failure?.entry == "bad.bin")
        #expect(failure?.reason.contains("no space left on device") == true)
        #expect(calls.bytes.count == 4, "three writes for good.bin, one (failed) for bad.bin")
        #expect(try Data(contentsOf: good.file.url) == Data(repeating: 7, count: 300))
        // The failure stays: a later check reports the same one.
        let again = #expect(throws: ImportError.self) { try writer.checkFailure() }
        #expect(again?.entry == "bad.bin" && again?.reason.contains("no space left on device") == true, "\(String(describing: again))")
    }

    @Test("the ring hands every slot to the consumer in order, also after a slot is acquired twice without a submit")
    func ringOrder() {
        let seen = SeenBytes()
        let ring = BufferRing(slots: 3, slotSize: 8, name: "test-ring") { bytes, _ in seen.append(Array(bytes)) }
        var expected: [UInt8] = []
        for value in 0..<50 {
            let buffer = ring.acquire()
            let again = ring.acquire()
            #expect(buffer.baseAddress == again.baseAddress)
            let count = value % 9
            for index in 0..<count { buffer[index] = UInt8(value) &+ UInt8(index) }
            expected += (0..<count).map { UInt8(value) &+ UInt8($0) }
            ring.submit(count: count)
        }
        ring.drain()
        #expect(seen.bytes == expected)
        ring.stop()
        ring.stop()
    }
}

/// What the ring's consumer thread saw; read only after `drain()`.
private final class SeenBytes: @unchecked Sendable {
    // @unchecked Sendable: appended only by the ring's thread, read only after `drain()` returned.
    var bytes: [UInt8] = []
    func append(_ more: [UInt8]) { bytes += more }
}
