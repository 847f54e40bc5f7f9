public import Foundation
internal import Synchronization

/// Wall time this process spent on decision-log work (building and appending leaves, the write guard,
/// signing checkpoints), so `tools/bench audit` can state what the log adds to a command. Always on:
/// two clock reads per operation.
public enum DecisionLogCost {
    private static let nanoseconds = Mutex<UInt64>(0)

    /// Seconds accumulated since the last `reset()`.
    public static var seconds: Double { Double(nanoseconds.withLock { $0 }) / 1e9 }

    /// Starts counting from zero.
    public static func reset() { nanoseconds.withLock { $0 = 0 } }

    /// Runs `body`, adding its wall time to the total.
    public static func measure<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds &- start
            nanoseconds.withLock { $0 &+= elapsed }
        }
        return try body()
    }
}
