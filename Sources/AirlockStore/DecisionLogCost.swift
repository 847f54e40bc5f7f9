import Foundation
internal import Synchronization

/// Wall time this process spent on decision-log work, by part, so `tools/bench audit` can state what the
/// log adds to a command and where. Always on: two clock reads per operation.
public enum DecisionLogCost {
    /// The parts of decision-log work.
    public enum Part: Int, Sendable, CaseIterable {
        /// The write guard before a write (`DecisionLogService.requireIntact`).
        case writeGuard
        /// Building and appending leaves inside the record's transaction.
        case leaves
        /// Growing the tree and signing and storing a checkpoint.
        case checkpoint
    }

    private static let nanoseconds = Mutex<[UInt64]>(Array(repeating: 0, count: Part.allCases.count))

    /// Seconds accumulated since the last `reset()`, all parts together.
    public static var seconds: Double { Part.allCases.reduce(0) { $0 + seconds($1) } }

    /// Seconds accumulated for one part since the last `reset()`.
    public static func seconds(_ part: Part) -> Double { Double(nanoseconds.withLock { $0[part.rawValue] }) / 1e9 }

    /// Starts counting from zero.
    public static func reset() { nanoseconds.withLock { $0 = Array(repeating: 0, count: Part.allCases.count) } }

    /// Runs `body`, adding its wall time to `part`.
    public static func measure<T, E: Error>(_ part: Part, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds &- start
            nanoseconds.withLock { $0[part.rawValue] &+= elapsed }
        }
        return try body()
    }
}
