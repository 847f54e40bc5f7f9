import Foundation
import Testing
import AirlockAppliance
import AirlockFormats
import AirlockTestKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `import` runs the decision log's write guard beside the archive stream and waits for it before its first
/// change (docs/decisions.md D33): on a log that does not verify nothing is stored, and the guard's refusal is
/// the answer whatever the archive holds, as when the guard ran first.
@Suite("Import: the write guard beside the archive stream")
struct OverlappedGuardImportTests {
    static let release = BundleIntakeTests.path("bundles/demo-release.tar.gz")

    /// A state with the demo release imported and verified (signed checkpoints), its verdict 1's rule then
    /// edited outside Airlock (triggers dropped and restored).
    static func tamperedState(_ scratch: ScratchDirectory, tamper: Bool = true) throws -> URL {
        _ = try ApplianceKeys(stateDirectory: scratch.state).initialise()
        _ = try BundleIntake(stateDirectory: scratch.state).run(.init(source: release, policyPath: BundleIntakeTests.policy))
        guard tamper else { return scratch.state }
        let run = try Tool.python3.run(["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute('DROP TRIGGER verdicts_no_update')
            db.execute("UPDATE verdicts SET rule = 'forged' WHERE seq = 1")
            db.execute("CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts BEGIN SELECT RAISE(ABORT, 'x'); END")
            db.commit()
            """, scratch.state.appendingPathComponent("airlock.sqlite").path])
        #expect(run.status == 0, "\(run.output)")
        return scratch.state
    }

    /// What an import may change: bundles, blob files, log leaves.
    static func footprint(_ state: URL) throws -> (bundles: [String], blobs: Int, leaves: Int) {
        let blobs = try FileManager.default.contentsOfDirectory(atPath: state.appendingPathComponent("blobs/sha256").path).count
        let run = try Tool.python3.run(["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM log_leaves').fetchone()[0])",
                                        state.appendingPathComponent("airlock.sqlite").path])
        return (try ImportService(stateDirectory: state).bundles().map(\.id), blobs, Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
    }

    static func refusal(_ archive: URL, state: URL) -> ApplianceError? {
        do {
            _ = try ImportService(stateDirectory: state).importBundle(at: archive)
            return nil
        } catch {
            return error
        }
    }

    @Test("a new archive on a tampered log: refused naming the edited verdict, and no bundle, blob or leaf is stored")
    func newArchiveRefused() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        let state = try Self.tamperedState(scratch)
        let before = try Self.footprint(state)
        let error = try #require(Self.refusal(try BundleIntakeTests.imagelessTar(scratch), state: state))
        #expect(error.code == "decision-log-tampered")
        #expect(error.reason.contains("verdict 1: record differs from log leaf") && error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
        let after = try Self.footprint(state)
        #expect(after.bundles == before.bundles && after.blobs == before.blobs && after.leaves == before.leaves, "\(before) \(after)")
    }

    @Test("a corrupt archive on a tampered log: the guard's refusal, not the archive's error (which an intact log gives)")
    func guardRefusalWins() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        let corrupt = try scratch.write(Data(repeating: 0x5A, count: 4096), as: "corrupt.tar")
        let intact = try #require(Self.refusal(corrupt, state: try Self.tamperedState(scratch, tamper: false)))
        #expect(intact.code != "decision-log-tampered", "\(intact.code): \(intact.reason)")
        let other = try ScratchDirectory("overlapped-guard")
        defer { other.remove() }
        let error = try #require(Self.refusal(corrupt, state: try Self.tamperedState(other)))
        #expect(error.code == "decision-log-tampered", "\(error.code): \(error.reason)")
        #expect(error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
    }

    @Test("the same archive again on a tampered log: refused too, though a re-import changes nothing")
    func reimportRefused() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        let state = try Self.tamperedState(scratch)
        let error = try #require(Self.refusal(Self.release, state: state))
        #expect(error.code == "decision-log-tampered" && error.reason.contains("rows.verdicts[0].rule"), "\(error.reason)")
    }

    // What this pins is the outcome; when the guard starts (before the policy loads) is speed and no test
    // can see it without timing.
    @Test("import --policy on a tampered log: refused and nothing is stored; a policy that does not load still answers first")
    func intakeOnTamperedLog() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        let state = try Self.tamperedState(scratch)
        let before = try Self.footprint(state)
        let tar = try BundleIntakeTests.imagelessTar(scratch)
        let failure = try #require(BundleIntakeTests.failure(.init(source: tar, policyPath: BundleIntakeTests.policy), state: state))
        #expect(failure.error.code == "decision-log-tampered", "\(failure.error.code): \(failure.error.reason)")
        #expect(failure.error.reason.contains("rows.verdicts[0].rule"), "\(failure.error.reason)")
        #expect(failure.imported == nil)
        let after = try Self.footprint(state)
        #expect(after.bundles == before.bundles && after.blobs == before.blobs && after.leaves == before.leaves, "\(before) \(after)")
        let badPolicy = try #require(BundleIntakeTests.failure(.init(source: tar, policyPath: scratch.url("no-such-policy.yaml").path), state: state))
        #expect(badPolicy.error.kind == .badInput && badPolicy.error.description.contains("no-such-policy.yaml"),
                "\(badPolicy.error.code): \(badPolicy.error.reason)")
    }

    @Test("import --policy on a catalogue that does not open: a policy that does not load still answers first (the early guard's store opens after it)")
    func unreadablePolicyBeforeCatalogue() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.state, withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 4096).write(to: scratch.state.appendingPathComponent("airlock.sqlite"))
        let tar = try BundleIntakeTests.imagelessTar(scratch)
        let badPolicy = try #require(BundleIntakeTests.failure(.init(source: tar, policyPath: scratch.url("no-such-policy.yaml").path), state: scratch.state))
        #expect(badPolicy.error.kind == .badInput && badPolicy.error.description.contains("no-such-policy.yaml"),
                "\(badPolicy.error.code): \(badPolicy.error.reason)")
        #expect(badPolicy.imported == nil)
    }

    @Test("an endless archive on a tampered log: the import stops reading once its guard has refused, long before the entry limit")
    func stopsReadingOnRefusal() throws {
        let scratch = try ScratchDirectory("overlapped-guard")
        defer { scratch.remove() }
        let state = try Self.tamperedState(scratch)
        let fifo = scratch.url("endless.tar")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        signal(SIGPIPE, SIG_IGN)  // the writer learns the reader stopped from EPIPE
        var limits = Limits()
        limits.maxArchiveEntries = 20_000
        var entry = TarWriter()
        entry.add("same.txt", "the same small file, again and again")
        let bytes = entry.bytes
        let cap = limits.maxArchiveEntries
        // Writes entries until the reader goes away (EPIPE) or one past the limit, then closes: without the
        // stop, the import reads up to the limit; with it, it stops within the guard's few milliseconds.
        let written = Mutex(0)
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { done.signal() }
            var fd: Int32 = -1
            for _ in 0..<60_000 where fd < 0 {  // the reader opens within moments; give up after ~60 s
                fd = open(fifo.path, O_WRONLY | O_NONBLOCK)
                if fd < 0 { usleep(1_000) }
            }
            guard fd >= 0 else { return }
            defer { close(fd) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            while written.withLock({ $0 }) <= cap {
                let ok = bytes.withUnsafeBytes { raw -> Bool in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n <= 0 { return false }
                        offset += n
                    }
                    return true
                }
                guard ok else { return }
                written.withLock { $0 += 1 }
            }
        }
        writer.start()
        let error = #expect(throws: ApplianceError.self) {
            _ = try ImportService(stateDirectory: state, limits: limits).importBundle(at: fifo)
        }
        done.wait()
        #expect(error?.code == "decision-log-tampered", "\(String(describing: error))")
        let count = written.withLock { $0 }
        #expect(count > 0 && count < limits.maxArchiveEntries / 2, "entries written before the import stopped reading: \(count)")
    }
}
