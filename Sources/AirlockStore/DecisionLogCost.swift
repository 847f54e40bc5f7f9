import Foundation
internal import Synchronization

/// Wall time this process spent on decision-log work, by part, so `tools/bench audit` can state what the
/// log adds to a command and where. Always on: two clock reads per operation.
public enum DecisionLogCost {
    /// The parts of decision-log work.
    public enum Part: Int, Sendable, CaseIterable {
        /// The write guard before a write (`DecisionLogService.requireIntact`), on the command's path: the
        /// guard itself, or the time the command waits for a guard running beside it (`overlappedGuard`).
        case writeGuard
        /// Building and appending leaves inside the record's transaction.
        case leaves
        /// Growing the tree and signing and storing a checkpoint.
        case checkpoint
        /// A write guard's own wall time on a thread beside the command (`import` runs its guard while the
        /// archive streams); not part of `seconds`, which counts the command's path.
        case overlappedGuard
    }

    /// The parts on the command's path: what `seconds` adds up.
    public static let onPath: [Part] = [.writeGuard, .leaves, .checkpoint]

    private static let nanoseconds = Mutex<[UInt64]>(Array(repeating: 0, count: Part.allCases.count))

    /// Seconds accumulated since the last `reset()` on the command's path (`onPath`): the wall time the
    /// decision log adds to the command.
    public static var seconds: Double { onPath.reduce(0) { $0 + seconds($1) } }

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
