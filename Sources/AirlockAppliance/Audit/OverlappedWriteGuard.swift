import Foundation
import Synchronization
import AirlockStore

/// The write guard (`DecisionLogService.requireIntact`) run on a thread of its own while the command reads
/// its input, e.g. while `import` streams and checks the archive, which changes nothing in the state
/// directory: the command calls `wait()` before its first change and is refused there if the guard refused,
/// so nothing is written on a log that does not verify, as when the guard runs first (docs/decisions.md D33).
/// The thread runs in the caller's `DecisionLogCommandScope`; after the guard it reads the signing key the
/// write's checkpoint will use (`ApplianceKeyCache`) and prepares the statements the write of `kinds` will run
/// on the writer's connection (`Catalogue.prepareDecisionLogWrites`), both off the command's path. Its wall time is counted as
/// `DecisionLogCost.Part.overlappedGuard`; only the time the command waits for it, as `writeGuard`.
final class OverlappedWriteGuard: Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<Void, ApplianceError>?>(nil)

    /// The kinds of record `import --policy` writes on its connection: the import, then the verdicts and
    /// log events of its verification (whose statements are prepared too; preparing costs only this thread).
    static let importKinds: [DecisionLogKind] = [.import, .verdict, .logEvent]

    /// Starts the guard of `stateDirectory` on `store` now, for writes of records of `kinds`.
    init(store: Store, stateDirectory: URL, kinds: [DecisionLogKind] = importKinds) {
        let scope = DecisionLogCommandScope.current
        Thread.detachNewThread { [self] in
            let result = DecisionLogCommandScope.$current.withValue(scope) { () -> Result<Void, ApplianceError> in
                do throws(ApplianceError) {
                    try DecisionLogCost.measure(.overlappedGuard) { () throws(ApplianceError) in
                        try DecisionLogService.requireIntact(store: store, stateDirectory: stateDirectory)
                        // The checkpoint after the write signs with this key: read and check it now, off the
                        // command's path (cached per file; a failure here is the checkpoint's to report), and
                        // prepare the write's statements (a failure: the write prepares them itself).
                        _ = try? ApplianceKeys(stateDirectory: stateDirectory).signingKey()
                        try? store.catalogue.prepareDecisionLogWrites(kinds: kinds)
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// Waits until the guard has finished (at once when it has) and throws its refusal, if any.
    /// May be called any number of times; each call gives the same answer.
    func wait() throws(ApplianceError) {
        DecisionLogCost.measure(.writeGuard) {
            finished.wait()
            finished.signal()  // the next wait returns at once
        }
        if case .failure(let refusal) = outcome.withLock({ $0 }) { throw refusal }
    }

    /// Starts the guard on the command's writable store of `stateDirectory` when its catalogue exists already
    /// (a new state has no log to check, and opening must not create one before the command's own checks);
    /// nil otherwise.
    static func startIfStateExists(_ stateDirectory: URL) throws(ApplianceError) -> OverlappedWriteGuard? {
        guard FileManager.default.fileExists(atPath: stateDirectory.appendingPathComponent("airlock.sqlite").path) else { return nil }
        return OverlappedWriteGuard(store: try openStore(stateDirectory, mode: .existing), stateDirectory: stateDirectory)
    }

    /// Waits until the guard has finished, whatever it found: for a command that ends before it writes, so
    /// no guard outlives it.
    func finish() {
        finished.wait()
        finished.signal()
    }

    /// Whether the guard has finished and refused, without waiting (a stream can stop early on it).
    func hasRefused() -> Bool {
        outcome.withLock { if case .failure = $0 { return true } else { return false } }
    }

    /// `wait()` as a yes or no, for a callback that cannot throw (the refusal itself: `wait()`).
    func passed() -> Bool {
        do { try wait(); return true } catch { return false }
    }
}
