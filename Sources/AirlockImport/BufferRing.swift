import Foundation
import Dispatch

/// A fixed ring of equal buffers that one producer fills, in order, and one consumer thread drains,
/// in the same order: the import's way of putting work (hashing the raw archive, writing staged files)
/// beside the libarchive pass instead of after it, with memory fixed at `slots × slotSize`.
///
/// The producer `acquire()`s the next slot (waiting while the consumer still has it), fills it,
/// and `submit`s it; the consumer runs `consume` on each submitted slot and frees it. A slot acquired
/// and not submitted stays with the producer and is returned by the next `acquire()`. `drain()` waits
/// until everything submitted has been consumed; `stop()` (also run by `deinit`) drains and joins the thread.
///
/// `@unchecked Sendable`: the producer-side fields (`next`, `held`, `stopped`) are touched only by the one
/// producer thread; `lengths` and `tags` are separate memory cells per slot, written by the producer
/// before `filled.signal()` and read by the consumer after `filled.wait()` (cleared before `free.signal()`),
/// so the semaphores order every access; the consumer's own state lives in its closure.
final class BufferRing: @unchecked Sendable {
    /// What a slot carries besides its bytes (the file a chunk goes to); the consumer receives it.
    typealias Tag = AnyObject

    /// The memory and semaphores both sides share; the thread holds this, not the ring, so the ring's
    /// `deinit` can stop the thread before the memory goes.
    private struct Shared: @unchecked Sendable {
        let slots: Int
        let slotSize: Int
        let base: UnsafeMutableRawPointer
        let lengths: UnsafeMutablePointer<Int>
        let tags: UnsafeMutablePointer<Tag?>
        let free: DispatchSemaphore
        let filled = DispatchSemaphore(value: 0)
        let barrier = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)

        func buffer(_ slot: Int) -> UnsafeMutableRawPointer { base + slot * slotSize }
    }

    private let shared: Shared
    private var next = 0
    private var held = false
    private var stopped = false

    private static let stopMarker = -1
    private static let barrierMarker = -2

    /// Bytes per slot.
    var slotSize: Int { shared.slotSize }

    /// Allocates `slots` buffers of `slotSize` bytes and starts the consumer thread, which calls
    /// `consume` with each submitted slot's bytes and tag, in submission order.
    init(slots: Int, slotSize: Int, name: String, consume: @escaping @Sendable (UnsafeRawBufferPointer, Tag?) -> Void) {
        precondition(slots >= 2 && slotSize > 0)
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        let tags = UnsafeMutablePointer<Tag?>.allocate(capacity: slots)
        tags.initialize(repeating: nil, count: slots)
        let shared = Shared(slots: slots, slotSize: slotSize,
                            base: UnsafeMutableRawPointer.allocate(byteCount: slots * slotSize, alignment: 64),
                            lengths: lengths, tags: tags, free: DispatchSemaphore(value: slots))
        self.shared = shared
        let thread = Thread { Self.consumeLoop(shared, consume) }
        thread.name = name
        thread.start()
    }

    private static func consumeLoop(_ shared: Shared, _ consume: (UnsafeRawBufferPointer, Tag?) -> Void) {
        var slot = 0
        while true {
            shared.filled.wait()
            let count = shared.lengths[slot]
            if count == stopMarker {
                shared.finished.signal()
                return
            }
            if count == barrierMarker {
                shared.barrier.signal()
            } else {
                consume(UnsafeRawBufferPointer(start: shared.buffer(slot), count: count), shared.tags[slot])
            }
            shared.tags[slot] = nil
            shared.free.signal()
            slot = (slot + 1) % shared.slots
        }
    }

    /// The next slot to fill (producer only); waits while the consumer has not finished with it.
    func acquire() -> UnsafeMutableRawBufferPointer {
        precondition(!stopped, "BufferRing used after stop()")
        if !held {
            shared.free.wait()
            held = true
        }
        return UnsafeMutableRawBufferPointer(start: shared.buffer(next), count: shared.slotSize)
    }

    /// Hands the acquired slot's first `count` bytes (and `tag`) to the consumer.
    func submit(count: Int, tag: Tag? = nil) {
        precondition(held && count >= 0 && count <= shared.slotSize)
        post(count, tag)
    }

    /// Waits until the consumer has finished every slot submitted so far.
    func drain() {
        guard !stopped else { return }
        _ = acquire()
        post(Self.barrierMarker, nil)
        shared.barrier.wait()
    }

    /// Drains, then ends the consumer thread; the ring cannot be used afterwards. Idempotent.
    func stop() {
        guard !stopped else { return }
        _ = acquire()
        post(Self.stopMarker, nil)
        shared.finished.wait()
        // The stop marker's slot is never freed by the consumer; give it back, since libdispatch refuses
        // to dispose of a semaphore whose value is below the one it started with.
        shared.free.signal()
        stopped = true
    }

    private func post(_ count: Int, _ tag: Tag?) {
        shared.lengths[next] = count
        shared.tags[next] = tag
        held = false
        next = (next + 1) % shared.slots
        shared.filled.signal()
    }

    deinit {
        stop()
        shared.tags.deinitialize(count: shared.slots)
        shared.tags.deallocate()
        shared.lengths.deallocate()
        shared.base.deallocate()
    }
}
