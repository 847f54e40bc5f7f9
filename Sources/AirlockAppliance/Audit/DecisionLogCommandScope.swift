public import Foundation
import Synchronization

/// One command's run of several guarded writes on a state directory, e.g. `import --policy` (the import,
/// then the verify of its images), so the write guard sweeps old records once per command, not once per
/// write (docs/decisions.md D26). Inside `run`, a guard that finds the latest checkpoint to be the one this
/// command signed after a sweeping guard of its own, with no leaf appended since, still does every other
/// check (new leaves rebuilt, unlogged records, missing leaves, triggers, signature and root) but rebuilds no
/// sweep window. Outside a scope every guard sweeps.
public final class DecisionLogCommandScope: Sendable {
    /// Per state directory: whether a guard of this command swept, and the note of the checkpoint this
    /// command signed after it.
    private let state = Mutex<[String: (swept: Bool, note: String?)]>([:])

    @TaskLocal static var current: DecisionLogCommandScope?

    private init() {}

    /// Runs `body` (one command) in a new scope.
    public static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = $current.withValue(DecisionLogCommandScope()) {
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The note of the checkpoint this command signed after sweeping `stateDirectory`, if any.
    static func ownCheckpoint(_ stateDirectory: URL) -> String? {
        current?.state.withLock { $0[key(stateDirectory)]?.note }
    }

    /// Records that a guard of this command swept `stateDirectory`.
    static func swept(_ stateDirectory: URL) {
        current?.state.withLock { $0[key(stateDirectory)] = (swept: true, note: nil) }
    }

    /// Records the checkpoint this command signed over `stateDirectory` (kept only after a sweep of its own).
    static func signed(_ stateDirectory: URL, note: String) {
        current?.state.withLock { all in
            if all[key(stateDirectory)]?.swept == true { all[key(stateDirectory)]?.note = note }
        }
    }

    private static func key(_ url: URL) -> String { url.standardizedFileURL.path }
}
