import Foundation

/// One result slot per iteration of `DispatchQueue.concurrentPerform`, for tests that run the same work
/// concurrently and compare each result with the serial one. Each slot is written by one iteration and read
/// after `concurrentPerform` returns; the lock orders those accesses.
public final class ConcurrentResults<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores `value` in slot `index` (0..<count).
    public func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

    /// The value of slot `index`, or nil when no iteration stored one.
    public func get(_ index: Int) -> Value? { lock.withLock { slots[index] } }
}
