import Foundation
import Synchronization
import AirlockStore

/// One command's run of several guarded writes on a state directory, e.g. `import --policy` (the import,
/// then the verify of its images), so the write guard checks the log once per command, when the command
/// first writes, not once per write (docs/decisions.md D26, D33). Inside `run`, a later write's guard that
/// finds the latest checkpoint byte-identical to the one this command signed after its own full guard, and
/// no leaf after it, and the node cache ending there and hashing to the root it signed (the frontier the next
/// checkpoint grows from), checks nothing more: the log is the one this command verified and then extended
/// itself. Anything else (another process wrote, a checkpoint, leaf or cached node changed) gets the full
/// guard. The mark is not moved by such a write, so the next command's guard rebuilds this command's records
/// too. The command's writes share one writable store per state directory. Outside a scope every write runs
/// the full guard and every service opens its own store.
public final class DecisionLogCommandScope: Sendable {
    /// Per state directory: whether a full guard of this command passed, and the note of the checkpoint this
    /// command signed after it.
    private let state = Mutex<[String: (guarded: Bool, note: String?)]>([:])
    /// The writable store each state directory was opened as in this command (one SQLite pool per command).
    private let stores = Mutex<[String: Store]>([:])

    @TaskLocal static var current: DecisionLogCommandScope?

    private init() {}

    /// Runs `body` (one command) in a new scope.
    public static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let result: Result<T, E> = $current.withValue(DecisionLogCommandScope()) {
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Whether the caller runs inside a command scope.
    static var isActive: Bool { current != nil }

    /// The note (signature lines included) of the latest checkpoint this command signed over
    /// `stateDirectory` after a full guard of its own passed, if any.
    static func ownCheckpoint(_ stateDirectory: URL) -> String? {
        current?.state.withLock { $0[key(stateDirectory)]?.note }
    }

    /// Records that a full guard of this command passed on `stateDirectory`.
    static func guarded(_ stateDirectory: URL) {
        current?.state.withLock { $0[key(stateDirectory)] = (guarded: true, note: nil) }
    }

    /// Records the checkpoint this command signed over `stateDirectory` (kept only after a full guard of its own).
    static func signed(_ stateDirectory: URL, note: String) {
        current?.state.withLock { all in
            if all[key(stateDirectory)]?.guarded == true { all[key(stateDirectory)]?.note = note }
        }
    }

    /// The writable store of `stateDirectory` this command opened already, else `open()`'s, kept for the
    /// command's later writes (their guards and reads then reuse its connections). Outside a scope, `open()`.
    static func store(_ stateDirectory: URL, open: () throws(ApplianceError) -> Store) throws(ApplianceError) -> Store {
        guard let scope = current else { return try open() }
        if let store = scope.stores.withLock({ $0[key(stateDirectory)] }) { return store }
        let store = try open()
        scope.stores.withLock { $0[key(stateDirectory)] = store }
        return store
    }

    private static func key(_ url: URL) -> String { url.standardizedFileURL.path }
}
