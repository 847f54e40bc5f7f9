import Foundation
import AirlockStore
import Synchronization

/// Writes staged files on a thread of its own, so the libarchive pass only unpacks, hashes and checks.
///
/// The pass reads each chunk of an entry straight into the next slot of the writer's ring (`buffer()`),
/// then hands it over (`write(_:to:)`); the thread appends it to the entry's staged file and, every
/// `ArchiveStreamer.writebackStep` bytes and at the end of a large file (`close(_:)`), starts the kernel writing it to disk
/// (`StagedFile.startWriteback`). The one flush before commit still makes it durable; this only moves the
/// disk's work into the time the pass takes. A failed write is kept and thrown by `checkFailure()` (before
/// each entry) or `finish()` (after the last, once every write is done); chunks for a file whose write
/// failed are dropped.
final class StageWriter {
    /// One staged file the thread writes; its descriptor closes when the thread drops the last chunk's tag.
    ///
    /// `@unchecked Sendable`: after `init` only the writer thread touches it (the ring orders the handover).
    final class Target: @unchecked Sendable {
        let file: StagedFile
        let entry: String
        var written: Int64 = 0
        var writebackFrom: Int64 = 0
        var failed = false

        init(_ file: StagedFile, entry: String) {
            self.file = file
            self.entry = entry
        }
    }

    private let failure: Failure
    private let ring: BufferRing

    /// Appends bytes to a target's file (tests inject failures here).
    typealias WriteFunction = @Sendable (Target, UnsafeRawBufferPointer) throws(StoreError) -> Void

    /// Starts the writer thread with four 1 MiB slots.
    init(write: @escaping WriteFunction = { target, bytes throws(StoreError) in try target.file.write(bytes) }) {
        let failure = Failure()
        self.failure = failure
        ring = BufferRing(slots: 4, slotSize: RawSource.bufferSize, name: "airlock-stage-writer") { bytes, tag in
            guard let target = tag as? Target, !target.failed else { return }
            if bytes.isEmpty {
                if target.written >= ArchiveStreamer.writebackStep {
                    target.file.startWriteback(offset: target.writebackFrom, count: 0)
                }
                return
            }
            do throws(StoreError) {
                try write(target, bytes)
            } catch {
                target.failed = true
                failure.record(ImportError(.store, error.description, entry: target.entry))
                return
            }
            target.written += Int64(bytes.count)
            if target.written - target.writebackFrom >= ArchiveStreamer.writebackStep {
                target.file.startWriteback(offset: target.writebackFrom, count: target.written - target.writebackFrom)
                target.writebackFrom = target.written
            }
        }
    }

    /// The buffer the next chunk is read into (waits while the thread still writes from it).
    func buffer() -> UnsafeMutableRawBufferPointer {
        ring.acquire()
    }

    /// Queues the first `count` bytes of `buffer()` for `target`.
    func write(_ count: Int, to target: Target) {
        ring.submit(count: count, tag: target)
    }

    /// Queues the end of `target`: its last writeback request, and its descriptor's release.
    func close(_ target: Target) {
        _ = ring.acquire()
        ring.submit(count: 0, tag: target)
    }

    /// Throws the first write failure so far, if any.
    func checkFailure() throws(ImportError) {
        if let error = failure.first { throw error }
    }

    /// Waits for every queued write, then throws the first failure, if any.
    func finish() throws(ImportError) {
        ring.drain()
        try checkFailure()
    }

    /// The first write failure, shared with the writer thread.
    private final class Failure: Sendable {
        private let error = Mutex<ImportError?>(nil)

        func record(_ failure: ImportError) {
            error.withLock { if $0 == nil { $0 = failure } }
        }

        var first: ImportError? { error.withLock { $0 } }
    }
}
